//! Recommended books: a title and bounded fields on the page and in the API.

use crate::support;
use crate::support::TestApp;
use axum::http::StatusCode;

#[tokio::test]
async fn a_recommendation_needs_a_title_and_bounded_fields_on_the_page_and_the_api() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let listed = || async { app.db.store.recommendations(branch).await.unwrap().len() };
    let before = listed().await;
    let mut member = app.signed_in("member").await;
    let path = format!("/organisations/{branch}/books/recommend");
    let long = "书".repeat(501);
    let res = member
        .post_form(&path, &[("title", " "), ("reason", &long)])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"rec-title-error\"") && res.body.contains("内容过长"));
    let mut c = app.client();
    let token = app.api_token("member").await;
    let api = format!("/api/v1/organisations/{branch}/books");
    let res = c
        .api(
            "POST",
            &api,
            Some(&token),
            Some(serde_json::json!({ "title": "", "reason": long })),
        )
        .await;
    assert_eq!(res.json()["error"], "study-invalid");
    let problem = |res: &support::Reply, field: &str| {
        res.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["field"] == field)
            .map(|e| e["message"].as_str().unwrap().to_string())
    };
    assert!(problem(&res, "title").is_some_and(|m| m.contains("必填")));
    assert!(problem(&res, "reason").is_some());
    let res = c
        .api(
            "POST",
            &api,
            Some(&token),
            Some(serde_json::json!({ "title": "乡土中国", "reason": long })),
        )
        .await;
    assert_eq!(res.json()["error"], "study-invalid");
    assert!(problem(&res, "title").is_none());
    assert!(problem(&res, "reason").is_some_and(|m| m.contains("过长")));
    assert_eq!(listed().await, before, "refusals add nothing");
    let res = member
        .post_form(
            &path,
            &[
                ("title", "红岩"),
                ("author", "罗广斌、杨益言"),
                ("reason", "重温革命传统"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(listed().await, before + 1);
    assert!(
        member
            .get(&format!("/organisations/{branch}/books"))
            .await
            .body
            .contains("重温革命传统")
    );
}
