//! What an outside test broke, each kept broken no more: file access by the rule
//! of what a file belongs to, redirects that stay on the site, control
//! characters refused on both databases, tokens ended with the password,
//! security headers, the audit log and personal fields in scope, the secretary's
//! seat, and the API's documented answers.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::access::Role;
use domain::organisation::OrgKind;
use serde_json::json;
use support::evaluation::{open_members_round, slips};
use support::{TestApp, bearer};

#[tokio::test]
async fn an_unpublished_rectification_file_is_its_items_not_the_branchs() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let member = app.person_id("member").await;
    let mut leader = app.signed_in("leader").await;
    let review = support::review_member(&mut leader, branch, member).await;
    let due = app.demo.first_phase.1.to_string();
    leader
        .post_form(
            &format!("{review}/rectifications"),
            &[
                ("problem", "心得偏少"),
                ("owner", &member.to_string()),
                ("due_on", &due),
            ],
        )
        .await;
    let item = app.db.store.branch_rectifications(branch).await.unwrap()[0].id;
    let mut m = app.signed_in("member").await;
    m.multipart(
        &format!("/rectifications/{item}"),
        &[("note", "补写了心得")],
        Some(("心得.pdf", b"%PDF-1.4 private")),
    )
    .await;
    let file = app.db.store.rectification(item).await.unwrap().files[0].0;
    let path = format!("/rectification-files/{file}");
    assert_eq!(m.get(&path).await.status, StatusCode::OK, "the owner");
    assert_eq!(
        leader.get(&path).await.status,
        StatusCode::OK,
        "the reviewer"
    );
    assert_eq!(
        app.signed_in("secretary").await.get(&path).await.status,
        StatusCode::OK
    );
    let other = app.signed_in("demo04").await.get(&path).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "another member");
    assert!(!other.body.contains("private"));
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
        .send(bearer(
            "POST",
            &format!("/api/v1/organisations/{branch}/opinions"),
            &token,
            Some(json!({ "commitment_id": 1, "text": "x\u{0}y" })),
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["field"], "text");
    assert_eq!(res.json()["error"], "field-control");
    let res = c
        .send(bearer(
            "POST",
            "/api/v1/me/study/records",
            &token,
            Some(json!({ "kind": "reflection", "title": "心得", "day": "2026-01-01", "body": "\u{1b}[31m" })),
        ))
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
        .branch_opinions(branch, domain::review::OpinionStatus::Pending)
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
async fn a_password_change_ends_the_accounts_tokens() {
    let app = TestApp::sqlite().await;
    let token = app.api_token("member").await;
    let mut c = app.client();
    assert_eq!(
        c.send(bearer("GET", "/api/v1/me", &token, None))
            .await
            .status,
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
        c.send(bearer("GET", "/api/v1/me", &token, None))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
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
        .send(bearer("GET", "/api/v1/audit", &token, None))
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

#[tokio::test]
async fn members_see_names_and_groups_not_personal_fields() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let people_as = |username: &'static str| {
        let app = &app;
        async move {
            let token = app.api_token(username).await;
            app.client()
                .send(bearer(
                    "GET",
                    &format!("/api/v1/organisations/{branch}/people"),
                    &token,
                    None,
                ))
                .await
                .json()
        }
    };
    let people = people_as("member").await;
    let me = app.person_id("member").await;
    for p in people["items"].as_array().unwrap() {
        assert!(
            p["name"].is_string() && p["party_group"].is_string() || p["party_group"].is_null()
        );
        if p["id"] == me {
            assert!(p["phone"].is_string(), "one's own: {p}");
        } else {
            assert!(
                p["phone"].is_null() && p["born_on"].is_null() && p["status"].is_null(),
                "{p}"
            );
        }
    }
    let people = people_as("secretary").await;
    assert!(
        people["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["phone"].is_string())
    );
    // The page: no phone numbers of others for a member.
    let page = app
        .signed_in("member")
        .await
        .get(&format!("/organisations/{branch}/people"))
        .await;
    assert!(!page.body.contains("13805951037"), "demo02's phone");
    let other = app.person_id("demo04").await;
    let person = app
        .signed_in("member")
        .await
        .get(&format!("/people/{other}"))
        .await;
    assert!(!person.body.contains("1380595"), "{}", person.body);
}

#[tokio::test]
async fn a_deputy_may_not_unseat_the_secretary() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let secretary = app.person_id("secretary").await;
    let fields = [
        ("role", "secretary"),
        ("org_id", &branch.to_string() as &str),
    ];
    let mut deputy = app.signed_in("deputy").await;
    let page = deputy.get(&format!("/people/{secretary}")).await;
    assert!(
        !page.body.contains("/roles/revoke"),
        "no button the deputy may not press"
    );
    let res = deputy
        .post_form(&format!("/people/{secretary}/roles/revoke"), &fields)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app
        .signed_in("office")
        .await
        .post_form(&format!("/people/{secretary}/roles/revoke"), &fields)
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "the superior may");
}

#[tokio::test]
async fn the_api_answers_as_its_documents_say() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let mut c = app.client();
    // No credentials: 401, not CSRF's 403.
    let res = c
        .send(
            Request::post(format!("/api/v1/organisations/{branch}/evaluations"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    // A round, its codes and a wrong type.
    let mut secretary = app.signed_in("secretary").await;
    let round = open_members_round(&app, &mut secretary, 2).await;
    let other = open_members_round(&app, &mut secretary, 2).await;
    let codes = slips(&mut secretary, other, 2).await;
    let token = app.api_token("secretary").await;
    let path = format!("/api/v1/evaluations/{round}/codes");
    let res = c
        .send(bearer("POST", &path, &token, Some(json!({ "count": -1 }))))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"], "error-unprocessable");
    let res = c
        .send(bearer(
            "POST",
            &path,
            &token,
            Some(json!({ "count": 2001 })),
        ))
        .await;
    assert!(res.json()["message"].as_str().unwrap().contains("2000"));
    // A batch of the other round is not found through this one.
    let batch = app.db.store.batches(other).await.unwrap()[0].id;
    let res = c
        .send(bearer(
            "POST",
            &format!("/api/v1/evaluations/{round}/revocations"),
            &token,
            Some(json!({ "batch_id": batch })),
        ))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    // Times are RFC 3339.
    let res = c
        .send(
            Request::post("/api/v1/vote/ballot")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json!({ "code": codes[0] }).to_string()))
                .unwrap(),
        )
        .await;
    let closes = res.json()["round"]["closes_at"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        time::OffsetDateTime::parse(&closes, &time::format_description::well_known::Rfc3339)
            .is_ok(),
        "{closes}"
    );
}
