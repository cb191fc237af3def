//! An evidence file of an approved commitment, public as the board is: shown
//! inline and sandboxed.

use crate::http::download::inline_file;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;

pub async fn evidence(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (commitment, file) = state.store.evidence(id).await?;
    if state.store.commitment(commitment).await?.approved.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(inline_file(&file.filename, file.content_type, file.body))
}
