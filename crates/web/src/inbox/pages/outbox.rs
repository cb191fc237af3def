//! The outbox of messages for the outside channels (SMS, e-mail), for the
//! campaign office: each message's status, tries and last error, by status;
//! a dead message sent again; and the same list as a workbook.

use crate::http::context::{Ctx, flash};
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use crate::http::workbook::{Sheet, Value, workbook};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::access::Role;
use serde::Deserialize;
use store::inbox::OutboxItem;
use utoipa::IntoParams;

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

#[derive(Deserialize, IntoParams)]
pub struct StatusQuery {
    /// `pending`, `sent` or `dead`; every message when left out.
    #[serde(default)]
    status: String,
}

impl StatusQuery {
    pub fn status(&self) -> Option<&'static str> {
        ["pending", "sent", "dead"]
            .into_iter()
            .find(|s| *s == self.status)
    }
}

/// The newest 200 messages of `status`, a notice's subject worded for the reader.
pub async fn worded(
    state: &AppState,
    t: &Tr<'_>,
    status: Option<&str>,
) -> Result<Vec<OutboxItem>, AppError> {
    let mut items = state.store.outbox(status, 200).await?;
    for i in &mut items {
        if let Some((id, args)) = &i.message {
            i.subject = t.message(id, args);
        }
    }
    Ok(items)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<StatusQuery>,
) -> Result<Response, AppError> {
    ctx.require_role(Role::CampaignOffice)?;
    let status = q.status();
    let t = ctx.tr(&state.i18n);
    let items = worded(&state, &t, status).await?;
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

/// The same messages as a workbook: times as dates, tries as numbers.
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<StatusQuery>,
) -> Result<Response, AppError> {
    ctx.require_role(Role::CampaignOffice)?;
    let t = ctx.tr(&state.i18n);
    let items = worded(&state, &t, q.status()).await?;
    let offset = state.config.utc_offset;
    let time = |s: Option<&str>| Value::local_time(s, offset);
    let rows = items
        .iter()
        .map(|i| {
            vec![
                Value::Number(i.id as f64),
                t.e("outbox-channel", &i.channel).into(),
                i.recipient.clone().into(),
                i.subject.clone().into(),
                t.e("outbox-status", &i.status).into(),
                Value::Number(i.attempts as f64),
                time(Some(&i.created_at)),
                time(i.sent_at.as_deref()),
                time(i.next_at.as_deref()),
                i.last_error.clone().unwrap_or_default().into(),
            ]
        })
        .collect();
    let bytes = workbook(&[Sheet {
        name: t.t("outbox-title"),
        headers: [
            "outbox-number",
            "outbox-channel",
            "outbox-recipient",
            "outbox-subject",
            "outbox-status",
            "outbox-attempts",
            "outbox-created",
            "outbox-sent",
            "outbox-next-try",
            "outbox-last-error",
        ]
        .iter()
        .map(|h| t.t(h))
        .collect(),
        rows,
    }])?;
    Ok(xlsx_download(
        &format!("{}.xlsx", t.t("outbox-title")),
        bytes,
    ))
}
