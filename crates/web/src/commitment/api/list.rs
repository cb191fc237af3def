//! A branch's commitments for the current phase, with progress.

use super::view::{BranchCommitmentsView, CommitmentView};
use crate::commitment::rules::branch_list;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;

#[utoipa::path(get, path = "/api/v1/organisations/{id}/commitments", tag = "commitments",
    params(("id" = i64, Path)), responses((status = 200, body = BranchCommitmentsView), (status = 403)))]
pub async fn list_commitments(
    State(state): State<AppState>,
    ReadOrg(org): ReadOrg,
) -> Result<Json<BranchCommitmentsView>, AppError> {
    let list = branch_list(&state, &org).await?;
    Ok(Json(BranchCommitmentsView {
        phase: list.phase.key.clone(),
        overall: list.overall,
        commitments: list
            .commitments
            .iter()
            .map(|c| CommitmentView::of(c, &list.progress))
            .collect(),
    }))
}
