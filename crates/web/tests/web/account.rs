//! Accounts: signing in and out, the lock after failures, CSRF, the
//! language remembered, password changes and the personal access tokens they end.

use crate::support::TestApp;
use axum::http::StatusCode;
use chuangxian_web as web;

#[tokio::test]
async fn a_wrong_password_gets_one_generic_message_and_no_session() {
    let app = TestApp::sqlite().await;
    let mut c = app.client();
    let wrong = c.login("secretary", "not the password").await;
    let unknown = c.login("nobody", "not the password").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("用户名或密码不正确。"));
    assert!(unknown.body.contains("用户名或密码不正确。"));
    assert!(!c.cookies.contains_key("cx_session"));
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while() {
    let app = TestApp::sqlite().await;
    let mut c = app.client();
    for _ in 0..5 {
        c.login("deputy", "guess").await;
    }
    // Even the right password waits out the lock.
    let locked = c.login("deputy", web::demo::DEMO_PASSWORD).await;
    assert_eq!(locked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(locked.body.contains("尝试次数过多"), "{}", locked.body);
}

#[tokio::test]
async fn a_lock_names_the_local_time_to_try_again() {
    let app = TestApp::sqlite().await;
    let mut c = app.client();
    for _ in 0..5 {
        c.login("member", "wrong").await;
    }
    let res = c.login("member", "wrong").await;
    assert!(res.body.contains("请在"), "{}", res.body);
    let until = app
        .db
        .store
        .locked_until(&[store::account::throttle::LoginKey::Account("member".into())])
        .await
        .unwrap()
        .unwrap();
    let local =
        chuangxian_web::http::clock::local_text(&until, chuangxian_web::CHINA_STANDARD_TIME);
    assert!(res.body.contains(&local), "{local} in {}", res.body);
    assert!(!res.body.contains("UTC"));
}

#[tokio::test]
async fn signing_in_rotates_the_session_and_signing_out_ends_it() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    let first = c.cookies["cx_session"].clone();
    c.login("secretary", web::demo::DEMO_PASSWORD).await;
    let second = c.cookies["cx_session"].clone();
    assert_ne!(first, second);
    assert!(
        app.db.store.session(&first).await.unwrap().is_none(),
        "the old id is dead"
    );
    let res = c.post_form("/logout", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(app.db.store.session(&second).await.unwrap().is_none());
}

#[tokio::test]
async fn a_post_without_a_valid_csrf_token_is_refused() {
    let app = TestApp::sqlite().await;
    let mut c = app.client();
    let res = c
        .post_form(
            "/login",
            &[
                ("_csrf", &"0".repeat(64)),
                ("username", "secretary"),
                ("password", web::demo::DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("您没有权限进行此操作。"));
    assert!(!c.cookies.contains_key("cx_session"));

    // A signed-in person's form needs the session's token, not any cookie's.
    let mut s = app.signed_in("secretary").await;
    let res = s
        .post_form(
            "/account/tokens",
            &[("_csrf", &"a".repeat(64)), ("name", "x")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_language_switch_is_remembered_for_the_account() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    let res = c
        .post_form("/lang", &[("lang", "en"), ("back", "/account")])
        .await;
    assert_eq!(res.location(), "/account");
    let page = c.get("/account").await;
    assert!(page.body.contains("<html lang=\"en\">"));
    assert!(page.body.contains("Change password"));
    // Remembered on the account: a new browser signs in and gets English.
    let mut other = app.signed_in("secretary").await;
    assert!(other.get("/account").await.body.contains("Change password"));
    // An unknown language changes nothing and goes back all the same.
    let res = c
        .post_form("/lang", &[("lang", "fr"), ("back", "/account")])
        .await;
    assert_eq!(res.location(), "/account");
    assert!(c.get("/account").await.body.contains("Change password"));
}

#[tokio::test]
async fn a_password_change_shows_each_error_beside_its_field() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("deputy").await;
    let res = c
        .post_form(
            "/account/password",
            &[("current", "wrong"), ("new", "short"), ("confirm", "short")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"current-error\">当前密码不正确"));
    assert!(res.body.contains("id=\"new-error\">新密码至少 8 位"));
    let res = c
        .post_form(
            "/account/password",
            &[
                ("current", web::demo::DEMO_PASSWORD),
                ("new", "a new secret"),
                ("confirm", "a new secret"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("密码已修改"));
    // Still signed in here, with the new password working elsewhere.
    assert_eq!(c.get("/account").await.status, StatusCode::OK);
    assert_eq!(
        app.client().login("deputy", "a new secret").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_password_change_ends_the_accounts_tokens() {
    let app = TestApp::sqlite().await;
    let token = app.api_token("member").await;
    let mut c = app.client();
    assert_eq!(
        c.api("GET", "/api/v1/me", Some(&token), None).await.status,
        StatusCode::OK
    );
    let mut m = app.signed_in("member").await;
    let page = m.get("/account").await;
    assert!(page.body.contains("访问令牌会被吊销"));
    let res = m
        .post_form(
            "/account/password",
            &[
                ("current", chuangxian_web::demo::DEMO_PASSWORD),
                ("new", "a much longer secret"),
                ("confirm", "a much longer secret"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        c.api("GET", "/api/v1/me", Some(&token), None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_revoked_token_stops_working() {
    let app = TestApp::sqlite().await;
    let token = app.api_token("office").await;
    let mut c = app.client();
    assert_eq!(
        c.api("GET", "/api/v1/audit", Some(&token), None)
            .await
            .status,
        StatusCode::OK
    );
    let account = app
        .db
        .store
        .check_login("office", web::demo::DEMO_PASSWORD)
        .await
        .unwrap()
        .unwrap();
    let id = app.db.store.access_tokens(account).await.unwrap()[0].id;
    app.db
        .store
        .revoke_access_token(account, "office", id)
        .await
        .unwrap();
    assert_eq!(
        c.api("GET", "/api/v1/audit", Some(&token), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}
