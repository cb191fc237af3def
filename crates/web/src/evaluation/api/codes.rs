//! Codes over JSON: making a batch (its codes shown this once) and revoking.

use super::view::{IssuedView, RevokedView};
use crate::evaluation::codes::{self, BatchInput};
use crate::evaluation::round::managed;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::evaluation::MAX_CODES_AT_ONCE;
use domain::evaluation::code::Code;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct CodesBody {
    /// 1–2000.
    pub count: u32,
    /// The one target the codes cover; all when absent.
    pub target: Option<i64>,
    /// A note for the batch, at most 50 characters.
    #[serde(default)]
    pub label: String,
}

/// Makes codes and returns them: the only time they are shown.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/codes", tag = "evaluations",
    request_body = CodesBody, params(("id" = i64, Path)),
    responses((status = 201, body = IssuedView), (status = 403), (status = 422)))]
pub async fn issue_codes(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<CodesBody>,
) -> Result<(StatusCode, Json<IssuedView>), AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    let batch = BatchInput {
        count: Some(b.count),
        max: MAX_CODES_AT_ONCE,
        target: b.target,
        label: &b.label,
        channel: "api",
    };
    let issued = codes::issue(&state, &ctx, &round, batch).await?;
    Ok((
        StatusCode::CREATED,
        Json(IssuedView {
            batch_id: issued.batch.batch_id,
            codes: issued.batch.codes.iter().map(Code::text).collect(),
        }),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct RevokeBody {
    /// One code, by its text.
    pub code: Option<String>,
    /// Every unused code of a batch of this round.
    pub batch_id: Option<i64>,
}

/// Revokes one code, or every unused code of a batch.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/revocations", tag = "evaluations",
    request_body = RevokeBody, params(("id" = i64, Path)),
    responses((status = 200, body = RevokedView), (status = 403), (status = 422)))]
pub async fn revoke_codes(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<RevokeBody>,
) -> Result<Json<RevokedView>, AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    let revoked = codes::revoke(&state, &ctx, &round, b.batch_id, b.code.as_deref()).await?;
    Ok(Json(RevokedView { revoked }))
}
