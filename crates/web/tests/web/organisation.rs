//! Organisations: the home page, the public portal, and old addresses.

use crate::support::TestApp;
use axum::http::StatusCode;

#[tokio::test]
async fn the_home_page_speaks_chinese_and_lists_the_public_boards() {
    let app = TestApp::sqlite().await;
    let page = app.client().get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"zh-CN\">"));
    assert!(page.body.contains("公开栏"));
    assert!(page.body.contains("机关支部"));
}

#[tokio::test]
async fn the_public_portal_needs_no_account() {
    let app = TestApp::sqlite().await;
    let page = app
        .client()
        .get(&format!("/p/{}", app.demo.branch.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("创学习型组织、建高素质队伍、促科学发展"));
    assert!(page.body.contains("第一阶段：迎接建党90周年"));
    // The party's own portal leads to its branches' portals.
    let root = app.client().get(&format!("/p/{}", app.demo.root.id)).await;
    assert!(
        root.body
            .contains(&format!("<a href=\"/p/{}\">", app.demo.branch.id)),
        "{}",
        root.body
    );
    assert!(
        !page.body.contains("id=\"portal-children\""),
        "groups have no portal"
    );
    // The phases' timeline, with the time nodes, for anyone.
    assert!(
        page.body
            .contains(&format!("/p/{}/timeline", app.demo.branch.id))
    );
    let timeline = app
        .client()
        .get(&format!("/p/{}/timeline", app.demo.branch.id))
        .await;
    assert_eq!(timeline.status, StatusCode::OK);
    assert!(timeline.body.contains("<svg") && timeline.body.contains("建党90周年"));
    assert!(
        !timeline.body.contains("/programmes\""),
        "its crumbs lead to the portal"
    );
}

#[tokio::test]
async fn an_old_organisation_address_leads_to_its_new_one() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    let branch = app.demo.branch.id;
    let res = c.get(&format!("/orgs/{branch}/people?page=2")).await;
    assert_eq!(res.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        res.location(),
        format!("/organisations/{branch}/people?page=2")
    );
    let res = c
        .get(&format!("/organisations/{branch}/people?page=2"))
        .await;
    assert_eq!(res.status, StatusCode::OK);
}
