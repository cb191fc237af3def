//! Approving or returning a submitted commitment.

use crate::commitment::rules;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct DecisionBody {
    /// approve or return
    pub decision: String,
    /// Required when returning.
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/commitments/{id}/decision", tag = "commitments", request_body = DecisionBody,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 409), (status = 422)))]
pub async fn decide_commitment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<DecisionBody>,
) -> Result<StatusCode, AppError> {
    let reason = b.reason.unwrap_or_default();
    rules::decide(&state, &ctx, id, &b.decision, &reason).await?;
    Ok(StatusCode::NO_CONTENT)
}
