//! The study programme over the JSON API: refused rows, the table, files and
//! reminders to people without an account.

use super::today;
use crate::support::{TestApp, local_input};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

#[tokio::test]
async fn the_study_api_refuses_a_bad_row_and_reads_the_table() {
    let app = TestApp::postgres().await;
    let mut c = app.client();
    let token = app.api_token("member").await;
    let body = serde_json::json!({
        "days": [{ "day": today(), "minutes": 60 }, { "day": today(), "minutes": 2000 }]
    });
    let res = c
        .api("PUT", "/api/v1/me/study/reading", Some(&token), Some(body))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["errors"][0]["index"], 1, "the second row");
    assert_eq!(res.json()["errors"][0]["field"], "minutes");
    let res = c
        .api(
            "PUT",
            "/api/v1/me/study/reading",
            Some(&token),
            Some(serde_json::json!({ "days": [{ "day": today(), "minutes": 75 }] })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let mine = c
        .api(
            "GET",
            "/api/v1/me/study",
            Some(&token),
            Some(serde_json::json!(null)),
        )
        .await
        .json();
    let daily = mine["quotas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["key"] == "daily_reading")
        .unwrap()
        .clone();
    assert_eq!(daily["running"]["done"], 75);

    let secretary = app.api_token("secretary").await;
    let branch = app.demo.branch.id;
    let table = c
        .api(
            "GET",
            &format!("/api/v1/organisations/{branch}/study"),
            Some(&secretary),
            Some(serde_json::json!(null)),
        )
        .await;
    assert_eq!(table.status, StatusCode::OK);
    let member = app.person_id("member").await;
    let rows = table.json()["table"]["rows"].as_array().unwrap().clone();
    let row = rows.iter().find(|r| r["person_id"] == member).unwrap();
    assert_eq!(
        row["cells"][0]["running"],
        serde_json::json!({ "done": 75, "target": 60 })
    );
    // The table comes a page at a time; the laggards' ids are all there.
    let paged = c
        .api(
            "GET",
            &format!("/api/v1/organisations/{branch}/study?page=2&per_page=10"),
            Some(&secretary),
            Some(serde_json::json!(null)),
        )
        .await
        .json();
    assert_eq!(paged["count"].as_u64().unwrap() as usize, rows.len());
    assert_eq!(
        (paged["page"].clone(), paged["per_page"].clone()),
        (2.into(), 10.into())
    );
    let second: Vec<_> = paged["table"]["rows"].as_array().unwrap().clone();
    assert_eq!(second.len(), 10);
    assert_eq!(second[0]["person_id"], rows[10]["person_id"]);
    assert_eq!(paged["lagging"], table.json()["lagging"]);
    let forbidden = c
        .api(
            "GET",
            &format!("/api/v1/organisations/{branch}/study"),
            Some(&token),
            Some(serde_json::json!(null)),
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

    let office = app.api_token("office").await;
    let summary = c
        .api(
            "GET",
            &format!("/api/v1/organisations/{}/study/summary", app.demo.root.id),
            Some(&office),
            Some(serde_json::json!(null)),
        )
        .await
        .json();
    let line = summary["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["org_id"] == branch)
        .unwrap()
        .clone();
    // Ended daily periods met in the branch: what the table says, summed.
    let met: u64 = rows
        .iter()
        .filter_map(|r| r["cells"][0]["met"].as_u64())
        .sum();
    assert_eq!(line["cells"][0]["met"].as_u64().unwrap(), met);
    let first = c
        .api(
            "GET",
            &format!(
                "/api/v1/organisations/{}/study/summary?per_page=1",
                app.demo.root.id
            ),
            Some(&office),
            Some(serde_json::json!(null)),
        )
        .await
        .json();
    assert_eq!(first["lines"].as_array().unwrap().len(), 1);
    assert_eq!(first["count"], summary["lines"].as_array().unwrap().len());
    assert_eq!(first["lines"][0], summary["lines"][0], "weakest first");
    assert_eq!(
        first["total"], summary["total"],
        "the total covers every page"
    );

    // A meeting through the API: a person outside the branch cannot be expected.
    let body = serde_json::json!({
        "kind": "study", "topic": "周学习", "starts_at": local_input(1),
        "expected": [app.person_id("office").await]
    });
    let res = c
        .api(
            "POST",
            &format!("/api/v1/organisations/{branch}/meetings"),
            Some(&secretary),
            Some(body),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = serde_json::json!({
        "kind": "study", "topic": "周学习", "starts_at": local_input(1), "expected": [member]
    });
    let res = c
        .api(
            "POST",
            &format!("/api/v1/organisations/{branch}/meetings"),
            Some(&secretary),
            Some(body),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = res.json()["id"].as_i64().unwrap();
    let res = c
        .api(
            "POST",
            &format!("/api/v1/meetings/{id}/attendance"),
            Some(&token),
            Some(serde_json::json!({ "marks": [] })),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let body = serde_json::json!({
        "marks": [
            { "person_id": member, "state": "present" },
            { "person_id": 1, "state": "absent" }
        ]
    });
    let res = c
        .api(
            "POST",
            &format!("/api/v1/meetings/{id}/attendance"),
            Some(&secretary),
            Some(body),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let shown = c
        .api(
            "GET",
            &format!("/api/v1/meetings/{id}"),
            Some(&token),
            Some(serde_json::json!(null)),
        )
        .await
        .json();
    assert_eq!(shown["attendees"][0]["state"], "expected");
    assert_eq!(
        shown["checkin_code"],
        serde_json::Value::Null,
        "members do not get the code"
    );
}

#[tokio::test]
async fn files_go_through_the_api_and_reminders_reach_people_without_an_account_by_sms() {
    let app = TestApp::sqlite().await;
    let mut c = app.client();
    let token = app.api_token("member").await;
    let body = serde_json::json!({
        "kind": "article", "title": "基层妇女创业调研", "day": today(), "body": "摘要"
    });
    let res = c
        .api("POST", "/api/v1/me/study/records", Some(&token), Some(body))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = res.json()["id"].as_i64().unwrap();
    let upload = |filename: &str, bytes: &[u8]| {
        Request::post(format!(
            "/api/v1/me/study/records/{id}/file?filename={filename}"
        ))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(bytes.to_vec()))
        .unwrap()
    };
    let res = c.send(upload("article.docx", b"%PDF-1.4 not a docx")).await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(res.json()["error"], "study-error-file-mismatch");
    let res = c.send(upload("article.pdf", b"%PDF-1.4\n%%EOF\n")).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let mine = c
        .api(
            "GET",
            "/api/v1/me/study",
            Some(&token),
            Some(serde_json::json!(null)),
        )
        .await
        .json();
    assert_eq!(mine["records"][0]["filename"], "article.pdf");
    // Someone else's record cannot take a file.
    let other = app.api_token("deputy").await;
    let res = c
        .send(
            Request::post(format!("/api/v1/me/study/records/{id}/file?filename=a.pdf"))
                .header(header::AUTHORIZATION, format!("Bearer {other}"))
                .body(Body::from(&b"%PDF-1.4"[..]))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // A member on the roster with a phone and no account, there since the start.
    let store = &app.db.store;
    let draft = domain::person::PersonDraft {
        name: "郭秀珍".into(),
        phone: Some("13905950001".into()),
        ..Default::default()
    };
    store
        .add_person("secretary", &app.demo.branch, None, &draft)
        .await
        .unwrap();
    store
        .set_people_added(
            &app.demo.branch.path,
            &format!("{}T00:00:00Z", app.demo.first_phase.0),
        )
        .await
        .unwrap();
    // A member with an account who chose SMS for their notices.
    let member = app.person_id("member").await;
    store
        .set_channel_preference(
            member,
            &store::inbox::ChannelPreference {
                sms: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let member_phone = store.person(member).await.unwrap().phone.unwrap();
    let secretary = app.api_token("secretary").await;
    let res = c
        .api(
            "POST",
            &format!(
                "/api/v1/organisations/{}/study/reminders",
                app.demo.branch.id
            ),
            Some(&secretary),
            Some(serde_json::json!(null)),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let outbox = store.outbox(None, 100).await.unwrap();
    let sms = outbox
        .iter()
        .find(|o| o.recipient == "13905950001")
        .expect("an SMS to the phone");
    assert_eq!(sms.channel, "sms");
    assert_eq!(sms.subject, "学习提醒");
    // The member's reminder is a notice: in the inbox, and on by SMS as they chose.
    assert!(
        outbox
            .iter()
            .any(|o| o.recipient == member_phone && o.subject == "notice-study-behind"),
        "{outbox:?}"
    );
}
