//! Driving an evaluation round the way its users do: the organiser's forms,
//! slips read off the printed page, ballots filled in from the ballot page.

use super::{Client, Reply, TestApp, local_input};
use std::collections::BTreeSet;

/// The secretary opens a members round over the first `targets` members, on
/// two criteria, open from an hour ago for a week; its id.
pub async fn open_members_round(app: &TestApp, secretary: &mut Client, targets: usize) -> i64 {
    open_members_round_in(app.demo.branch.id, secretary, targets).await
}

/// The same in the branch `branch`, by its secretary.
pub async fn open_members_round_in(branch: i64, secretary: &mut Client, targets: usize) -> i64 {
    let path = format!("/organisations/{branch}/evaluations/new");
    let mut fields: Vec<(String, String)> = vec![
        ("kind".into(), "members".into()),
        ("title".into(), "2026年度党员民主评议".into()),
        ("criteria".into(), "study".into()),
        ("criteria".into(), "service".into()),
        ("opens_at".into(), local_input(-1)),
        ("closes_at".into(), local_input(24 * 7)),
        ("min_ballots".into(), "3".into()),
    ];
    for (i, (label, score, good)) in [
        ("好", "100", true),
        ("较好", "80", true),
        ("一般", "60", false),
        ("差", "40", false),
    ]
    .iter()
    .enumerate()
    {
        fields.push((format!("level-{i}-label"), (*label).into()));
        fields.push((format!("level-{i}-score"), (*score).into()));
        if *good {
            fields.push((format!("level-{i}-good"), "1".into()));
        }
    }
    for i in 0..targets {
        fields.push(("target".into(), i.to_string()));
    }
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = secretary.post_form(&path, &refs).await;
    assert_eq!(
        res.status,
        axum::http::StatusCode::SEE_OTHER,
        "{}",
        res.body
    );
    res.location()
        .trim_start_matches("/evaluations/")
        .parse()
        .unwrap()
}

/// The codes printed on a sheet of slips.
pub fn codes_on(html: &str) -> Vec<String> {
    html.split("<p class=\"code\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_string())
        .collect()
}

/// Makes `n` slips for the round; their codes.
pub async fn slips(client: &mut Client, round: i64, n: usize) -> Vec<String> {
    let res = client
        .post_form(
            &format!("/evaluations/{round}/slips"),
            &[
                ("count", &n.to_string()),
                ("scope", ""),
                ("label", "座谈会"),
            ],
        )
        .await;
    assert_eq!(res.status, axum::http::StatusCode::OK, "{}", res.body);
    let codes = codes_on(&res.body);
    assert_eq!(codes.len(), n);
    codes
}

/// The rating fields of a ballot page: `r-TARGET-CRITERION`.
pub fn rating_fields(html: &str) -> Vec<String> {
    html.split("name=\"r-")
        .skip(1)
        .map(|s| format!("r-{}", s.split('"').next().unwrap()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Opens the ballot a code covers and casts it with every rating at `level`.
pub async fn vote(client: &mut Client, code: &str, level: usize, comment: &str) -> Reply {
    let page = client.post_form("/vote", &[("code", code)]).await;
    assert_eq!(page.status, axum::http::StatusCode::OK, "{}", page.body);
    let mut fields: Vec<(String, String)> = vec![("code".into(), code.into())];
    let ratings = rating_fields(&page.body);
    assert!(!ratings.is_empty(), "a ballot with ratings: {}", page.body);
    for r in &ratings {
        fields.push((r.clone(), level.to_string()));
    }
    if let Some(first) = ratings.first() {
        let target = first.split('-').nth(1).unwrap();
        fields.push((format!("c-{target}"), comment.into()));
    }
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client.post_form("/vote/cast", &refs).await
}

/// The receipt on a receipt page.
pub fn receipt_on(html: &str) -> String {
    html.split("id=\"receipt\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap_or_default()
        .to_string()
}
