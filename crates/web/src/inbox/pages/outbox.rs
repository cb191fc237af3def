//! The outbox of messages waiting for an outside channel (SMS, e-mail), for the
//! campaign office.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use domain::access::Role;
use store::inbox::OutboxItem;

#[derive(Template)]
#[template(path = "inbox/outbox.html")]
struct OutboxPage<'a> {
    t: Tr<'a>,
    base: Base,
    items: Vec<OutboxItem>,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_role(Role::CampaignOffice)?;
    let items = state.store.outbox(200).await?;
    let t = ctx.tr(&state.i18n);
    html(&OutboxPage {
        base: base(&state, &ctx, t.t("outbox-title"), "/admin/outbox").await,
        t,
        items,
    })
}
