//! A rectification item's owner reports what was done, with an optional file;
//! the reviewer or the branch leadership close it; its files go to those who
//! may see the item.

use crate::http::context::Ctx;
use crate::http::download::inline_file;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::http::upload::{MAX_EVIDENCE, evidence_type, read_multipart};
use crate::review::rectification;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use store::commitment::EvidenceFile;

pub async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let item = state.store.rectification(id).await?;
    ctx.user()?;
    if !crate::review::rules::may_report(&ctx, &item) {
        return Err(AppError::Forbidden);
    }
    let form = read_multipart(multipart, "evidence").await?;
    let file = match form.file.clone() {
        Some((_, bytes)) if bytes.len() > MAX_EVIDENCE => return Err(AppError::TooLarge),
        Some((filename, bytes)) => {
            let content_type =
                evidence_type(&bytes).ok_or(AppError::bad_request("commitment-error-evidence"))?;
            Some(EvidenceFile {
                filename,
                content_type: content_type.into(),
                body: bytes,
            })
        }
        None => None,
    };
    rectification::report(&state, &ctx, &item, form.text("note"), file).await?;
    Ok(Redirect::to(&format!("/organisations/{}/reviews", item.org_id)).into_response())
}

pub async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let item = state.store.rectification(id).await?;
    rectification::close(&state, &ctx, &item).await?;
    Ok(Redirect::to(&format!("/organisations/{}/reviews", item.org_id)).into_response())
}

/// A rectification file, to those who may see the item.
pub async fn file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (item_id, file) = state.store.rectification_file(id).await?;
    let item = state.store.rectification(item_id).await?;
    rectification::visible(&state, &ctx, &item).await?;
    Ok(inline_file(&file.filename, file.content_type, file.body))
}
