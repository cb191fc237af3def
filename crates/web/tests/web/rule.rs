//! The rule library through the router, on both databases: a rule written
//! with the case it came from, refused field by field, adopted (its people
//! told, on the portal), revised, compared, printed, listed in a workbook
//! and repealed; an internal rule stays off the portal.

use crate::support::TestApp;
use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use store::commendation::NewCase;

const V1: &str =
    "第一条 支部每月召开一次支部大会。\n第二条 每季度上一次党课。\n第三条 会议有记录。";
const V2: &str = "第一条 支部每月召开一次支部大会。\n第二条 每月上一次党课。\n第三条 会议有记录。";

async fn a_rule_is_written_adopted_revised_and_repealed(app: TestApp) {
    let branch = app.demo.branch.id;
    let store = &app.db.store;
    let case = store
        .add_case(
            "office",
            &NewCase {
                org_id: branch,
                person_id: None,
                honour_id: None,
                subject: "机关支部".into(),
                title: "党课进社区".into(),
                story: "每月一次。".into(),
                files: vec![],
            },
        )
        .await
        .unwrap();
    store.review_case("office", case, true, None).await.unwrap();
    let today = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME);
    let list = format!("/organisations/{branch}/rules");
    let mut s = app.signed_in("secretary").await;
    assert!(
        s.get(&format!("/organisations/{branch}"))
            .await
            .body
            .contains(&list)
    );
    let form = s.get(&list).await;
    assert!(
        form.body.contains(&format!("value=\"case:{case}\"")),
        "the case is offered"
    );

    // Refused beside each field, what was typed kept, nothing stored.
    let res = s
        .post_form(
            &list,
            &[
                ("title", ""),
                ("visibility", "public"),
                ("origin", "case:999999"),
                ("text", V1),
                ("effective_on", "明天"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for f in ["title", "origin", "effective_on"] {
        assert!(res.body.contains(&format!("id=\"{f}-error\"")), "{f}");
    }
    assert!(res.body.contains("第二条 每季度上一次党课"));
    assert!(store.rules_of(branch, false).await.unwrap().is_empty());

    let res = s
        .post_form(
            &list,
            &[
                ("title", "三会一课制度"),
                ("visibility", "public"),
                ("origin", &format!("case:{case}")),
                ("origin_note", "党课进社区的做法"),
                ("text", V1),
                ("effective_on", &today.to_string()),
                ("note", "首次制定"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = res.location().to_string();
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let mut visitor = app.client();
    assert_ne!(
        visitor.get(&page).await.status,
        StatusCode::OK,
        "a draft is not public"
    );
    let v1 = store.rule(id).await.unwrap().versions[0].id;
    let res = s
        .post_form(&format!("/rule-versions/{v1}/adoption"), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let mut member = app.signed_in("member").await;
    assert!(
        member.get("/inbox").await.body.contains(&page),
        "its people are told"
    );
    let portal = visitor.get(&format!("/p/{branch}")).await.body;
    assert!(portal.contains(&format!("/p/{branch}/rules")));
    let public = visitor.get(&format!("/p/{branch}/rules")).await.body;
    assert!(public.contains("三会一课制度"));
    let shown = visitor.get(&page).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(
        shown.body.contains(&format!("/cases/{case}")),
        "it names where it came from"
    );

    // Revised: one draft at a time; not in force before the version it replaces.
    let versions = format!("{page}/versions");
    let earlier = domain::date::Day(today.0 - time::Duration::days(10)).to_string();
    let res = s
        .post_form(
            &versions,
            &[
                ("text", V2),
                ("effective_on", &earlier),
                ("note", "党课改为每月"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = s
        .post_form(&versions, &[("text", V2), ("effective_on", &earlier)])
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let v2 = store.rule(id).await.unwrap().versions[0].id;
    let res = s
        .post_form(&format!("/rule-versions/{v2}/adoption"), &[])
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("不能早于现行版本"), "{}", res.body);
    let res = s
        .post_form(
            &format!("/rule-versions/{v2}"),
            &[
                ("draft_text", V2),
                ("draft_effective_on", &today.to_string()),
                ("draft_note", "党课改为每月"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    s.post_form(&format!("/rule-versions/{v2}/adoption"), &[])
        .await;
    let r = store.rule(id).await.unwrap();
    assert_eq!(r.in_force.map(|(n, _)| n), Some(2));
    assert_eq!(r.versions[1].status.as_str(), "superseded");

    // Compared line by line, on the page and over the API.
    let compared = visitor.get(&format!("{page}?from=1&to=2")).await.body;
    assert!(compared.contains("diff-removed") && compared.contains("diff-added"));
    let token = app.api_token("member").await;
    let diff = visitor
        .api(
            "GET",
            &format!("/api/v1/rules/{id}/diff"),
            Some(&token),
            None,
        )
        .await;
    let lines = diff.json()["lines"].as_array().unwrap().clone();
    let changed: Vec<(&str, &str)> = lines
        .iter()
        .filter(|l| l["change"] != "same")
        .map(|l| (l["change"].as_str().unwrap(), l["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        changed,
        [
            ("removed", "第二条 每季度上一次党课。"),
            ("added", "第二条 每月上一次党课。")
        ]
    );

    // The print and the workbook.
    let print = visitor.get(&format!("{page}/print")).await.body;
    assert!(print.contains("第2版") && print.contains("每月上一次党课"));
    let xlsx = s.get(&format!("{list}.xlsx")).await;
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let row = sheet
        .rows()
        .find(|r| r[0] == Data::String("三会一课制度".into()))
        .unwrap();
    assert_eq!(row[3], Data::Float(2.0));
    assert!(matches!(row[4], Data::DateTime(_)), "{:?}", row[4]);

    // Repealed with a reason: off the portal.
    let res = s
        .post_form(
            &format!("{page}/repeal"),
            &[("repealed_on", &today.to_string()), ("reason", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"reason-error\""));
    s.post_form(
        &format!("{page}/repeal"),
        &[
            ("repealed_on", &today.to_string()),
            ("reason", "并入新的组织生活制度"),
        ],
    )
    .await;
    assert!(
        !visitor
            .get(&format!("/p/{branch}/rules"))
            .await
            .body
            .contains("三会一课制度")
    );
    assert!(
        visitor
            .get(&page)
            .await
            .body
            .contains("并入新的组织生活制度")
    );
}

#[tokio::test]
async fn a_rule_is_written_adopted_revised_and_repealed_on_sqlite() {
    a_rule_is_written_adopted_revised_and_repealed(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_rule_is_written_adopted_revised_and_repealed_on_postgres() {
    a_rule_is_written_adopted_revised_and_repealed(TestApp::postgres().await).await;
}

#[tokio::test]
async fn an_internal_rule_stays_inside_and_the_api_writes_one() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let token = app.api_token("secretary").await;
    let mut c = app.client();
    let rules = format!("/api/v1/organisations/{branch}/rules");
    let body = |effective_on: &str| {
        Some(serde_json::json!({
            "title": "财务管理办法", "visibility": "internal",
            "version": {"text": "第一条 专款专用。", "effective_on": effective_on}
        }))
    };
    let res = c
        .api("POST", &rules, Some(&token), body("2026-13-40"))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["errors"][0]["field"], "effective_on");
    let res = c
        .api("POST", &rules, Some(&token), body("2026-12-01"))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = res.json()["id"].as_i64().unwrap();
    let rule = c
        .api("GET", &format!("/api/v1/rules/{id}"), Some(&token), None)
        .await
        .json();
    let version = rule["versions"][0]["id"].as_i64().unwrap();
    let res = c
        .api(
            "POST",
            &format!("/api/v1/rule-versions/{version}/adoption"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["status"], "in_force");
    let public = c
        .api(
            "GET",
            &format!("/api/v1/organisations/{branch}/rules"),
            None,
            None,
        )
        .await
        .json();
    assert!(
        public.as_array().unwrap().is_empty(),
        "internal rules stay inside"
    );
    let visitor = app.client().get(&format!("/rules/{id}")).await;
    assert!(
        visitor.location().starts_with("/login"),
        "a visitor is asked to sign in"
    );
    let member = app.api_token("member").await;
    let theirs = c
        .api(
            "GET",
            &format!("/api/v1/organisations/{branch}/rules"),
            Some(&member),
            None,
        )
        .await
        .json();
    assert_eq!(
        theirs.as_array().unwrap().len(),
        1,
        "the branch's people read it"
    );
}
