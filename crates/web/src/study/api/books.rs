//! Books over JSON: the recommended list and the 晒书 wall, recommending one
//! and liking one.

use super::view::{BooksView, LikedView, RecommendationView, RecordView};
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use crate::study::books;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

/// The recommended books and the 晒书 wall.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/books", tag = "study",
    params(("id" = i64, Path)), responses((status = 200, body = BooksView), (status = 403)))]
pub async fn list_books(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Json<BooksView>, AppError> {
    let reader = ctx.user()?.person_id;
    let (wall, liked) = state.store.wall(org.id, Some(reader)).await?;
    let recommendations = state.store.recommendations(org.id).await?;
    let mut liked: Vec<i64> = liked.into_iter().collect();
    liked.sort_unstable();
    Ok(Json(BooksView {
        recommendations: recommendations
            .iter()
            .map(RecommendationView::from)
            .collect(),
        wall: wall.iter().map(RecordView::from).collect(),
        liked,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct RecommendBody {
    pub title: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/organisations/{id}/books", tag = "study", request_body = RecommendBody,
    params(("id" = i64, Path)), responses((status = 201, body = Created),
        (status = 422, description = "every refused field in `errors`")))]
pub async fn recommend_book(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Json(b): Json<RecommendBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let id = books::recommend(&state, &ctx, &org, &b.title, &b.author, &b.reason).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Likes a book on the wall, or takes the like back.
#[utoipa::path(post, path = "/api/v1/study/records/{id}/like", tag = "study",
    params(("id" = i64, Path)), responses((status = 200, body = LikedView)))]
pub async fn like_book(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<LikedView>, AppError> {
    let (liked, _) = books::like(&state, &ctx, id).await?;
    Ok(Json(LikedView { liked }))
}
