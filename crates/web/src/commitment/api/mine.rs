//! The caller's own commitment for the current phase: read it, or save its
//! items as a draft (and submit them).

use super::view::CommitmentView;
use crate::commitment::rules::{self, current_phase, member_subject};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use domain::commitment::ItemInput;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct ItemBody {
    /// Keep an item's key to keep its progress across revisions.
    pub key: Option<String>,
    pub criterion: String,
    pub what: String,
    pub target: String,
    /// YYYY-MM-DD, within the current phase.
    pub due_on: String,
    /// 1–10; 1 when absent.
    pub weight: Option<u32>,
}

#[derive(Deserialize, ToSchema)]
pub struct CommitmentBody {
    pub items: Vec<ItemBody>,
    /// Submit for approval after saving.
    #[serde(default)]
    pub submit: bool,
}

async fn view(state: &AppState, id: i64) -> Result<CommitmentView, AppError> {
    let c = state.store.commitment(id).await?;
    Ok(CommitmentView::of(
        &c,
        &state.store.progress_of(&[c.id]).await?,
    ))
}

/// The caller's own commitment for the current phase, with its progress.
#[utoipa::path(get, path = "/api/v1/me/commitment", tag = "commitments",
    responses((status = 200, body = CommitmentView), (status = 404, description = "none yet")))]
pub async fn my_commitment(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<CommitmentView>, AppError> {
    let s = member_subject(&state, &ctx).await?;
    let (_, phase) = current_phase(&state, &s.org).await?;
    let c = state
        .store
        .commitment_of(s.org.id, s.person_id, &phase.key)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(view(&state, c.id).await?))
}

/// Saves the caller's items as a draft (and submits them when asked).
#[utoipa::path(put, path = "/api/v1/me/commitment", tag = "commitments", request_body = CommitmentBody,
    responses((status = 200, body = CommitmentView),
        (status = 422, description = "every wrong field in `errors`: `index` its item"),
        (status = 409, description = "waiting for approval")))]
pub async fn save_my_commitment(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(body): Json<CommitmentBody>,
) -> Result<Json<CommitmentView>, AppError> {
    let s = member_subject(&state, &ctx).await?;
    let inputs: Vec<ItemInput> = body
        .items
        .into_iter()
        .map(|i| ItemInput {
            key: i.key,
            criterion: i.criterion,
            what: i.what,
            target: i.target,
            due_on: i.due_on,
            weight: i.weight.map(|w| w.to_string()).unwrap_or_default(),
        })
        .collect();
    let id = rules::save(&state, &ctx, &s, &inputs, body.submit).await?;
    Ok(Json(view(&state, id).await?))
}
