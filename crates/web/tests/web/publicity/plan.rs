//! The publicity plan through the router: an item due outside its phase is
//! refused beside its field; one planned tells its owner and shows on their
//! to-do home, overdue once its day has passed; linking a published piece
//! marks it done; the page prints and the workbook holds real dates.

use crate::support::TestApp;
use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use domain::publicity::{PublicationKind, PublicationStep, render};
use store::publicity::PublicationText;

#[tokio::test]
async fn an_item_is_planned_inside_its_phase_and_done_by_a_publication() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let store = &app.db.store;
    let phase = app.demo.plan.phases[0].clone();
    let member = app.person_id("member").await;
    let plan = format!("/organisations/{branch}/publicity-plan");
    let mut s = app.signed_in("secretary").await;
    let list = s
        .get(&format!("/organisations/{branch}/publications"))
        .await;
    assert!(list.body.contains(&plan), "reached from the publications");
    let page = s.get(&plan).await;
    assert!(
        page.body.contains("建党90周年"),
        "the plan's time nodes are offered"
    );

    // Due after its phase ends: refused beside the field, nothing stored.
    let after = domain::date::Day(phase.ends_on.0 + time::Duration::days(1)).to_string();
    let fields = |due: &str| {
        vec![
            ("phase".to_string(), phase.key.clone()),
            ("occasion".into(), "建党90周年".into()),
            ("title".into(), "“七一”表彰先进典型专题报道".into()),
            ("channel".into(), "website".into()),
            ("owner".into(), member.to_string()),
            ("due_on".into(), due.to_string()),
        ]
    };
    let typed = fields(&after);
    let res = s.post_form(&plan, &pairs(&typed)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"due_on-error\""));
    assert!(
        res.body.contains(&phase.starts_on.to_string()),
        "the phase's dates are named"
    );
    assert!(
        res.body.contains("七一”表彰先进典型专题报道"),
        "what was typed is kept"
    );
    assert!(store.publicity_items(branch).await.unwrap().is_empty());

    // Due on the phase's first day, which has passed: the owner is told, it is overdue.
    let typed = fields(&phase.starts_on.to_string());
    let res = s.post_form(&plan, &pairs(&typed)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let mut m = app.signed_in("member").await;
    assert!(m.get("/inbox").await.body.contains(&plan));
    let home = m.get("/").await.body;
    assert!(home.contains("项已逾期") && home.contains(&plan), "{home}");
    let page = s.get(&plan).await.body;
    assert!(page.contains("已逾期"));

    // The clock tells the owner and the secretary it is overdue, once.
    let today = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME);
    assert_eq!(
        store.tell_due_publicity_items(today, 3).await.unwrap(),
        (0, 1)
    );
    assert_eq!(
        store.tell_due_publicity_items(today, 3).await.unwrap(),
        (0, 0),
        "once"
    );
    assert!(s.get("/inbox").await.body.contains("已逾期"));
    let soon = store::publicity::NewPublicityItem {
        org_id: branch,
        phase_key: phase.key.clone(),
        occasion: String::new(),
        title: "明天到期的短信".into(),
        channel_key: "sms".into(),
        owner_person_id: member,
        due_on: today.add_days(1),
    };
    store.add_publicity_item("secretary", &soon).await.unwrap();
    assert_eq!(
        store.tell_due_publicity_items(today, 3).await.unwrap(),
        (1, 0)
    );
    assert!(m.get("/inbox").await.body.contains("明天到期的短信"));

    // A published piece marks it done.
    let text = PublicationText {
        kind: PublicationKind::News,
        number: None,
        title: "表彰先进典型".into(),
        body: "正文".into(),
        body_html: render("正文"),
        issuer: String::new(),
        images: vec![],
    };
    let p = store
        .add_publication("member", branch, &text)
        .await
        .unwrap();
    let item = store.publicity_items(branch).await.unwrap()[0].id;
    let link = format!("/publicity-items/{item}/publication");
    let res = m.post_form(&link, &[("publication", &p.to_string())]).await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not before it is published"
    );
    for step in [PublicationStep::Submit, PublicationStep::Publish] {
        store
            .step_publication("secretary", p, step, None)
            .await
            .unwrap();
    }
    let res = m.post_form(&link, &[("publication", &p.to_string())]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(s.get(&plan).await.body.contains("已完成"));
    assert!(!m.get("/").await.body.contains("项已逾期"));

    // The workbook: the due day as a date, the state as a word.
    let xlsx = s.get(&format!("{plan}.xlsx")).await;
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let row = sheet.rows().nth(1).unwrap();
    assert!(matches!(row[5], Data::DateTime(_)), "{:?}", row[5]);
    assert_eq!(row[6], Data::String("已完成".into()));

    // Over the API: an unknown channel is named.
    let token = app.api_token("secretary").await;
    let body = serde_json::json!({
        "phase": phase.key, "title": "短信提醒", "channel": "fax",
        "owner_person_id": member, "due_on": phase.ends_on.to_string()
    });
    let res = app
        .client()
        .api("POST", &format!("/api/v1{plan}"), Some(&token), Some(body))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["errors"][0]["field"], "channel");
    let items = app
        .client()
        .api("GET", &format!("/api/v1{plan}"), Some(&token), None)
        .await;
    assert_eq!(items.json()[0]["state"], "done");
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}
