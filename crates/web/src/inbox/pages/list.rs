//! A person's in-app inbox.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use store::inbox::InboxItem;

#[derive(Template)]
#[template(path = "inbox/list.html")]
struct InboxPage<'a> {
    t: Tr<'a>,
    base: Base,
    items: Vec<InboxItem>,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let person = ctx.user()?.person_id;
    let items = state.store.inbox(person, 100).await?;
    let t = ctx.tr(&state.i18n);
    html(&InboxPage {
        base: base(&state, &ctx, t.t("inbox-title"), "/inbox").await,
        t,
        items,
    })
}

pub async fn mark_read(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state.store.mark_read(ctx.user()?.person_id, id).await?;
    Ok(Redirect::to("/inbox").into_response())
}
