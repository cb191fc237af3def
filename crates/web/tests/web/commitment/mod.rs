//! Public commitments through the router: drafting with errors beside fields,
//! approval and return, revisions, the public board, and who may do what.

mod encoding;
mod opinion;
mod progress;

use crate::support;
use crate::support::commitment::phase;
use crate::support::{Client, TestApp};
use axum::http::StatusCode;

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

/// The id of the member's commitment in the first phase.
async fn commitment_id(app: &TestApp) -> i64 {
    let person = app.person_id("member").await;
    app.db
        .store
        .commitment_of(app.demo.branch.id, Some(person), &phase(app).await)
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
