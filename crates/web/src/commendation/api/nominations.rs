//! Nomination steps and objections over JSON.

use super::view::{NominationView, ObjectionView};
use crate::commendation::nominating;
use crate::commendation::objection;
use crate::commendation::rules::{is_office, selection_and_decider};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use store::commendation::NominationStatus;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct StepBody {
    /// `proposed`, `reviewed`, `approved`, `returned` or `withdrawn`.
    pub to: String,
    /// Required to return or withdraw.
    #[serde(default)]
    pub reason: String,
}

/// Moves a nomination one level: whoever that level belongs to.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/steps", tag = "commendation",
    request_body = StepBody, params(("id" = i64, Path)),
    responses((status = 200, body = NominationView), (status = 403), (status = 409), (status = 422)))]
pub async fn step_nomination(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<StepBody>,
) -> Result<Json<NominationView>, AppError> {
    let n = state.store.nomination(id).await?;
    let (s, decider) = selection_and_decider(&state, n.selection_id).await?;
    let to = NominationStatus::parse(&b.to).ok_or(AppError::invalid("to", "error-bad-request"))?;
    nominating::step(&state, &ctx, &s, &decider, &n, to, &b.reason).await?;
    Ok(Json(NominationView::from(
        &state.store.nomination(id).await?,
    )))
}

/// A selection's objections: the deciding organisation's office only.
#[utoipa::path(get, path = "/api/v1/selections/{id}/objections", tag = "commendation",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<ObjectionView>), (status = 403)))]
pub async fn list_objections(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ObjectionView>>, AppError> {
    let (_, decider) = selection_and_decider(&state, id).await?;
    if !is_office(&ctx, &decider) {
        return Err(ctx.refused());
    }
    let list = state.store.objections(id).await?;
    Ok(Json(list.iter().map(ObjectionView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct OutcomeBody {
    /// `upheld` or `dismissed`.
    pub status: String,
    pub outcome: String,
}

#[utoipa::path(post, path = "/api/v1/objections/{id}/outcome", tag = "commendation",
    request_body = OutcomeBody, params(("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 409), (status = 422)))]
pub async fn handle_objection(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<OutcomeBody>,
) -> Result<StatusCode, AppError> {
    let sid = state.store.objection_selection(id).await?;
    let (_, decider) = selection_and_decider(&state, sid).await?;
    objection::handle(&state, &ctx, &decider, id, &b.status, &b.outcome).await?;
    Ok(StatusCode::NO_CONTENT)
}
