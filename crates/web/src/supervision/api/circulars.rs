//! Progress circulars over JSON: list and draft, show and edit, publish.

use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use crate::supervision::circular::{self, draft_for, may_read};
use crate::supervision::rules::supervised;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use store::supervision::Circular;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct CircularView {
    pub id: i64,
    pub org_id: i64,
    pub period_first: String,
    pub period_last: String,
    /// 第N期, once published.
    pub number: Option<i64>,
    pub title: String,
    pub body: String,
    /// `draft` or `published`.
    pub status: String,
    pub published_at: Option<String>,
    pub branches: usize,
    pub overdue: usize,
}

impl From<&Circular> for CircularView {
    fn from(c: &Circular) -> CircularView {
        CircularView {
            id: c.id,
            org_id: c.org_id,
            period_first: c.period_first.to_string(),
            period_last: c.period_last.to_string(),
            number: c.number,
            title: c.title.clone(),
            body: c.body.clone(),
            status: c.status.as_str().into(),
            published_at: c.published_at.clone(),
            branches: c.figures.branches,
            overdue: c.figures.overdue_count,
        }
    }
}

/// The organisation's circulars, the newest period first.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/circulars", tag = "supervision",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<CircularView>), (status = 403)))]
pub async fn list_circulars(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Json<Vec<CircularView>>, AppError> {
    let org = supervised(&ctx, org)?;
    let list = state.store.circulars(org.id).await?;
    Ok(Json(list.iter().map(CircularView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct DraftBody {
    /// A day of the period to report (YYYY-MM-DD), not in the future.
    pub period: String,
}

/// Drafts the circular of a period; one per period.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/circulars", tag = "supervision",
    request_body = DraftBody, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 409), (status = 422)))]
pub async fn draft_circular(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Json(b): Json<DraftBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let id = draft_for(&state, &ctx, &org, &b.period).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// One circular.
#[utoipa::path(get, path = "/api/v1/circulars/{id}", tag = "supervision",
    params(("id" = i64, Path)),
    responses((status = 200, body = CircularView), (status = 403), (status = 404)))]
pub async fn show_circular(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<CircularView>, AppError> {
    let c = state.store.circular(id).await?;
    let org = state.store.organisation(c.org_id).await?;
    if !may_read(&ctx, &org, &c) {
        return Err(ctx.refused());
    }
    Ok(Json(CircularView::from(&c)))
}

#[derive(Deserialize, ToSchema)]
pub struct EditCircularBody {
    pub title: String,
    pub body: String,
}

/// The office edits a draft.
#[utoipa::path(put, path = "/api/v1/circulars/{id}", tag = "supervision",
    request_body = EditCircularBody, params(("id" = i64, Path)),
    responses((status = 200, body = CircularView), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn edit_circular(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<EditCircularBody>,
) -> Result<Json<CircularView>, AppError> {
    let c = state.store.circular(id).await?;
    circular::edit(&state, &ctx, &c, &b.title, &b.body).await?;
    Ok(Json(CircularView::from(&state.store.circular(id).await?)))
}

/// The office numbers (第N期) and publishes a draft; the branches are told.
#[utoipa::path(post, path = "/api/v1/circulars/{id}/publish", tag = "supervision",
    params(("id" = i64, Path)),
    responses((status = 200, body = CircularView), (status = 403), (status = 404), (status = 409)))]
pub async fn publish_circular(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<CircularView>, AppError> {
    let c = state.store.circular(id).await?;
    circular::publish(&state, &ctx, &c).await?;
    Ok(Json(CircularView::from(&state.store.circular(id).await?)))
}
