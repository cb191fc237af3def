//! The audit log: changes made through pages land in it, and an office reads
//! its own tree's entries only.

use crate::support::TestApp;
use axum::http::StatusCode;
use domain::access::Role;
use domain::organisation::OrgKind;

#[tokio::test]
async fn changes_made_through_pages_land_in_the_audit_log() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    c.post_form("/account/tokens", &[("name", "脚本")]).await;
    let mut office = app.signed_in("office").await;
    let page = office.get("/admin/audit?actor=secretary").await;
    // In words: who by name, what was done to what.
    assert!(
        page.body.contains("访问令牌") && page.body.contains("陈秀英"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("access_token"));
    assert_eq!(
        app.db.store.verify_audit().await.unwrap().map(|n| n > 0),
        Ok(true)
    );
}

#[tokio::test]
async fn an_office_reads_the_audit_of_its_own_tree_only() {
    let app = TestApp::sqlite().await;
    let store = &app.db.store;
    // Another tree with its own office, who adds a person there.
    let other = store
        .create_organisation("test", None, OrgKind::LeadingGroup, "别的党组")
        .await
        .unwrap();
    let sub = store
        .create_organisation("test", Some(&other), OrgKind::Branch, "别的支部")
        .await
        .unwrap();
    let account = store
        .check_login("demo06", chuangxian_web::demo::DEMO_PASSWORD)
        .await
        .unwrap()
        .unwrap();
    store
        .grant_role("test", account, Role::CampaignOffice, sub.id)
        .await
        .unwrap();
    // demo06's own person is in the demo tree, not under `sub`: its log is empty
    // of the demo's entries.
    let mut outsider = app.signed_in("demo06").await;
    let log = outsider.get("/admin/audit").await;
    assert_eq!(log.status, StatusCode::OK);
    assert!(
        !log.body.contains("陈秀英"),
        "the secretary's doings: {}",
        log.body
    );
    let token = app.api_token("demo06").await;
    let entries = app
        .client()
        .api("GET", "/api/v1/audit", Some(&token), None)
        .await
        .json();
    assert!(
        entries
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["actor"] != "demo" && e["actor"] != "secretary"),
        "{entries}"
    );
    // The root's office reads it all.
    let log = app.signed_in("office").await.get("/admin/audit").await;
    assert!(
        log.body.contains("演示数据"),
        "the demo's entry, its actor in words"
    );
    assert!(
        log.body.contains("林静"),
        "the office's own sign-in, by name"
    );
    assert!(log.body.contains("登录") && !log.body.contains(">sign_in<"));
}
