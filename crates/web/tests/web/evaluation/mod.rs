//! Mass evaluation through the router: opening a round with errors beside the
//! fields, and who may run which round.

mod api;
mod logs;
mod results;
mod voting;

use crate::support::evaluation::open_members_round;
use crate::support::{TestApp, local_input};
use axum::http::StatusCode;

/// The first link on a page whose address starts with `prefix`.
fn link_to(html: &str, prefix: &str) -> String {
    let marker = format!("href=\"{prefix}");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no link to {prefix}"))
        + 6;
    html[start..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn a_round_form_shows_each_mistake_beside_its_field_and_creates_nothing() {
    let app = TestApp::sqlite().await;
    let mut secretary = app.signed_in("secretary").await;
    let path = format!("/organisations/{}/evaluations/new", app.demo.branch.id);
    let form = secretary.get(&format!("{path}?kind=members")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("带头学习提高"), "the plan's criteria");
    assert!(form.body.contains("value=\"较好\""), "the default scale");
    let res = secretary
        .post_form(
            &path,
            &[
                ("kind", "members"),
                ("title", ""),
                ("level-0-label", "好"),
                ("level-0-score", "一百"),
                ("opens_at", &local_input(2)),
                ("closes_at", &local_input(1)),
                ("min_ballots", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for id in [
        "title-error",
        "criteria-error",
        "levels-error",
        "closes-error",
        "min-error",
        "targets-error",
    ] {
        assert!(res.body.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(res.body.contains("分值应为 0 到 100 的整数"));
    assert!(res.body.contains("截止时间应晚于开始时间"));
    assert!(
        app.db
            .store
            .rounds_of(app.demo.branch.id)
            .await
            .unwrap()
            .is_empty()
    );
    let id = open_members_round(&app, &mut secretary, 3).await;
    let round = secretary.get(&format!("/evaluations/{id}")).await;
    assert!(round.body.contains("2026年度党员民主评议"));
    assert!(round.body.contains("进行中"));
}

#[tokio::test]
async fn only_a_branch_leadership_runs_a_members_round_and_only_an_office_a_branches_round() {
    let app = TestApp::sqlite().await;
    let (branch, root) = (app.demo.branch.id, app.demo.root.id);
    let mut member = app.signed_in("member").await;
    let res = member
        .get(&format!(
            "/organisations/{branch}/evaluations/new?kind=members"
        ))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let mut secretary = app.signed_in("secretary").await;
    let res = secretary
        .get(&format!(
            "/organisations/{root}/evaluations/new?kind=branches"
        ))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let mut office = app.signed_in("office").await;
    let res = office
        .get(&format!(
            "/organisations/{root}/evaluations/new?kind=branches"
        ))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("领导班子好"), "the five goods");
    assert!(
        res.body.contains(&app.demo.branch.name),
        "the branch is a target"
    );

    let id = open_members_round(&app, &mut secretary, 2).await;
    // A member reads the round, but not its organiser's forms, and makes no slips.
    let page = member.get(&format!("/evaluations/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("slips-form"));
    let res = member
        .post_form(&format!("/evaluations/{id}/slips"), &[("count", "3")])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = member
        .post_form(&format!("/evaluations/{id}/close"), &[])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // A visitor is sent to sign in.
    let res = app.client().get(&format!("/evaluations/{id}")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}
