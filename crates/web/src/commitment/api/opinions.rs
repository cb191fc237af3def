//! The masses' opinions over JSON: leaving one without an account, the
//! waiting ones for moderation, and the owner's answer.

use super::view::OpinionView;
use crate::commitment::opinion::{self, NewOpinion};
use crate::http::context::{ClientIp, Ctx};
use crate::http::error::AppError;
use crate::http::extract::ManageOrg;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::commitment::opinion::OpinionStatus;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct OpinionBody {
    pub commitment_id: i64,
    pub name: Option<String>,
    pub text: String,
}

/// Leaves an opinion on an approved commitment, without an account; held for moderation.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/opinions", tag = "commitments", security(()), request_body = OpinionBody,
    params(("id" = i64, Path)), responses((status = 202), (status = 422), (status = 429)))]
pub async fn leave_opinion(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(b): Json<OpinionBody>,
) -> Result<StatusCode, AppError> {
    let new = NewOpinion {
        commitment_id: b.commitment_id,
        name: b.name.as_deref().unwrap_or(""),
        text: &b.text,
        honeypot: "",
    };
    opinion::leave(&state, &ip, id, new).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Opinions waiting for moderation in a branch.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/opinions/pending", tag = "commitments",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<OpinionView>), (status = 403)))]
pub async fn pending_opinions(
    State(state): State<AppState>,
    ManageOrg(org): ManageOrg,
) -> Result<Json<Vec<OpinionView>>, AppError> {
    let list = state
        .store
        .branch_opinions(org.id, OpinionStatus::Pending)
        .await?;
    Ok(Json(list.iter().map(OpinionView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct ModerationBody {
    pub approve: bool,
}

#[utoipa::path(post, path = "/api/v1/opinions/{id}/moderation", tag = "commitments", request_body = ModerationBody,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 409)))]
pub async fn moderate_opinion(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<ModerationBody>,
) -> Result<StatusCode, AppError> {
    let o = state.store.opinion(id).await?;
    opinion::moderate(&state, &ctx, &o, b.approve).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct OpinionReplyBody {
    pub text: String,
}

/// The commitment's owner answers a shown opinion.
#[utoipa::path(post, path = "/api/v1/opinions/{id}/reply", tag = "commitments", request_body = OpinionReplyBody,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 409), (status = 422)))]
pub async fn reply_to_opinion(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<OpinionReplyBody>,
) -> Result<StatusCode, AppError> {
    let o = state.store.opinion(id).await?;
    opinion::reply(&state, &ctx, &o, &b.text).await?;
    Ok(StatusCode::NO_CONTENT)
}
