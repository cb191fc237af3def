//! The public board as data: approved commitments with progress, and shown
//! opinions.

use super::view::{BoardCommitmentView, BoardView};
use crate::commitment::board::board;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Path, State};

#[utoipa::path(get, path = "/api/v1/organisations/{id}/board", tag = "commitments", security(()),
    params(("id" = i64, Path)), responses((status = 200, body = BoardView)))]
pub async fn show_board(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<BoardView>, AppError> {
    let b = board(&state, id).await?;
    Ok(Json(BoardView {
        organisation: b.org.name.clone(),
        phase: b.phase.key.clone(),
        commitments: b
            .commitments
            .iter()
            .map(|c| {
                let opinions = b.opinions.get(&c.id).map_or(&[][..], Vec::as_slice);
                BoardCommitmentView::of(c, &b.progress, opinions)
            })
            .collect(),
    }))
}
