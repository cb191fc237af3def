//! Rectification items over JSON: raising one from a review's problem, those
//! of a branch the caller may see, the owner's report and closing.

use super::view::RectificationView;
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use crate::review::rectification;
use crate::review::rules::readable;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct RectificationBody {
    /// One of the review's problems, as written.
    pub problem: String,
    pub owner_person_id: i64,
    /// YYYY-MM-DD, today or later.
    pub due_on: String,
}

#[utoipa::path(post, path = "/api/v1/reviews/{id}/rectifications", tag = "reviews", request_body = RectificationBody,
    params(("id" = i64, Path)), responses((status = 201, body = Created), (status = 403), (status = 409), (status = 422)))]
pub async fn raise_rectification(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<RectificationBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let review = state.store.review(id).await?;
    let id = rectification::raise(
        &state,
        &ctx,
        &review,
        &b.problem,
        b.owner_person_id,
        &b.due_on,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The rectification items of a branch that the caller may see.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/rectifications", tag = "reviews",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<RectificationView>), (status = 403)))]
pub async fn list_rectifications(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Json<Vec<RectificationView>>, AppError> {
    let (_, items) = readable(&state, &ctx, &org).await?;
    Ok(Json(items.iter().map(RectificationView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct NoteBody {
    pub note: String,
}

/// The owner reports what was done.
#[utoipa::path(post, path = "/api/v1/rectifications/{id}", tag = "reviews", request_body = NoteBody,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 409), (status = 422)))]
pub async fn report_rectification(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<NoteBody>,
) -> Result<StatusCode, AppError> {
    let item = state.store.rectification(id).await?;
    rectification::report(&state, &ctx, &item, &b.note, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Closed only by the reviewer or the branch leadership.
#[utoipa::path(post, path = "/api/v1/rectifications/{id}/close", tag = "reviews",
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 409)))]
pub async fn close_rectification(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let item = state.store.rectification(id).await?;
    rectification::close(&state, &ctx, &item).await?;
    Ok(StatusCode::NO_CONTENT)
}
