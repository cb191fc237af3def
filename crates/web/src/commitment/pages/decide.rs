//! Approving or returning a submitted commitment, with a reason to return it.
//! A refusal shows the list again with why.

use super::list::list_page;
use crate::commitment::rules;
use crate::http::context::{Ctx, flash};
use crate::http::error::AppError;
use crate::http::page::html_status;
use crate::http::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Decision {
    decision: String,
    #[serde(default)]
    reason: String,
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<Decision>,
) -> Result<Response, AppError> {
    match rules::decide(&state, &ctx, id, &f.decision, &f.reason).await {
        Ok(org) => {
            let done = if f.decision == "approve" {
                "flash-commitment-approved"
            } else {
                "flash-commitment-returned"
            };
            let to = format!("/organisations/{org}/commitments");
            Ok(flash(&to, done, state.config.secure_cookies))
        }
        Err(AppError::Refused(r)) => {
            let c = state.store.commitment(id).await?;
            let org = state.store.organisation(c.org_id).await?;
            let mut p = list_page(&state, &ctx, org).await?;
            p.error = Some(p.t.refusal(&r));
            html_status(r.status, &p)
        }
        Err(e) => Err(e),
    }
}
