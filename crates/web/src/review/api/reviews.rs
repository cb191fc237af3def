//! Reviews over JSON: those of a branch the caller may read, writing one,
//! reading one with its replies, answering and publishing.

use super::view::{ReplyView, ReviewView, ReviewWithRepliesView};
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use crate::review::rules::{readable, readable_review};
use crate::review::writing::{self, NewReview};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

/// Reviews of a branch and its members that the caller may read.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/reviews", tag = "reviews",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<ReviewView>), (status = 403)))]
pub async fn list_reviews(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Json<Vec<ReviewView>>, AppError> {
    let (reviews, _) = readable(&state, &ctx, &org).await?;
    Ok(Json(reviews.iter().map(ReviewView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct ReviewBody {
    /// The member reviewed; absent for the branch itself.
    pub person_id: Option<i64>,
    pub affirmed: String,
    /// One problem a line.
    pub problems: String,
    pub direction: String,
    #[serde(default)]
    pub criteria: Vec<String>,
    /// The overall grade, by name, from the plan's review scale.
    #[serde(default)]
    pub grade: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/organisations/{id}/reviews", tag = "reviews", request_body = ReviewBody,
    params(("id" = i64, Path)), responses((status = 201, body = Created), (status = 403),
        (status = 422, description = "every wrong part in `errors`")))]
pub async fn create_review(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<ReviewBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let org = state.store.organisation(id).await?;
    let new = NewReview {
        person_id: b.person_id,
        affirmed: &b.affirmed,
        problems: &b.problems,
        direction: &b.direction,
        criteria: b.criteria,
        grade: b.grade.as_deref().unwrap_or(""),
    };
    let id = writing::create(&state, &ctx, &org, new).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// A review with its replies.
#[utoipa::path(get, path = "/api/v1/reviews/{id}", tag = "reviews",
    params(("id" = i64, Path)), responses((status = 200, body = ReviewWithRepliesView), (status = 403)))]
pub async fn show_review(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<ReviewWithRepliesView>, AppError> {
    ctx.user()?;
    let (review, _) = readable_review(&state, &ctx, id).await?;
    let replies = state.store.review_replies(id).await?;
    Ok(Json(ReviewWithRepliesView {
        review: ReviewView::from(&review),
        replies: replies.iter().map(ReplyView::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct ReviewReplyBody {
    pub text: String,
}

#[utoipa::path(post, path = "/api/v1/reviews/{id}/replies", tag = "reviews", request_body = ReviewReplyBody,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 422)))]
pub async fn reply_to_review(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<ReviewReplyBody>,
) -> Result<StatusCode, AppError> {
    let review = state.store.review(id).await?;
    let org = state.store.organisation(review.org_id).await?;
    writing::reply(&state, &ctx, &review, &org, &b.text).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct PublishBody {
    pub published: bool,
}

#[utoipa::path(post, path = "/api/v1/reviews/{id}/publish", tag = "reviews", request_body = PublishBody,
    params(("id" = i64, Path)), responses((status = 204), (status = 403)))]
pub async fn publish_review(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<PublishBody>,
) -> Result<StatusCode, AppError> {
    let review = state.store.review(id).await?;
    writing::publish(&state, &ctx, &review, b.published).await?;
    Ok(StatusCode::NO_CONTENT)
}
