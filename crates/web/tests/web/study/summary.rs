//! A campaign office's study summary over a tree of several levels: a line per
//! organisation, or per direct subordinate with its subtree summed, opening
//! into that subordinate's own summary; on the page, in Excel and in the API.

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use calamine::{Reader, Xlsx};
use domain::organisation::OrgKind;

#[tokio::test]
async fn a_summary_by_subordinate_sums_each_subtree_and_opens_into_its_own_summary() {
    let app = TestApp::postgres().await;
    let store = &app.db.store;
    let root = &app.demo.root;
    // A working committee (工委) under the demo's root, with two branches of
    // three readers each who have not read since the campaign began.
    let committee = store
        .create_organisation("test", Some(root), OrgKind::Committee, "机关工委")
        .await
        .unwrap();
    let mut branches = Vec::new();
    for name in ["第一支部", "第二支部"] {
        branches.push(
            store
                .create_organisation("test", Some(&committee), OrgKind::Branch, name)
                .await
                .unwrap(),
        );
    }
    let since = format!("{}T00:00:00Z", app.demo.first_phase.0);
    store.bench_people(&branches, 3, &since).await.unwrap();
    let everyone = store.all_people(&root.path).await.unwrap().len();
    let at_root = everyone - 6 - store.all_people(&app.demo.branch.path).await.unwrap().len();

    let mut office = app.signed_in("office").await;
    let line = |body: &str, id: i64| -> String {
        body.split(&format!("id=\"line-{id}\""))
            .nth(1)
            .unwrap_or_else(|| panic!("no line for {id}"))
            .split("</tr>")
            .next()
            .unwrap()
            .to_string()
    };
    let lines = |body: &str| body.matches("<tr id=\"line-").count();

    // Each organisation on its line: the root's own people, the demo branch and
    // the two new branches; the committee has nobody of its own.
    let flat = office
        .get(&format!("/organisations/{}/study/summary", root.id))
        .await;
    assert_eq!(lines(&flat.body), 4);
    assert!(!flat.body.contains(&format!("id=\"line-{}\"", committee.id)));

    // By direct subordinate: the root's own people, the demo branch, and the
    // committee with both its branches summed, opening into its own summary.
    let by = office
        .get(&format!(
            "/organisations/{}/study/summary?by=subordinate",
            root.id
        ))
        .await;
    assert_eq!(by.status, StatusCode::OK);
    assert_eq!(lines(&by.body), 3);
    assert!(
        by.body.contains(&format!(
            "name=\"back\" value=\"/organisations/{}/study/summary?by=subordinate\"",
            root.id
        )),
        "the language switch keeps the grouping"
    );
    let c = line(&by.body, committee.id);
    assert!(c.contains("<td>6</td>"), "{c}");
    assert!(
        c.contains(&format!(
            "/organisations/{}/study/summary?by=subordinate",
            committee.id
        )),
        "{c}"
    );
    let own = line(&by.body, root.id);
    assert!(
        own.contains("（本级）") && own.contains(&format!("<td>{at_root}</td>")),
        "{own}"
    );
    let branch = line(&by.body, app.demo.branch.id);
    assert!(
        branch.contains(&format!("/organisations/{}/study\"", app.demo.branch.id)),
        "{branch}"
    );
    // Both ways count everyone once.
    let total = |body: &str| line_total(body);
    assert_eq!(total(&flat.body), everyone.to_string());
    assert_eq!(total(&by.body), everyone.to_string());

    // The committee's own summary breaks it down into its branches.
    let inner = office
        .get(&format!(
            "/organisations/{}/study/summary?by=subordinate",
            committee.id
        ))
        .await;
    assert_eq!(lines(&inner.body), 2);
    for b in &branches {
        let l = line(&inner.body, b.id);
        assert!(
            l.contains("<td>3</td>") && l.contains(&format!("/organisations/{}/study\"", b.id)),
            "{l}"
        );
        // Nobody has read: lagging on the daily quota.
        assert!(l.contains("class=\"low\">0%"), "{l}");
    }

    // The workbook follows the grouping: header, total, one row per line.
    let book = office
        .get(&format!(
            "/organisations/{}/study/summary.xlsx?by=subordinate",
            root.id
        ))
        .await;
    let mut xlsx: Xlsx<_> = Xlsx::new(std::io::Cursor::new(book.bytes)).unwrap();
    let sheet = xlsx.worksheet_range("下级学习汇总").unwrap();
    assert_eq!(sheet.height(), 1 + 1 + 3);
    let names: Vec<String> = (2..5)
        .map(|r| sheet.get((r, 0)).unwrap().to_string())
        .collect();
    assert!(names.contains(&"机关工委".to_string()), "{names:?}");

    // The API takes the same choice.
    let token = app.api_token("office").await;
    let res = app
        .client()
        .send(
            Request::builder()
                .uri(format!(
                    "/api/v1/organisations/{}/study/summary?by=subordinate",
                    root.id
                ))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let json = res.json();
    let api_lines = json["lines"].as_array().unwrap();
    assert_eq!(api_lines.len(), 3);
    let c = api_lines
        .iter()
        .find(|l| l["org_id"] == committee.id)
        .unwrap();
    assert_eq!(
        (c["people"].clone(), c["breaks_down"].clone()),
        (6.into(), true.into())
    );
    assert_eq!(json["total"]["people"], everyone);
}

/// The number of people on the summary's total line.
fn line_total(body: &str) -> String {
    body.split("<tr class=\"total\">")
        .nth(1)
        .unwrap()
        .split("<td>")
        .nth(2)
        .unwrap()
        .split("</td>")
        .next()
        .unwrap()
        .to_string()
}
