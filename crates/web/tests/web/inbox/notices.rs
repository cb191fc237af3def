//! The inbox: each step that waits for someone puts a notice in their inbox
//! and on their home, with a link.

use crate::support;
use crate::support::TestApp;
use crate::support::commitment::{draft_and_submit, phase};
use axum::http::StatusCode;

async fn inbox_of(app: &TestApp, username: &str) -> String {
    app.signed_in(username).await.get("/inbox").await.body
}

#[tokio::test]
async fn each_step_that_waits_for_someone_reaches_their_inbox_and_home() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let mut m = app.signed_in("member").await;
    draft_and_submit(&mut m, &app).await;
    let secretary = inbox_of(&app, "secretary").await;
    assert!(secretary.contains("提交了承诺，等待审批"), "{secretary}");
    assert!(secretary.contains(&format!("/organisations/{branch}/commitments#commitment-")));
    let home = app.signed_in("deputy").await.get("/").await.body;
    assert!(
        home.contains("id=\"todo\"") && home.contains("等待审批"),
        "on the to-do home"
    );

    let commitment = app
        .db
        .store
        .branch_commitments(branch, &phase(&app).await)
        .await
        .unwrap()[0]
        .id;
    let mut s = app.signed_in("secretary").await;
    let res = s
        .post_form(
            &format!("/commitments/{commitment}/decision"),
            &[("decision", "return"), ("reason", "写具体些")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = s.get(res.location()).await;
    assert!(
        page.body.contains("id=\"flash\"") && page.body.contains("已退回"),
        "a confirmation"
    );
    assert!(
        !s.get(res.location()).await.body.contains("id=\"flash\""),
        "shown once"
    );
    assert!(inbox_of(&app, "member").await.contains("被退回"));
    draft_and_submit(&mut m, &app).await;
    s.post_form(
        &format!("/commitments/{commitment}/decision"),
        &[("decision", "approve")],
    )
    .await;
    assert!(inbox_of(&app, "member").await.contains("已批准"));

    // A visitor's opinion waits for the secretary; shown, it reaches the member.
    let mut visitor = app.client();
    let res = visitor
        .post_form(
            &format!("/board/{branch}/opinions"),
            &[
                ("commitment_id", &commitment.to_string()),
                ("text", "希望多分享书单"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(inbox_of(&app, "secretary").await.contains("等待审核"));
    let opinion = app
        .db
        .store
        .branch_opinions(branch, domain::commitment::opinion::OpinionStatus::Pending)
        .await
        .unwrap()[0]
        .id;
    s.post_form(
        &format!("/opinions/{opinion}/moderate"),
        &[("approve", "1")],
    )
    .await;
    assert!(inbox_of(&app, "member").await.contains("可以回复"));
    let res = m
        .post_form(
            &format!("/opinions/{opinion}/reply"),
            &[("reply", "谢谢建议")],
        )
        .await;
    assert_eq!(res.location(), "/commitments", "back to 我的承诺");

    // A review reaches the reviewed; a reply and a report reach the reviewer.
    let member = app.person_id("member").await;
    let mut leader = app.signed_in("leader").await;
    let review = support::review_member(&mut leader, branch, member).await;
    assert!(inbox_of(&app, "member").await.contains("对您作了点评"));
    m.post_form(&format!("{review}/replies"), &[("text", "一定改进")])
        .await;
    assert!(inbox_of(&app, "leader").await.contains("点评收到了回复"));
    let today = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME);
    leader
        .post_form(
            &format!("{review}/rectifications"),
            &[
                ("problem", "心得偏少"),
                ("owner", &member.to_string()),
                ("due_on", &today.to_string()),
            ],
        )
        .await;
    let item = app.db.store.branch_rectifications(branch).await.unwrap()[0].id;
    m.multipart(
        &format!("/rectifications/{item}"),
        &[("note", "补写两篇")],
        None,
    )
    .await;
    assert!(inbox_of(&app, "leader").await.contains("报告了整改情况"));

    // Past its due date it is told of once, to the owner and the secretary.
    let tomorrow = domain::date::Day(today.0 + time::Duration::days(1));
    assert_eq!(
        app.db
            .store
            .tell_overdue_rectifications(tomorrow)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        app.db
            .store
            .tell_overdue_rectifications(tomorrow)
            .await
            .unwrap(),
        0
    );
    assert!(inbox_of(&app, "member").await.contains("已过期限"));
    assert!(inbox_of(&app, "secretary").await.contains("已过期限"));
    // In English, the same notices read in English.
    let mut en = app.signed_in("secretary").await;
    en.post_form("/lang", &[("lang", "en"), ("back", "/inbox")])
        .await;
    let inbox = en.get("/inbox").await.body;
    assert!(inbox.contains("waits for moderation"), "{inbox}");
}

/// The to-do counts, each asked in one query, are the same on both
/// databases for the same demo, and count what the demo left waiting.
#[tokio::test]
async fn the_to_do_counts_agree_on_both_databases() {
    let mut seen = Vec::new();
    for app in [TestApp::sqlite().await, TestApp::postgres().await] {
        let mut m = app.signed_in("member").await;
        draft_and_submit(&mut m, &app).await;
        let store = &app.db.store;
        let today = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME);
        let secretary = store
            .person_todo(app.person_id("secretary").await, today)
            .await
            .unwrap();
        let branch = store.branch_todo(app.demo.branch.id).await.unwrap();
        assert_eq!(branch.commitments_to_approve, 1, "the one just submitted");
        assert!(secretary.unread > 0, "told of it");
        seen.push((
            serde_json::to_value(&secretary).unwrap(),
            serde_json::to_value(&branch).unwrap(),
        ));
    }
    assert_eq!(seen[0], seen[1]);
}
