//! A round over the JSON API: opening, codes, voting and results.

use crate::support::{TestApp, local_input};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

#[tokio::test]
async fn the_api_opens_a_round_makes_codes_votes_and_reads_results() {
    let app = TestApp::sqlite().await;
    let token = app.api_token("secretary").await;
    let mut c = app.client();
    let branch = app.demo.branch.id;
    let body = serde_json::json!({
        "title": "", "kind": "members", "opens_at": "x", "closes_at": local_input(24)
    });
    let bad = c
        .api(
            "POST",
            &format!("/api/v1/organisations/{branch}/evaluations"),
            Some(&token),
            Some(body),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = bad.json();
    let fields: Vec<&str> = errors["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"title") && fields.contains(&"opens_at"),
        "{fields:?}"
    );

    let people = app
        .db
        .store
        .all_people(&app.demo.branch.path)
        .await
        .unwrap();
    let created = c
        .api(
            "POST",
            &format!("/api/v1/organisations/{branch}/evaluations"),
            Some(&token),
            Some(serde_json::json!({
                "title": "接口评议", "kind": "members", "criteria": ["study"],
                "opens_at": local_input(-1), "closes_at": local_input(24),
                "targets": [people[0].id], "min_ballots": 3,
            })),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_i64().unwrap();
    let issued = c
        .api(
            "POST",
            &format!("/api/v1/evaluations/{id}/codes"),
            Some(&token),
            Some(serde_json::json!({ "count": 3 })),
        )
        .await;
    assert_eq!(issued.status, StatusCode::CREATED);
    let codes: Vec<String> = issued.json()["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    // Anyone with a code votes, without an account.
    let mut voter = app.client();
    let ballot = voter
        .api(
            "POST",
            "/api/v1/vote/ballot",
            None,
            Some(serde_json::json!({ "code": codes[0] })),
        )
        .await;
    assert_eq!(ballot.status, StatusCode::OK, "{}", ballot.body);
    let target = ballot.json()["targets"][0]["id"].as_i64().unwrap();
    let incomplete = voter
        .api(
            "POST",
            "/api/v1/vote",
            None,
            Some(serde_json::json!({ "code": codes[0], "ratings": [] })),
        )
        .await;
    assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(incomplete.json()["error"], "vote-error-incomplete");
    assert_eq!(
        incomplete.json()["errors"][0]["field"],
        format!("ratings.{target}.0")
    );
    let mut receipts = Vec::new();
    for code in &codes {
        let body = serde_json::json!({
            "code": code, "ratings": [{ "target": target, "criterion": 0, "level": 0 }]
        });
        let cast = voter.api("POST", "/api/v1/vote", None, Some(body)).await;
        assert_eq!(cast.status, StatusCode::CREATED, "{}", cast.body);
        receipts.push(cast.json()["receipt"].as_str().unwrap().to_string());
    }
    let body = serde_json::json!({
        "code": codes[0], "ratings": [{ "target": target, "criterion": 0, "level": 3 }]
    });
    let again = voter.api("POST", "/api/v1/vote", None, Some(body)).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["receipt"], receipts[0].as_str());
    assert_eq!(again.json()["again"], true);

    let early = c
        .send(
            Request::get(format!("/api/v1/evaluations/{id}/results"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "not before the close");
    let closed = c
        .api(
            "POST",
            &format!("/api/v1/evaluations/{id}/close"),
            Some(&token),
            Some(serde_json::json!({})),
        )
        .await;
    assert_eq!(closed.status, StatusCode::NO_CONTENT);
    let results = c
        .send(
            Request::get(format!("/api/v1/evaluations/{id}/results"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .json();
    assert_eq!(results["ballots"], 3);
    assert_eq!(
        results["targets"][0]["result"]["criteria"][0]["counts"][0],
        3
    );
    let board = voter
        .get(&format!("/api/v1/evaluations/{id}/receipts"))
        .await
        .json();
    let mut sorted = receipts.clone();
    sorted.sort();
    assert_eq!(board["receipts"], serde_json::json!(sorted));
    assert_eq!(board["participation"]["used"], 3);

    let doc = app.client().get("/api/v1/openapi.json").await.json();
    for p in [
        "/api/v1/vote",
        "/api/v1/evaluations/{id}/codes",
        "/api/v1/evaluations/{id}/receipts",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p}");
    }
}
