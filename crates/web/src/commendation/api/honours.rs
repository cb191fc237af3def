//! Honours and exemplary cases over JSON.

use super::view::{CaseView, HonourView};
use crate::commendation::case::{self, CaseInput, may_publish, may_write};
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

/// The honour roll of the organisation's subtree, newest first.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/honours", tag = "commendation",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<HonourView>), (status = 403)))]
pub async fn list_honours(
    State(state): State<AppState>,
    ReadOrg(org): ReadOrg,
) -> Result<Json<Vec<HonourView>>, AppError> {
    let list = state.store.honour_roll(&org.path).await?;
    Ok(Json(list.iter().map(HonourView::from).collect()))
}

/// The organisation's cases: published ones, and all to their writers and reviewers.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/cases", tag = "commendation",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<CaseView>), (status = 403)))]
pub async fn list_cases(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Json<Vec<CaseView>>, AppError> {
    let published_only = !may_write(&ctx, &org) && !may_publish(&ctx, &org);
    let list = state.store.cases_within(&org.path, published_only).await?;
    Ok(Json(list.iter().map(CaseView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct CaseBody {
    /// The member it is about; left out for a group.
    pub person_id: Option<i64>,
    /// The honour it tells of.
    pub honour_id: Option<i64>,
    /// Whom it is about, when not a member (or to name them otherwise).
    #[serde(default)]
    pub subject: String,
    pub title: String,
    pub story: String,
}

/// Writes a case and submits it to the office above; photos go with the page's form.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/cases", tag = "commendation",
    request_body = CaseBody, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 422)))]
pub async fn write_case(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Json(b): Json<CaseBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let input = CaseInput {
        person: b.person_id.map(|p| p.to_string()).unwrap_or_default(),
        honour: b.honour_id.map(|h| h.to_string()).unwrap_or_default(),
        subject: b.subject,
        title: b.title,
        story: b.story,
    };
    let id = case::write(&state, &ctx, &org, &input, Vec::new()).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, ToSchema)]
pub struct ReviewCaseBody {
    pub publish: bool,
    /// Required to return it.
    #[serde(default)]
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/review", tag = "commendation",
    request_body = ReviewCaseBody, params(("id" = i64, Path)),
    responses((status = 200, body = CaseView), (status = 403), (status = 409), (status = 422)))]
pub async fn review_case(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<ReviewCaseBody>,
) -> Result<Json<CaseView>, AppError> {
    let c = state.store.case(id).await?;
    case::review(&state, &ctx, &c, b.publish, &b.reason).await?;
    Ok(Json(CaseView::from(&state.store.case(id).await?)))
}
