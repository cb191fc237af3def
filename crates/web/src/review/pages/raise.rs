//! Making one of a review's problems a rectification item, with an owner and a
//! due date; a refusal shows the review again with why.

use super::show::review_page;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::page::html_status;
use crate::http::state::AppState;
use crate::review::rectification;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct RaiseForm {
    problem: String,
    owner: i64,
    due_on: String,
}

pub async fn raise(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<RaiseForm>,
) -> Result<Response, AppError> {
    let mut page = review_page(&state, &ctx, id).await?;
    match rectification::raise(&state, &ctx, &page.review, &f.problem, f.owner, &f.due_on).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/organisations/{}/reviews", page.org.id)).into_response())
        }
        Err(AppError::Refused(r)) => {
            page.error = Some(page.t.refusal(&r));
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}
