//! Organisations: the home page, the public portal, and old addresses.

use crate::support::TestApp;
use crate::support::client::token_in;
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

#[tokio::test]
async fn visitors_share_the_rendered_portal_each_with_their_own_token_and_see_a_change_within_a_second()
 {
    let app = TestApp::sqlite().await;
    let root = format!("/p/{}", app.demo.root.id);
    let (mut first, mut second) = (app.client(), app.client());
    let a = first.get(&root).await.body;
    let b = second.get(&root).await.body;
    assert!(!a.contains(chuangxian_web::http::page_cache::CSRF_SLOT));
    assert_eq!(token_in(&a), first.csrf().await);
    assert_eq!(token_in(&b), second.csrf().await);
    assert_ne!(token_in(&a), token_in(&b));
    // The language form on a shared copy is the visitor's own.
    let res = first
        .post_form(
            "/lang",
            &[("_csrf", &token_in(&a)), ("lang", "en"), ("back", &root)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(first.get(&root).await.body.contains("<html lang=\"en\">"));

    // A new branch made a moment later is on the portal within a second.
    let root_org = app.db.store.organisation(app.demo.root.id).await.unwrap();
    app.db
        .store
        .create_organisation(
            "office",
            Some(&root_org),
            domain::organisation::OrgKind::Branch,
            "新成立的第九支部",
        )
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(second.get(&root).await.body.contains("新成立的第九支部"));
}
