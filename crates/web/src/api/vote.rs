//! Voting over JSON, for anyone holding a code: what the code opens, and
//! casting. The code travels in the body only. A code that already voted gets
//! its receipt back, never a second ballot.

use super::refusal;
use crate::evaluation::{VoteError, cast_code, open_ballot};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::evaluation::ballot::{BallotInput, BallotProblem};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct CodeBody {
    pub code: String,
}

fn refused(state: &AppState, ctx: &Ctx, e: VoteError) -> Result<Response, AppError> {
    match e {
        VoteError::Refused(why) => {
            let mut res = refusal(
                state,
                ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                why.message_id(),
            );
            if let Some(r) = why.receipt() {
                res = (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Json(json!({
                        "error": why.message_id(),
                        "message": state.i18n.text(ctx.locale, why.message_id()),
                        "receipt": r,
                    })),
                )
                    .into_response();
            }
            Ok(res)
        }
        VoteError::Incomplete(problems) => {
            let unrated: Vec<_> = problems
                .iter()
                .filter_map(|p| match p {
                    BallotProblem::Unrated { target, criterion } => {
                        Some(json!({ "target": target, "criterion": criterion }))
                    }
                    _ => None,
                })
                .collect();
            let id = if problems.contains(&BallotProblem::Foreign) {
                "vote-error-foreign"
            } else {
                "vote-error-incomplete"
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({
                    "error": id,
                    "message": state.i18n.text(ctx.locale, id),
                    "unrated": unrated,
                })),
            )
                .into_response())
        }
        VoteError::App(e) => Err(e),
    }
}

/// What a code opens: the round, its criteria and scale, and the targets the
/// code covers.
#[utoipa::path(post, path = "/api/v1/vote/ballot", tag = "voting", security(()),
    request_body = CodeBody, responses((status = 200, body = serde_json::Value), (status = 422)))]
pub async fn ballot(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<CodeBody>,
) -> Result<Response, AppError> {
    match open_ballot(&state, &b.code).await {
        Ok(open) => Ok(Json(json!({
            "round": {
                "id": open.round.id,
                "title": open.round.title,
                "criteria": open.round.criteria,
                "scale": open.round.scale,
                "closes_at": open.round.closes_at
                    .format(&time::format_description::well_known::Rfc3339)
                    .map_err(|e| AppError::Internal(e.to_string()))?,
            },
            "targets": open.targets,
        }))
        .into_response()),
        Err(e) => refused(&state, &ctx, e),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct Rating {
    pub target: i64,
    /// Position of the criterion in the round's list, from 0.
    pub criterion: u32,
    /// Position of the level in the round's scale, from 0.
    pub level: u32,
}

#[derive(Deserialize, ToSchema)]
pub struct Comment {
    pub target: i64,
    pub text: String,
}

#[derive(Deserialize, ToSchema)]
pub struct BallotBody {
    pub code: String,
    pub ratings: Vec<Rating>,
    #[serde(default)]
    pub comments: Vec<Comment>,
}

/// Casts a ballot: a level for every criterion of every target the code covers.
#[utoipa::path(post, path = "/api/v1/vote", tag = "voting", security(()),
    request_body = BallotBody, responses((status = 201, body = serde_json::Value),
    (status = 200, description = "already counted: the same receipt"), (status = 422)))]
pub async fn cast(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<BallotBody>,
) -> Result<Response, AppError> {
    let input = BallotInput {
        ratings: b
            .ratings
            .iter()
            .map(|r| ((r.target, r.criterion), r.level))
            .collect(),
        comments: b.comments.into_iter().map(|c| (c.target, c.text)).collect(),
    };
    match cast_code(&state, &b.code, &input, None).await {
        Ok(receipt) => Ok((
            if receipt.again {
                StatusCode::OK
            } else {
                StatusCode::CREATED
            },
            Json(json!({ "receipt": receipt.code, "again": receipt.again, "round_id": receipt.round_id })),
        )
            .into_response()),
        Err(e) => refused(&state, &ctx, e),
    }
}
