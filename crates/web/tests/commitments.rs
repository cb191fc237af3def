//! Public commitments through the router: drafting with errors beside fields,
//! approval and return, revisions, fulfilment with evidence, the public board and
//! the masses' opinions, and who may do what.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use support::{Client, TestApp};

/// A due date inside the demo's first phase, whatever year the demo runs in.
fn due(app: &TestApp) -> String {
    app.demo.first_phase.1.to_string()
}

async fn draft(c: &mut Client, app: &TestApp, what: &str, action: &str) -> support::Reply {
    let due = due(app);
    c.post_form(
        "/commitments",
        &[
            ("key", ""),
            ("criterion", "study"),
            ("what", what),
            ("target", "每月一本"),
            ("due_on", &due),
            ("weight", "2"),
            ("key", ""),
            ("criterion", "service"),
            ("what", ""),
            ("target", ""),
            ("due_on", ""),
            ("weight", "1"),
            ("action", action),
        ],
    )
    .await
}

/// The id of the member's commitment, read from the secretary's list.
async fn commitment_id(app: &TestApp) -> i64 {
    let phase = app
        .db
        .store
        .current_plan(&app.demo.branch)
        .await
        .unwrap()
        .unwrap()
        .plan
        .phases[0]
        .key
        .clone();
    let member = app
        .db
        .store
        .check_login("member", chuangxian_web::demo::DEMO_PASSWORD)
        .await
        .unwrap()
        .unwrap();
    let person = app.db.store.account(member).await.unwrap().person_id;
    app.db
        .store
        .commitment_of(app.demo.branch.id, Some(person), &phase)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn a_bad_item_is_shown_again_with_the_error_beside_its_field() {
    let app = TestApp::sqlite().await;
    let mut m = app.signed_in("member").await;
    let res = m
        .post_form(
            "/commitments",
            &[
                ("key", ""),
                ("criterion", "study"),
                ("what", "读书"),
                ("target", ""),
                ("due_on", "2001-01-01"),
                ("weight", "1"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("必须填写"), "target is required");
    assert!(res.body.contains("完成日期须在本阶段内"));
    assert!(res.body.contains("value=\"读书\""), "what was typed stays");
    let res = m.post_form("/commitments", &[("action", "save")]).await;
    assert!(res.body.contains("至少写一条承诺事项"));
}

#[tokio::test]
async fn a_member_drafts_the_secretary_approves_and_the_board_shows_it() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let mut m = app.signed_in("member").await;
    let res = draft(&mut m, &app, "每月读一本书并写心得", "save").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(m.get(res.location()).await.body.contains("草稿已保存"));
    // Nothing on the board before approval.
    let mut visitor = app.client();
    assert!(
        !visitor
            .get(&format!("/board/{branch}"))
            .await
            .body
            .contains("每月读一本书")
    );
    draft(&mut m, &app, "每月读一本书并写心得", "submit").await;
    let id = commitment_id(&app).await;

    // A member cannot approve; a leader cannot either.
    let res = m
        .post_form(
            &format!("/commitments/{id}/decision"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let mut leader = app.signed_in("leader").await;
    let res = leader
        .post_form(
            &format!("/commitments/{id}/decision"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    let mut s = app.signed_in("secretary").await;
    let list = s.get(&format!("/organisations/{branch}/commitments")).await;
    assert!(list.body.contains("张敏") && list.body.contains("待审批"));
    // Returning needs a reason.
    let res = s
        .post_form(
            &format!("/commitments/{id}/decision"),
            &[("decision", "return"), ("reason", " ")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("退回时请写明理由"));
    let res = s
        .post_form(
            &format!("/commitments/{id}/decision"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let board = visitor.get(&format!("/board/{branch}")).await;
    assert!(board.body.contains("每月读一本书并写心得"));
    assert!(board.body.contains("带头学习提高"));
    // Approving twice is refused with a message, nothing changes.
    let res = s
        .post_form(
            &format!("/commitments/{id}/decision"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("不在待审批状态"));

    // A new revision: the board keeps the approved text until it is approved too.
    draft(&mut m, &app, "每月读两本书", "submit").await;
    let res = draft(&mut m, &app, "再改一次", "save").await;
    assert_eq!(res.status, StatusCode::CONFLICT, "locked while waiting");
    let board = visitor.get(&format!("/board/{branch}")).await;
    assert!(board.body.contains("每月读一本书并写心得") && !board.body.contains("每月读两本书"));
    s.post_form(
        &format!("/commitments/{id}/decision"),
        &[("decision", "approve")],
    )
    .await;
    assert!(
        visitor
            .get(&format!("/board/{branch}"))
            .await
            .body
            .contains("每月读两本书")
    );

    // The list goes to Excel and reads back.
    let xlsx = s
        .get(&format!("/organisations/{branch}/commitments.xlsx"))
        .await;
    let sheet = chuangxian_web::http::sheet::read_sheet("c.xlsx", &xlsx.bytes).unwrap();
    let cells: Vec<String> = sheet.iter().flatten().map(|c| c.text()).collect();
    assert!(cells.contains(&"每月读两本书".to_string()) && cells.contains(&"张敏".to_string()));
}

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
        .branch_opinions(branch, domain::review::OpinionStatus::Pending)
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
async fn the_branch_commitment_is_approved_by_the_campaign_office_only() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let mut s = app.signed_in("secretary").await;
    let due = due(&app);
    let res = s
        .post_form(
            &format!("/organisations/{branch}/commitment"),
            &[
                ("key", ""),
                ("criterion", "leadership"),
                ("what", "班子每月集体学习"),
                ("target", "12次"),
                ("due_on", &due),
                ("weight", "1"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let phase = app
        .db
        .store
        .current_plan(&app.demo.branch)
        .await
        .unwrap()
        .unwrap()
        .plan
        .phases[0]
        .key
        .clone();
    let id = app
        .db
        .store
        .commitment_of(branch, None, &phase)
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        s.post_form(
            &format!("/commitments/{id}/decision"),
            &[("decision", "approve")]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let mut office = app.signed_in("office").await;
    assert_eq!(
        office
            .post_form(
                &format!("/commitments/{id}/decision"),
                &[("decision", "approve")]
            )
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let board = app.client().get(&format!("/board/{branch}")).await;
    assert!(board.body.contains("班子每月集体学习") && board.body.contains("领导班子好"));
    // A member cannot write the branch's commitment.
    let mut m = app.signed_in("member").await;
    assert_eq!(
        m.get(&format!("/organisations/{branch}/commitment"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // The poster carries a QR code to the board.
    let poster = app.client().get(&format!("/board/{branch}/poster")).await;
    assert!(poster.body.contains("<svg") && poster.body.contains(&format!("/board/{branch}")));
}
