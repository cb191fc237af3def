//! Voting over JSON, for anyone holding a code: what the code opens, and
//! casting. The code travels in the body only. A code that already voted gets
//! its receipt back, never a second ballot.

use super::view::{
    BallotRoundView, BallotView, CriterionView, LevelView, ReceiptView, TargetView, rfc3339,
};
use crate::evaluation::voting::{cast_code, open_ballot};
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::evaluation::ballot::BallotInput;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct CodeBody {
    pub code: String,
}

/// What a code opens: the round, its criteria and scale, and the targets the
/// code covers.
#[utoipa::path(post, path = "/api/v1/vote/ballot", tag = "voting", security(()),
    request_body = CodeBody, responses((status = 200, body = BallotView),
        (status = 422, description = "why the code opens nothing; a used code's `receipt`")))]
pub async fn open_ballot_by_code(
    State(state): State<AppState>,
    Json(b): Json<CodeBody>,
) -> Result<Json<BallotView>, AppError> {
    let open = open_ballot(&state, &b.code).await?;
    Ok(Json(BallotView {
        round: BallotRoundView {
            id: open.round.id,
            title: open.round.title.clone(),
            criteria: open
                .round
                .criteria
                .iter()
                .map(CriterionView::from)
                .collect(),
            scale: open.round.scale.iter().map(LevelView::from).collect(),
            closes_at: rfc3339(open.round.closes_at),
        },
        targets: open.targets.iter().map(TargetView::from).collect(),
    }))
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
    request_body = BallotBody, responses((status = 201, body = ReceiptView),
    (status = 200, body = ReceiptView, description = "already counted: the same receipt"),
    (status = 422, description = "the code's problem, or each missing rating (`ratings.TARGET.CRITERION`) in `errors`")))]
pub async fn cast_ballot(
    State(state): State<AppState>,
    Json(b): Json<BallotBody>,
) -> Result<(StatusCode, Json<ReceiptView>), AppError> {
    let input = BallotInput {
        ratings: b
            .ratings
            .iter()
            .map(|r| ((r.target, r.criterion), r.level))
            .collect(),
        comments: b.comments.into_iter().map(|c| (c.target, c.text)).collect(),
    };
    let receipt = cast_code(&state, &b.code, &input, None).await?;
    let status = if receipt.again {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((
        status,
        Json(ReceiptView {
            receipt: receipt.code,
            again: receipt.again,
            round_id: receipt.round_id,
        }),
    ))
}
