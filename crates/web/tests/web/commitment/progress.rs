//! Fulfilment: progress with evidence on the board, a lying file refused, and
//! the progress form that keeps the current status.

use super::{commitment_id, draft};
use crate::support::TestApp;
use crate::support::commitment::approved_commitment;
use axum::http::StatusCode;

#[tokio::test]
async fn progress_with_evidence_shows_on_the_board_and_a_lying_file_is_refused() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let mut m = app.signed_in("member").await;
    draft(&mut m, &app, "走访困难妇女家庭", "submit").await;
    let id = commitment_id(&app).await;
    app.signed_in("secretary")
        .await
        .post_form(
            &format!("/commitments/{id}/decision"),
            &[("decision", "approve")],
        )
        .await;
    let c = app.db.store.commitment(id).await.unwrap();
    let key = c.approved.unwrap()[0].key.clone();
    let path = format!("/commitments/{id}/items/{key}/progress");

    let png = b"\x89PNG\r\n\x1a\n fake but starts right";
    let res = m
        .multipart(
            &path,
            &[
                ("percent", "60"),
                ("status", "in_progress"),
                ("note", "走访了三户"),
            ],
            Some(("照片.png", png)),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = m
        .multipart(
            &path,
            &[("percent", "70"), ("status", "in_progress"), ("note", "")],
            Some(("report.pdf", b"MZ\x90\x00 an exe")),
        )
        .await;
    // The form again, the reason beside the file field.
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("只能是图片"), "{}", res.body);
    assert!(res.body.contains("id=\"evidence-error-"));
    let res = m
        .multipart(
            &path,
            &[("percent", "170"), ("status", "done"), ("note", "")],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    let board = app.client().get(&format!("/board/{branch}")).await;
    assert!(
        board.body.contains("60% · 进行中 · 走访了三户"),
        "{}",
        board.body
    );
    assert!(board.body.contains("照片.png"));
    let progress = app.db.store.progress_of(&[id]).await.unwrap();
    let evidence = progress.values().next().unwrap().evidence[0].id;
    let file = app.client().get(&format!("/evidence/{evidence}")).await;
    assert_eq!(file.headers["content-type"], "image/png");
    assert_eq!(file.headers["content-security-policy"], "sandbox");

    // Another member may not report on this commitment.
    let mut other = app.signed_in("deputy").await;
    let res = other
        .multipart(
            &path,
            &[("percent", "100"), ("status", "done"), ("note", "")],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_progress_form_keeps_the_current_status_and_the_follow_button_says_so() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let mut m = app.signed_in("member").await;
    let commitment = approved_commitment(&app, &mut m).await;
    let mut s = app.signed_in("secretary").await;
    let key = app
        .db
        .store
        .commitment(commitment.id)
        .await
        .unwrap()
        .approved
        .unwrap()[0]
        .key
        .clone();
    m.multipart(
        &format!("/commitments/{}/items/{key}/progress", commitment.id),
        &[
            ("percent", "40"),
            ("status", "in_progress"),
            ("note", "读了两本"),
        ],
        None,
    )
    .await;
    let page = m.get("/commitments").await.body;
    assert!(page.contains("value=\"in_progress\" selected"), "{page}");
    // A refused file: the form again, the note as typed, the reason beside it.
    let res = m
        .multipart(
            &format!("/commitments/{}/items/{key}/progress", commitment.id),
            &[
                ("percent", "50"),
                ("status", "in_progress"),
                ("note", "附上照片"),
            ],
            Some(("照片.exe", b"MZ not a picture")),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains(&format!("id=\"evidence-error-{key}\"")),
        "{}",
        res.body
    );
    assert!(res.body.contains("value=\"附上照片\""));
    s.post_form(
        &format!("/commitments/{}/follow", commitment.id),
        &[("on", "1")],
    )
    .await;
    let list = s
        .get(&format!("/organisations/{branch}/commitments"))
        .await
        .body;
    assert!(list.contains("已关注") && list.contains("取消关注"));
}

#[tokio::test]
async fn the_owner_is_reminded_once_of_an_item_due_soon_unless_it_is_done() {
    let app = TestApp::sqlite().await;
    let due = app.demo.first_phase.1.to_string();
    let mut m = app.signed_in("member").await;
    let res = m
        .post_form(
            "/commitments",
            &[
                ("key", ""),
                ("criterion", "study"),
                ("what", "每月精读一本理论书籍"),
                ("target", "每月一本"),
                ("due_on", &due),
                ("weight", "2"),
                ("key", ""),
                ("criterion", "service"),
                ("what", "走访困难妇女家庭"),
                ("target", "全年12户"),
                ("due_on", &due),
                ("weight", "1"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let id = commitment_id(&app).await;
    app.signed_in("secretary")
        .await
        .post_form(
            &format!("/commitments/{id}/decision"),
            &[("decision", "approve")],
        )
        .await;
    let c = app.db.store.commitment(id).await.unwrap();
    let items = c.approved.clone().unwrap();
    let done = items.iter().find(|i| i.what == "走访困难妇女家庭").unwrap();
    app.db
        .store
        .record_progress(
            "member",
            &c,
            &done.key,
            100,
            domain::commitment::ItemStatus::Done,
            "已走访12户",
            None,
            ("", ""),
        )
        .await
        .unwrap();

    let store = &app.db.store;
    let far = items[0].due_on.add_days(-10);
    store.tell_due_commitment_items(far, 3).await.unwrap();
    assert!(
        !m.get("/inbox").await.body.contains("您承诺的"),
        "ten days before: not yet"
    );
    let soon = items[0].due_on.add_days(-2);
    let told = store.tell_due_commitment_items(soon, 3).await.unwrap();
    assert!(told >= 1, "due in two days: told");
    assert_eq!(
        store.tell_due_commitment_items(soon, 3).await.unwrap(),
        0,
        "once"
    );
    let inbox = m.get("/inbox").await.body;
    assert!(
        inbox.contains("您承诺的“每月精读一本理论书籍”将于"),
        "{inbox}"
    );
    assert!(
        !inbox.contains("您承诺的“走访困难妇女家庭”"),
        "a done item is not reminded"
    );
}
