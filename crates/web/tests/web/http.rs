//! What every page shares: sign-in first, a translated 404, redirects that stay
//! on the site, control characters refused on both databases, security headers.

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;

#[tokio::test]
async fn a_visitor_is_sent_to_sign_in_and_an_unknown_page_is_a_translated_404() {
    let app = TestApp::sqlite().await;
    let mut c = app.client();
    let res = c
        .get(&format!("/organisations/{}/people", app.demo.branch.id))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        res.location()
            .starts_with("/login?next=%2Forganisations%2F")
    );
    let res = c.get("/no/such/page").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.body.contains("没有找到"));
}

#[tokio::test]
async fn redirects_never_leave_the_site_nor_fail() {
    let app = TestApp::sqlite().await;
    let mut c = app.client();
    for back in [
        "/%09/evil.example/x",
        "/%0d%0aSet-Cookie:%20a=b",
        "/%00",
        "/%5Cevil.example",
        "//evil.example",
    ] {
        let res = c.get(&format!("/lang?lang=en&back={back}")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{back}");
        assert_eq!(res.location(), "/", "{back}");
    }
    let res = c.get("/lang?lang=zh-CN&back=/board/1").await;
    assert_eq!(res.location(), "/board/1");
    let res = c
        .post_form(
            "/login",
            &[
                ("username", "member"),
                ("password", chuangxian_web::demo::DEMO_PASSWORD),
                ("next", "/\t/evil.example/x"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/");
}

async fn nul_is_refused_beside_its_field_and_changes_nothing(app: TestApp) {
    let branch = app.demo.branch.id;
    // A visitor's opinion on the board, as a form.
    let mut visitor = app.client();
    let body = serde_urlencoded::to_string([("commitment_id", "1"), ("text", "好\0")]).unwrap();
    let res = visitor
        .send(
            Request::post(format!("/board/{branch}/opinions"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("控制字符") && res.body.contains("text"),
        "{}",
        res.body
    );
    // The same through the API, and a study record with a NUL in a nested field.
    let token = app.api_token("member").await;
    let mut c = app.client();
    let res = c
        .api(
            "POST",
            &format!("/api/v1/organisations/{branch}/opinions"),
            Some(&token),
            Some(json!({ "commitment_id": 1, "text": "x\u{0}y" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["field"], "text");
    assert_eq!(res.json()["error"], "field-control");
    let res = c
        .api("POST", "/api/v1/me/study/records", Some(&token), Some(json!({ "kind": "reflection", "title": "心得", "day": "2026-01-01", "body": "\u{1b}[31m" })))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["field"], "body");
    // A token name, a form field of a signed-in page.
    let mut m = app.signed_in("member").await;
    let res = m.post_form("/account/tokens", &[("name", "脚本\0")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("退出"),
        "the signed-in layout: {}",
        res.body
    );
    // A multipart note of a progress report.
    let res = m
        .multipart("/rectifications/1", &[("note", "a\0b")], None)
        .await;
    assert!(
        res.status == StatusCode::BAD_REQUEST || res.status == StatusCode::NOT_FOUND,
        "{}",
        res.status
    );
    // Tabs and line breaks are text.
    let res = m
        .post_form("/account/tokens", &[("name", "脚本\t一")])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let opinions = app
        .db
        .store
        .branch_opinions(branch, domain::commitment::opinion::OpinionStatus::Pending)
        .await
        .unwrap();
    assert!(opinions.is_empty(), "nothing stored");
}

#[tokio::test]
async fn nul_is_refused_on_sqlite() {
    nul_is_refused_beside_its_field_and_changes_nothing(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn nul_is_refused_on_postgres() {
    nul_is_refused_beside_its_field_and_changes_nothing(TestApp::postgres().await).await;
}

#[tokio::test]
async fn pages_carry_a_policy_and_signed_in_answers_are_not_cached() {
    let app = TestApp::sqlite().await;
    let home = app.client().get("/").await;
    let policy = home.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(policy.contains("script-src 'self'") && !policy.contains("unsafe-eval"));
    assert_eq!(home.headers[header::REFERRER_POLICY], "same-origin");
    assert!(!home.body.contains("onclick=") && !home.body.contains("onsubmit="));
    let mut s = app.signed_in("secretary").await;
    let account = s.get("/account").await;
    assert_eq!(account.headers[header::CACHE_CONTROL], "no-store");
    let plan = s
        .get(&format!("/organisations/{}/plan", app.demo.branch.id))
        .await;
    assert!(
        !plan.body.contains("onclick="),
        "print buttons bind from /static/app.js"
    );
    assert!(plan.body.contains("data-print"));
    let js = app.client().get("/static/app.js").await;
    assert_eq!(js.status, StatusCode::OK);
}
