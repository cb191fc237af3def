//! A closed round's results over JSON: the full results for its organisers and
//! the leaders above, the public receipt board, and raising a rectification
//! item from a target's result.

use super::view::{
    CriterionView, LevelView, ParticipationView, ReceiptsView, ResultsView, TargetResultView,
};
use crate::evaluation::manage::{self, RaiseInput};
use crate::evaluation::round::{current_round, is_closed, managed, readable_results};
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// The results of a closed round, to its organisers and the leaders above.
#[utoipa::path(get, path = "/api/v1/evaluations/{id}/results", tag = "evaluations",
    params(("id" = i64, Path)), responses((status = 200, body = ResultsView), (status = 403),
        (status = 409, description = "not closed yet")))]
pub async fn show_results(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<ResultsView>, AppError> {
    ctx.user()?;
    let (round, _, r) = readable_results(&state, &ctx, id).await?;
    let participation = state.store.participation(id).await?;
    Ok(Json(ResultsView {
        ballots: r.ballots,
        targets: r.targets.iter().map(TargetResultView::from).collect(),
        participation: ParticipationView::from(&participation),
        scale: round.scale.iter().map(LevelView::from).collect(),
        criteria: round.criteria.iter().map(CriterionView::from).collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct ReceiptsQuery {
    /// The page after this receipt.
    pub after: Option<String>,
}

/// Receipts on a page of the board.
const RECEIPTS_PER_PAGE: i64 = 1000;

/// The receipt board of a closed round: public.
#[utoipa::path(get, path = "/api/v1/evaluations/{id}/receipts", tag = "evaluations", security(()),
    params(("id" = i64, Path), ReceiptsQuery),
    responses((status = 200, body = ReceiptsView), (status = 409, description = "not closed yet")))]
pub async fn list_receipts(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<ReceiptsQuery>,
) -> Result<Json<ReceiptsView>, AppError> {
    let round = current_round(&state, id).await?;
    if !is_closed(&round) {
        return Err(AppError::conflict("evaluation-error-not-closed"));
    }
    let page = state
        .store
        .receipts(id, q.after.as_deref().unwrap_or(""), RECEIPTS_PER_PAGE)
        .await?;
    let participation = state.store.participation(id).await?;
    Ok(Json(ReceiptsView {
        ballots: state.store.ballot_count(id).await?,
        participation: ParticipationView::from(&participation),
        next_after: if page.len() as i64 == RECEIPTS_PER_PAGE {
            page.last().cloned()
        } else {
            None
        },
        receipts: page,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct ResultRectificationBody {
    pub problem: String,
    pub owner_person_id: i64,
    /// YYYY-MM-DD, today or later.
    pub due_on: String,
}

/// Raises a rectification item from a target's result.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/targets/{target}/rectifications", tag = "evaluations",
    request_body = ResultRectificationBody, params(("id" = i64, Path), ("target" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 422)))]
pub async fn raise_result_rectification(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, target_id)): Path<(i64, i64)>,
    Json(b): Json<ResultRectificationBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    let raise = RaiseInput {
        target_id,
        problem: &b.problem,
        owner: Some(b.owner_person_id),
        due_on: &b.due_on,
    };
    let (id, _) = manage::raise(&state, &ctx, &round, raise).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}
