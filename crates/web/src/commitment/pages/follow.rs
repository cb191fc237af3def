//! Following a commitment: its progress reaches the follower's inbox.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Action;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct FollowForm {
    on: String,
}

pub async fn follow(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<FollowForm>,
) -> Result<Response, AppError> {
    let c = state.store.commitment(id).await?;
    let org = state.store.organisation(c.org_id).await?;
    let account = ctx.require(&org.path, Action::Read)?;
    state
        .store
        .follow(account.person_id, id, f.on == "1")
        .await?;
    Ok(Redirect::to(&format!("/organisations/{}/commitments", c.org_id)).into_response())
}
