//! Supervision through the router: the dashboard for those over a branch and
//! not for its members; a spot check refused when its sample outgrows the
//! population, its seed not yet out, or the secret wrong; a circular drafted,
//! edited, published once (a second for the period refused), in the branches'
//! inboxes; the API's answers.

use crate::support::TestApp;
use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use domain::secret::digest;

#[tokio::test]
async fn the_office_supervises_spot_checks_and_circulates_progress() {
    let app = TestApp::sqlite().await;
    let root = app.demo.root.id;
    let branch = app.demo.branch.id;
    let today = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME);
    let mut office = app.signed_in("office").await;
    let mut member = app.signed_in("member").await;

    let board = office
        .get(&format!("/organisations/{root}/supervision"))
        .await;
    assert_eq!(board.status, StatusCode::OK);
    assert!(board.body.contains(&format!("id=\"line-{branch}\"")));
    assert_eq!(
        member
            .get(&format!("/organisations/{branch}/supervision"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // The dashboard's workbook: a line per branch, members as numbers and
    // every figure a percentage cell or empty.
    let sheet = office
        .get(&format!("/organisations/{root}/supervision.xlsx"))
        .await;
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(sheet.bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<_> = range.rows().collect();
    assert_eq!(rows[0][1].to_string(), "党员数");
    let line = rows
        .iter()
        .find(|r| r[0].to_string() == app.demo.branch.name)
        .unwrap();
    assert!(matches!(line[1], Data::Float(n) if n > 20.0));
    assert!(
        line[2..11]
            .iter()
            .all(|c| matches!(c, Data::Float(_) | Data::Empty))
    );
    // The overdue workbook: due days as dates, days overdue as numbers.
    let sheet = office
        .get(&format!("/organisations/{root}/overdue.xlsx"))
        .await;
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(sheet.bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    assert!(range.rows().count() > 1, "the demo has overdue items");
    for r in range.rows().skip(1) {
        assert!(matches!(r[4], Data::DateTime(_)), "{:?}", r[4]);
        assert!(matches!(r[5], Data::Float(_)));
    }
    assert_eq!(
        office
            .get(&format!("/organisations/{root}/overdue"))
            .await
            .status,
        StatusCode::OK
    );

    // A spot check: too large a sample, then the secret's day not come.
    let path = format!("/organisations/{root}/spot-checks");
    let secret = "秘密";
    let announce = |size: &str, draw_on: String| {
        vec![
            ("title".to_string(), "台账抽查".to_string()),
            ("kind".to_string(), "study_ledgers".to_string()),
            ("scope".to_string(), root.to_string()),
            ("sample_size".to_string(), size.to_string()),
            ("seed_kind".to_string(), "commit".to_string()),
            ("seed_hash".to_string(), digest(secret)),
            ("draw_on".to_string(), draw_on),
        ]
    };
    let f = announce("100000", today.to_string());
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = office.post_form(&path, &refs).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"sample_size-error\""));
    let f = announce("2", today.add_days(3).to_string());
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = office.post_form(&path, &refs).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let check = res.location().to_string();
    let res = office
        .post_form(&format!("{check}/draw"), &[("seed", secret)])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"seed-error\"") && res.body.contains("种子尚未揭晓"));
    // The member cannot announce one.
    let res = member.post_form(&path, &refs).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The public sees the announcement with its hash.
    let id = check.rsplit('/').next().unwrap();
    let public = app.client().get(&format!("/p/spot-checks/{id}")).await;
    assert!(public.body.contains(&digest(secret)));

    // A circular for last month: drafted, edited, published once.
    let path = format!("/organisations/{root}/circulars");
    let last_month = today.add_days(-(i64::from(today.0.day()) + 1)).to_string();
    let res = office.post_form(&path, &[("period", &last_month)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let circular = res.location().to_string();
    let again = office.post_form(&path, &[("period", &last_month)]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("这一期已经有通报了"));
    let res = office
        .post_form(&circular, &[("title", ""), ("body", "正文")])
        .await;
    assert!(res.body.contains("id=\"title-error\""));
    let res = office
        .post_form(
            &circular,
            &[
                ("title", "关于上月进展的通报"),
                ("body", "各支部进展顺利。"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // Before publication a branch's member cannot read it; after, they can.
    assert_eq!(member.get(&circular).await.status, StatusCode::FORBIDDEN);
    let res = office.post_form(&format!("{circular}/publish"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = member.get(&circular).await;
    assert!(page.body.contains("第1期") && page.body.contains("各支部进展顺利"));
    let mut sec = app.signed_in("secretary").await;
    assert!(sec.get("/inbox").await.body.contains("第1期通报"));
    let res = office
        .post_form(&circular, &[("title", "改"), ("body", "改")])
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let sheet = office.get(&format!("{circular}/circular.xlsx")).await;
    assert!(sheet.bytes.starts_with(b"PK"));

    // The API answers typed figures.
    let token = app.api_token("office").await;
    let res = app
        .client()
        .api(
            "GET",
            &format!("/api/v1/organisations/{root}/supervision"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(v["indicators"].as_array().unwrap().len(), 9);
    assert!(
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["org_id"] == branch)
    );
}
