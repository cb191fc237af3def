//! The masses' opinions: shown after moderation as plain text, and an empty
//! one told why.

use super::{commitment_id, draft};
use crate::support::TestApp;
use crate::support::commitment::approved_commitment;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

#[tokio::test]
async fn the_masses_leave_opinions_that_show_after_moderation_as_plain_text() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let mut m = app.signed_in("member").await;
    draft(&mut m, &app, "带头服务群众", "submit").await;
    let id = commitment_id(&app).await;
    let mut s = app.signed_in("secretary").await;
    s.post_form(
        &format!("/commitments/{id}/decision"),
        &[("decision", "approve")],
    )
    .await;

    // A visitor without an account or a form token.
    let mut visitor = app.client();
    let post = |fields: &[(&str, &str)]| {
        let body = serde_urlencoded::to_string(fields).unwrap();
        Request::post(format!("/board/{branch}/opinions"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    let id_text = id.to_string();
    let res = visitor
        .send(post(&[
            ("commitment_id", &id_text),
            ("name", "王阿姨"),
            ("text", "<script>alert('x')</script>希望多来社区"),
        ]))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        visitor
            .get(res.location())
            .await
            .body
            .contains("审核后公开")
    );
    // A bot fills the hidden field: thanked, not stored.
    visitor
        .send(post(&[
            ("commitment_id", &id_text),
            ("text", "buy now"),
            ("website", "http://spam"),
        ]))
        .await;
    // Empty text comes back with the reason.
    let res = visitor
        .send(post(&[
            ("commitment_id", &id_text),
            ("name", "李"),
            ("text", " "),
        ]))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("必须填写"));

    assert!(
        !visitor
            .get(&format!("/board/{branch}"))
            .await
            .body
            .contains("希望多来社区"),
        "not before moderation"
    );
    let list = s.get(&format!("/organisations/{branch}/commitments")).await;
    assert!(list.body.contains("希望多来社区") && !list.body.contains("buy now"));
    let opinion = app
        .db
        .store
        .branch_opinions(branch, domain::commitment::opinion::OpinionStatus::Pending)
        .await
        .unwrap()[0]
        .id;
    // A member does not moderate.
    assert_eq!(
        m.post_form(
            &format!("/opinions/{opinion}/moderate"),
            &[("approve", "1")]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    s.post_form(
        &format!("/opinions/{opinion}/moderate"),
        &[("approve", "1")],
    )
    .await;
    let board = visitor.get(&format!("/board/{branch}")).await;
    assert!(
        board
            .body
            .contains("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;希望多来社区"),
        "shown as text, never run"
    );
    assert!(!board.body.contains("<script>alert"));

    // The member answers in public; someone else cannot.
    let mut deputy = app.signed_in("deputy").await;
    assert_eq!(
        deputy
            .post_form(&format!("/opinions/{opinion}/reply"), &[("reply", "谢谢")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let res = m
        .post_form(
            &format!("/opinions/{opinion}/reply"),
            &[("reply", "每周三下社区")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        visitor
            .get(&format!("/board/{branch}"))
            .await
            .body
            .contains("每周三下社区")
    );

    // The leadership takes every opinion to Excel; a member may not.
    let xlsx = s
        .get(&format!("/organisations/{branch}/opinions.xlsx"))
        .await;
    let sheet = chuangxian_web::http::sheet::read_sheet("o.xlsx", &xlsx.bytes).unwrap();
    let cells: Vec<String> = sheet.iter().flatten().map(|c| c.text()).collect();
    assert!(cells.contains(&"每周三下社区".to_string()) && cells.contains(&"已公开".to_string()));
    assert_eq!(
        m.get(&format!("/organisations/{branch}/opinions.xlsx"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // One visitor is limited per hour.
    for _ in 0..4 {
        visitor
            .send(post(&[("commitment_id", &id_text), ("text", "再提一条")]))
            .await;
    }
    let res = visitor
        .send(post(&[("commitment_id", &id_text), ("text", "第六条")]))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("提交太频繁"));
}

#[tokio::test]
async fn an_empty_opinion_is_told_why() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let mut m = app.signed_in("member").await;
    let commitment = approved_commitment(&app, &mut m).await.id;
    let res = app
        .client()
        .post_form(
            &format!("/board/{branch}/opinions"),
            &[
                ("commitment_id", &commitment.to_string()),
                ("name", ""),
                ("text", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"opinion-error\"") && res.body.contains("必须填写"));
}
