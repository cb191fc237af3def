//! A message to a group through the page: refused beside its field when
//! empty, queued for each member of a party group with a number, and sent at
//! the gateway on both databases; members may not send.

use super::sinks::{config, gateway};
use crate::support::TestApp;
use axum::http::StatusCode;
use chuangxian_web::AppState;
use chuangxian_web::inbox::channels::send_due;
use std::sync::Arc;
use std::sync::atomic::AtomicU16;

async fn a_group_message_reaches_each_member_with_a_number_at_the_gateway(app: TestApp) {
    let branch = app.demo.branch.id;
    let page = format!("/organisations/{branch}/messages");
    let mut secretary = app.signed_in("secretary").await;
    assert!(
        secretary
            .get(&format!("/organisations/{branch}"))
            .await
            .body
            .contains(&page)
    );
    let res = secretary
        .post_form(
            &page,
            &[("audience", "all"), ("channel", "sms"), ("text", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"text-error\""));
    assert_eq!(
        app.db.store.outbox_counts("sms").await.unwrap(),
        (0, 0, 0),
        "nothing queued"
    );

    // To one party group: its members only.
    let group = app.db.store.children(branch).await.unwrap()[0].clone();
    let text = "请于本周五下午三点到会议室参加支部党员大会。";
    let res = secretary
        .post_form(
            &page,
            &[
                ("audience", &group.id.to_string()),
                ("channel", "sms"),
                ("text", text),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let members = app
        .db
        .store
        .all_people(&app.demo.branch.path)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.party_group.as_deref() == Some(group.name.as_str()))
        .count() as i64;
    assert!(members > 0);
    assert_eq!(
        app.db.store.outbox_counts("sms").await.unwrap(),
        (members, 0, 0)
    );

    let (sms, texts) = gateway(Arc::new(AtomicU16::new(200))).await;
    let state = AppState::new(app.db.store.clone(), config("smtp://127.0.0.1:9", &sms));
    send_due(&state).await.unwrap();
    assert_eq!(texts.lock().unwrap().len() as i64, members);
    assert_eq!(
        app.db.store.outbox_counts("sms").await.unwrap(),
        (0, members, 0)
    );
    // A member may not send to the branch.
    let mut member = app.signed_in("member").await;
    assert_eq!(member.get(&page).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_group_message_reaches_each_member_with_a_number_at_the_gateway_on_sqlite() {
    a_group_message_reaches_each_member_with_a_number_at_the_gateway(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_group_message_reaches_each_member_with_a_number_at_the_gateway_on_postgres() {
    a_group_message_reaches_each_member_with_a_number_at_the_gateway(TestApp::postgres().await)
        .await;
}

#[tokio::test]
async fn a_message_to_those_behind_on_their_study_reaches_them_only() {
    let app = TestApp::sqlite().await;
    let branch = app.db.store.organisation(app.demo.branch.id).await.unwrap();
    let state = AppState::new(app.db.store.clone(), chuangxian_web::Config::default());
    let compliance = chuangxian_web::study::standing::branch_compliance(&state, &branch)
        .await
        .unwrap();
    let laggards: Vec<i64> = compliance
        .rows
        .iter()
        .filter(|r| r.lagging())
        .map(|r| r.person_id)
        .collect();
    let people = app.db.store.all_people(&branch.path).await.unwrap();
    let with_phone = |ids: &[i64]| {
        people
            .iter()
            .filter(|p| ids.contains(&p.id) && p.phone.as_deref().is_some_and(|n| !n.is_empty()))
            .count() as i64
    };
    assert!(
        with_phone(&laggards) > 0,
        "the demo branch has laggards with numbers"
    );
    assert!(
        laggards.len() < people.len(),
        "and people who keep up, who must not get it"
    );

    let page = format!("/organisations/{}/messages", branch.id);
    let mut secretary = app.signed_in("secretary").await;
    assert!(
        secretary
            .get(&page)
            .await
            .body
            .contains("value=\"laggards\"")
    );
    let res = secretary
        .post_form(
            &page,
            &[
                ("audience", "laggards"),
                ("channel", "sms"),
                ("text", "请抓紧完成本月的学习任务。"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let queued = app.db.store.outbox(Some("pending"), 500).await.unwrap();
    assert_eq!(queued.len() as i64, with_phone(&laggards));
    let numbers: Vec<&str> = people
        .iter()
        .filter(|p| !laggards.contains(&p.id))
        .filter_map(|p| p.phone.as_deref())
        .collect();
    assert!(
        queued
            .iter()
            .all(|m| !numbers.contains(&m.recipient.as_str())),
        "nobody who keeps up is sent it"
    );
}
