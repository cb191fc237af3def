//! Commitments, opinions, reviews and rectification over the JSON API.

use crate::support::TestApp;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_commitment_and_a_review_run_their_whole_course_over_the_api() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let (member, secretary, leader) = (
        app.api_token("member").await,
        app.api_token("secretary").await,
        app.api_token("leader").await,
    );
    let due = app.demo.first_phase.1.to_string();
    let mut c = app.client();

    let bad = json!({ "items": [{ "criterion": "study", "what": "", "target": "x", "due_on": "1999-01-01" }] });
    let res = c
        .api("PUT", "/api/v1/me/commitment", Some(&member), Some(bad))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = res.json();
    let fields: Vec<&str> = errors["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["what", "due_on"]);

    let good = json!({ "items": [{ "criterion": "study", "what": "每月读书", "target": "12本", "due_on": due, "weight": 2 }], "submit": true });
    let res = c
        .api("PUT", "/api/v1/me/commitment", Some(&member), Some(good))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["status"], "submitted");
    let id = res.json()["id"].as_i64().unwrap();
    let key = res.json()["draft"][0]["key"].as_str().unwrap().to_string();

    let decide = |d: &str| Some(json!({ "decision": d }));
    assert_eq!(
        c.api(
            "POST",
            &format!("/api/v1/commitments/{id}/decision"),
            Some(&member),
            decide("approve")
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        c.api(
            "POST",
            &format!("/api/v1/commitments/{id}/decision"),
            Some(&secretary),
            decide("approve")
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    let again = c
        .api(
            "POST",
            &format!("/api/v1/commitments/{id}/decision"),
            Some(&secretary),
            decide("approve"),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.json()["error"], "commitment-error-not-submitted");

    let res = c
        .api(
            "POST",
            &format!("/api/v1/commitments/{id}/items/{key}/progress"),
            Some(&member),
            Some(json!({ "percent": 50, "status": "in_progress", "note": "读了6本" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let mine = c
        .api("GET", "/api/v1/me/commitment", Some(&member), None)
        .await;
    assert_eq!(mine.json()["progress"]["overall"], 50);

    // The public board needs no account; neither does an opinion.
    let board = c
        .api(
            "GET",
            &format!("/api/v1/organisations/{branch}/board"),
            None,
            None,
        )
        .await;
    assert_eq!(
        board.json()["commitments"][0]["approved"][0]["what"],
        "每月读书"
    );
    assert!(board.json()["commitments"][0].get("draft").is_none());
    let res = c
        .api(
            "POST",
            &format!("/api/v1/organisations/{branch}/opinions"),
            None,
            Some(json!({ "commitment_id": id, "text": "加油" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
    let pending = c
        .api(
            "GET",
            &format!("/api/v1/organisations/{branch}/opinions/pending"),
            Some(&secretary),
            None,
        )
        .await;
    let opinion = pending.json()[0]["id"].as_i64().unwrap();
    assert_eq!(
        c.api(
            "GET",
            &format!("/api/v1/organisations/{branch}/opinions/pending"),
            Some(&member),
            None
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    c.api(
        "POST",
        &format!("/api/v1/opinions/{opinion}/moderation"),
        Some(&secretary),
        Some(json!({ "approve": true })),
    )
    .await;
    assert_eq!(
        c.api(
            "POST",
            &format!("/api/v1/opinions/{opinion}/reply"),
            Some(&member),
            Some(json!({ "text": "谢谢" }))
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    let board = c
        .api(
            "GET",
            &format!("/api/v1/organisations/{branch}/board"),
            None,
            None,
        )
        .await;
    assert_eq!(
        board.json()["commitments"][0]["opinions"][0]["reply"],
        "谢谢"
    );

    // A review of the member, a rectification item, closed by the leader.
    let person = app
        .db
        .store
        .commitment(id)
        .await
        .unwrap()
        .person_id
        .unwrap();
    let res = c.api("POST", &format!("/api/v1/organisations/{branch}/reviews"), Some(&leader), Some(json!({ "person_id": person, "affirmed": "认真", "problems": "心得少", "direction": "多写", "criteria": ["study"] }))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let review = res.json()["id"].as_i64().unwrap();
    assert_eq!(
        c.api(
            "POST",
            &format!("/api/v1/organisations/{branch}/reviews"),
            Some(&member),
            Some(json!({ "affirmed": "a", "problems": "b", "direction": "c" }))
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        c.api(
            "GET",
            &format!("/api/v1/reviews/{review}"),
            Some(&member),
            None
        )
        .await
        .json()["parts"]["problems"][0],
        "心得少"
    );
    let other = app.api_token("demo04").await;
    assert_eq!(
        c.api(
            "GET",
            &format!("/api/v1/reviews/{review}"),
            Some(&other),
            None
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    c.api(
        "POST",
        &format!("/api/v1/reviews/{review}/replies"),
        Some(&member),
        Some(json!({ "text": "马上改" })),
    )
    .await;
    let res = c
        .api(
            "POST",
            &format!("/api/v1/reviews/{review}/rectifications"),
            Some(&leader),
            Some(json!({ "problem": "心得少", "owner_person_id": person, "due_on": due })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED);
    let item = res.json()["id"].as_i64().unwrap();
    assert_eq!(
        c.api(
            "POST",
            &format!("/api/v1/rectifications/{item}"),
            Some(&member),
            Some(json!({ "note": "补写两篇" }))
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        c.api(
            "POST",
            &format!("/api/v1/rectifications/{item}/close"),
            Some(&member),
            None
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        c.api(
            "POST",
            &format!("/api/v1/rectifications/{item}/close"),
            Some(&leader),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    let list = c
        .api(
            "GET",
            &format!("/api/v1/organisations/{branch}/rectifications"),
            Some(&member),
            None,
        )
        .await;
    assert_eq!(list.json()[0]["status"], "closed");

    let doc = c
        .api("GET", "/api/v1/openapi.json", None, None)
        .await
        .json();
    for p in [
        "/api/v1/me/commitment",
        "/api/v1/organisations/{id}/board",
        "/api/v1/reviews/{id}/rectifications",
        "/api/v1/rectifications/{id}/close",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p}");
    }
}
