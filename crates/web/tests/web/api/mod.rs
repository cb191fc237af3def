//! The JSON API as a whole: tokens, roles, errors as JSON, the OpenAPI
//! document and answers as it documents them.

mod campaign;

use crate::support::TestApp;
use crate::support::evaluation::{open_members_round, slips};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;

#[tokio::test]
async fn a_token_reads_what_its_account_may_read() {
    let app = TestApp::sqlite().await;
    let token = app.api_token("secretary").await;
    let mut c = app.client();
    let me = c.api("GET", "/api/v1/me", Some(&token), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["username"], "secretary");
    assert_eq!(me.json()["grants"][0]["role"], "secretary");

    let plan = c
        .api(
            "GET",
            &format!("/api/v1/organisations/{}/plan", app.demo.branch.id),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(plan.json()["plan"]["header"]["code"], "泉妇支〔2010〕2号");
    assert_eq!(
        plan.json()["plan"]["standards"][1]["criteria"][4]["name"],
        "带头弘扬正气"
    );

    let people = c
        .api(
            "GET",
            &format!(
                "/api/v1/organisations/{}/people?per_page=5",
                app.demo.branch.id
            ),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(people.json()["items"].as_array().unwrap().len(), 5);
    assert_eq!(people.json()["total"], 26);

    // The superior's node lies outside the secretary's subtree.
    let res = c
        .api(
            "GET",
            &format!("/api/v1/organisations/{}", app.demo.root.id),
            Some(&token),
            None,
        )
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
        .api("GET", "/api/v1/me", Some("cx_forged"), None)
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
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
        .api("POST", &path, Some(&token), Some(json!({ "count": -1 })))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"], "error-unprocessable");
    let res = c
        .api("POST", &path, Some(&token), Some(json!({ "count": 2001 })))
        .await;
    assert!(res.json()["message"].as_str().unwrap().contains("2000"));
    // A batch of the other round is not found through this one.
    let batch = app.db.store.batches(other).await.unwrap()[0].id;
    let res = c
        .api(
            "POST",
            &format!("/api/v1/evaluations/{round}/revocations"),
            Some(&token),
            Some(json!({ "batch_id": batch })),
        )
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

/// utoipa names a schema by its type's name alone: two types of one name in
/// different areas would share one schema, and one of them would answer
/// against the other's.
#[test]
fn every_typed_answer_and_body_has_a_schema_name_of_its_own() {
    fn scan(dir: &std::path::Path, names: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                scan(&path, names);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let mut derived = false;
                for line in text.lines() {
                    let line = line.trim();
                    if line.starts_with("#[derive(") {
                        derived = line.contains("ToSchema");
                    } else if let Some(rest) = line
                        .strip_prefix("pub struct ")
                        .or(line.strip_prefix("pub enum "))
                    {
                        if derived {
                            let name = rest.split([' ', '{', '(', '<']).next().unwrap().to_string();
                            names.push((name, path.display().to_string()));
                        }
                        derived = false;
                    }
                }
            }
        }
    }
    let mut names = Vec::new();
    scan(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut names,
    );
    assert!(names.len() > 50, "the scan found {} schemas", names.len());
    names.sort();
    let twice: Vec<_> = names.windows(2).filter(|w| w[0].0 == w[1].0).collect();
    assert!(twice.is_empty(), "schema names used twice: {twice:?}");
}
