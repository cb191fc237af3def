//! The JSON API: tokens, roles, errors as JSON, and the OpenAPI document.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chuangxian_web as web;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use support::{TestApp, hand_made_roster};

fn bearer(method: &str, path: &str, token: &str, body: Body) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(body)
        .unwrap()
}

#[tokio::test]
async fn a_token_reads_what_its_account_may_read() {
    let app = TestApp::sqlite().await;
    let token = app.api_token("secretary").await;
    let mut c = app.client();
    let me = c
        .send(bearer("GET", "/api/v1/me", &token, Body::empty()))
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["username"], "secretary");
    assert_eq!(me.json()["grants"][0]["role"], "secretary");

    let plan = c
        .send(bearer(
            "GET",
            &format!("/api/v1/organisations/{}/plan", app.demo.branch.id),
            &token,
            Body::empty(),
        ))
        .await;
    assert_eq!(plan.json()["plan"]["header"]["code"], "泉妇支〔2010〕2号");
    assert_eq!(
        plan.json()["plan"]["standards"][1]["criteria"][4]["name"],
        "带头弘扬正气"
    );

    let people = c
        .send(bearer(
            "GET",
            &format!(
                "/api/v1/organisations/{}/people?per_page=5",
                app.demo.branch.id
            ),
            &token,
            Body::empty(),
        ))
        .await;
    assert_eq!(people.json()["items"].as_array().unwrap().len(), 5);
    assert_eq!(people.json()["total"], 26);

    // The superior's node lies outside the secretary's subtree.
    let res = c
        .send(bearer(
            "GET",
            &format!("/api/v1/organisations/{}", app.demo.root.id),
            &token,
            Body::empty(),
        ))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(res.json()["error"], "error-forbidden");
}

#[tokio::test]
async fn without_credentials_the_api_answers_401_in_json() {
    let app = TestApp::sqlite().await;
    let res = app.client().get("/api/v1/me").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.json()["error"], "error-unauthorized");
    let res = app
        .client()
        .send(bearer("GET", "/api/v1/me", "cx_forged", Body::empty()))
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_roster_posted_to_the_api_imports_or_names_its_bad_rows() {
    let app = TestApp::sqlite().await;
    let token = app.api_token("secretary").await;
    let path = format!(
        "/api/v1/organisations/{}/roster?filename=r.xlsx",
        app.demo.branch.id
    );
    let mut c = app.client();
    let good = hand_made_roster(&[["赵丽", "女", "2008-07-01", "13905951234", "第一党小组"]]);
    let res = c
        .send(bearer("POST", &path, &token, Body::from(good)))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert_eq!(res.json()["imported"], 1);

    let bad = hand_made_roster(&[["", "女", "2008-07-01", "13905951234", "第一党小组"]]);
    let res = c.send(bearer("POST", &path, &token, Body::from(bad))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"], "import-error-rows");
    assert_eq!(res.json()["errors"][0]["index"], 3, "the row");
    assert_eq!(res.json()["errors"][0]["field"], "姓名", "the column");
    assert!(
        !res.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .is_empty()
    );

    let member = app.api_token("member").await;
    let res = c
        .send(bearer("POST", &path, &member, Body::from(vec![1, 2, 3])))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let app = TestApp::sqlite().await;
    let doc = app.client().get("/api/v1/openapi.json").await.json();
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/me",
        "/api/v1/organisations/{id}",
        "/api/v1/organisations/{id}/plan",
        "/api/v1/organisations/{id}/people",
        "/api/v1/organisations/{id}/roster",
        "/api/v1/audit",
    ] {
        assert!(paths.contains_key(p), "{p}");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

#[tokio::test]
async fn a_revoked_token_stops_working() {
    let app = TestApp::sqlite().await;
    let token = app.api_token("office").await;
    let mut c = app.client();
    assert_eq!(
        c.send(bearer("GET", "/api/v1/audit", &token, Body::empty()))
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
        c.send(bearer("GET", "/api/v1/audit", &token, Body::empty()))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}
