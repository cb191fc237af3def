//! Recording progress on an approved item, with an optional evidence file (an
//! image or a PDF, known by its bytes). A refused file shows the commitment's
//! page again, the note as typed and the reason beside the file field.

use super::edit::page;
use crate::commitment::rules::{self, ProgressReport, subject_of};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::page::html_status;
use crate::http::state::AppState;
use crate::http::upload::{MAX_EVIDENCE, evidence_type, read_multipart};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use store::commitment::EvidenceFile;

pub async fn record(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, key)): Path<(i64, String)>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let c = state.store.commitment(id).await?;
    if !rules::may_report(&state, &ctx, &c).await? {
        return Err(AppError::Forbidden);
    }
    let form = read_multipart(multipart, "evidence").await?;
    let evidence = match form.file.clone() {
        Some((_, bytes)) if bytes.len() > MAX_EVIDENCE => return Err(AppError::TooLarge),
        Some((filename, bytes)) => match evidence_type(&bytes) {
            Some(content_type) => Some(EvidenceFile {
                filename,
                content_type: content_type.into(),
                body: bytes,
            }),
            None => {
                let mut p = page(&state, &ctx, subject_of(&state, &ctx, &c).await?).await?;
                let why = p.t.t("commitment-error-evidence");
                p.progress_error = Some((key, why, form.text("note").to_string()));
                return html_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
            }
        },
        None => None,
    };
    let report = ProgressReport {
        percent: form.text("percent").trim().parse().ok(),
        status: form.text("status"),
        note: form.text("note"),
        evidence,
    };
    rules::record_progress(&state, &ctx, &c, &key, report).await?;
    let back = match c.person_id {
        Some(_) => "/commitments".to_string(),
        None => format!("/organisations/{}/commitment", c.org_id),
    };
    Ok(Redirect::to(&format!("{back}?saved=progress")).into_response())
}
