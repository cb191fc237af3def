//! Recording progress on an approved item. (Evidence files are uploaded on the
//! page.)

use crate::commitment::rules::{self, ProgressReport};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct ProgressBody {
    pub percent: u8,
    /// not_started, in_progress, done or not_done
    pub status: String,
    #[serde(default)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/v1/commitments/{id}/items/{key}/progress", tag = "commitments", request_body = ProgressBody,
    params(("id" = i64, Path), ("key" = String, Path)), responses((status = 204), (status = 403), (status = 422)))]
pub async fn record_progress(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, key)): Path<(i64, String)>,
    Json(b): Json<ProgressBody>,
) -> Result<StatusCode, AppError> {
    let c = state.store.commitment(id).await?;
    let report = ProgressReport {
        percent: Some(b.percent),
        status: &b.status,
        note: &b.note,
        evidence: None,
    };
    rules::record_progress(&state, &ctx, &c, &key, report).await?;
    Ok(StatusCode::NO_CONTENT)
}
