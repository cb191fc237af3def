//! The outbox of messages for the outside channels (SMS, e-mail), for the
//! campaign office: each message's status, tries and last error, by status;
//! a dead message sent again.

use crate::http::context::{Ctx, flash};
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::access::Role;
use serde::Deserialize;
use store::inbox::OutboxItem;

#[derive(Template)]
#[template(path = "inbox/outbox.html")]
struct OutboxPage<'a> {
    t: Tr<'a>,
    base: Base,
    items: Vec<OutboxItem>,
    status: String,
    /// Whether each channel is configured, as message ids.
    email_state: &'static str,
    sms_state: &'static str,
}

#[derive(Deserialize)]
pub struct StatusQuery {
    #[serde(default)]
    status: String,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<StatusQuery>,
) -> Result<Response, AppError> {
    ctx.require_role(Role::CampaignOffice)?;
    let status = ["pending", "sent", "dead"]
        .into_iter()
        .find(|s| *s == q.status);
    let items = state.store.outbox(status, 200).await?;
    let t = ctx.tr(&state.i18n);
    let on = |configured: bool| {
        if configured {
            "outbox-channel-on"
        } else {
            "outbox-channel-off"
        }
    };
    html(&OutboxPage {
        base: base(&state, &ctx, t.t("outbox-title"), "/admin/outbox").await,
        t,
        items,
        status: status.unwrap_or_default().to_string(),
        email_state: on(state.config.channels.smtp.is_some()),
        sms_state: on(state.config.channels.sms.is_some()),
    })
}

pub async fn resend(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    ctx.require_role(Role::CampaignOffice)?;
    state.store.resend_outgoing(id).await?;
    Ok(flash(
        "/admin/outbox?status=pending",
        "flash-outbox-resent",
        state.config.secure_cookies,
    ))
}
