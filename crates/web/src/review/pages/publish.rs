//! Its writer publishes a review on the branch's board, or takes it back.

use crate::http::context::{Ctx, flash};
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::review::rules::readable_review;
use crate::review::writing;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct PublishForm {
    published: String,
}

pub async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<PublishForm>,
) -> Result<Response, AppError> {
    let (review, _) = readable_review(&state, &ctx, id).await?;
    let published = f.published == "1";
    writing::publish(&state, &ctx, &review, published).await?;
    let done = if published {
        "flash-review-published"
    } else {
        "flash-review-withdrawn"
    };
    Ok(flash(
        &format!("/reviews/{id}"),
        done,
        state.config.secure_cookies,
    ))
}
