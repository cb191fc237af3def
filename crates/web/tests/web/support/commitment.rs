//! A member's commitment taken the way its users take it: drafted and
//! submitted, then approved by the secretary.

use super::{Client, TestApp};
use axum::http::StatusCode;

/// The member drafts one item and submits it for approval.
pub async fn draft_and_submit(c: &mut Client, app: &TestApp) {
    let due = app.demo.first_phase.1.to_string();
    let res = c
        .post_form(
            "/commitments",
            &[
                ("key", ""),
                ("criterion", "study"),
                ("what", "每月读一本书"),
                ("target", "每月一本"),
                ("due_on", &due),
                ("weight", "2"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
}

/// The member's commitment, submitted and approved by the secretary.
pub async fn approved_commitment(
    app: &TestApp,
    member: &mut Client,
) -> store::commitment::Commitment {
    draft_and_submit(member, app).await;
    let phase = phase(app).await;
    let id = app
        .db
        .store
        .branch_commitments(app.demo.branch.id, &phase)
        .await
        .unwrap()[0]
        .id;
    let res = app
        .signed_in("secretary")
        .await
        .post_form(
            &format!("/commitments/{id}/decision"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    app.db.store.commitment(id).await.unwrap()
}

/// The key of the demo plan's first phase, where the demo campaign stands.
pub async fn phase(app: &TestApp) -> String {
    app.db
        .store
        .current_plan(&app.demo.branch)
        .await
        .unwrap()
        .unwrap()
        .plan
        .phases[0]
        .key
        .clone()
}
