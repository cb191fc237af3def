//! The reviewed side answers a review; a refused answer shows the review again
//! with why.

use super::show::review_page;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::page::html_status;
use crate::http::state::AppState;
use crate::review::writing;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ReplyForm {
    text: String,
}

pub async fn reply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ReplyForm>,
) -> Result<Response, AppError> {
    let mut page = review_page(&state, &ctx, id).await?;
    match writing::reply(&state, &ctx, &page.review, &page.org, &f.text).await {
        Ok(()) => Ok(Redirect::to(&format!("/reviews/{id}")).into_response()),
        Err(AppError::Refused(r)) => {
            page.error = Some(page.t.refusal(&r));
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}
