//! The outbox's messages with their delivery status, and sending a dead one
//! again; for the campaign office.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::inbox::pages::outbox::{StatusQuery, worded};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::access::Role;
use serde::Serialize;
use utoipa::ToSchema;

/// One message for an outside channel, as the office sees it.
#[derive(Serialize, ToSchema)]
pub struct OutboxMessageView {
    pub id: i64,
    /// `email` or `sms`.
    pub channel: String,
    pub recipient: String,
    /// The subject, a notice worded in the reader's language.
    pub subject: String,
    /// `pending`, `sent` or `dead`.
    pub status: String,
    pub attempts: i64,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// When a failed message is tried again.
    pub next_at: Option<String>,
    pub last_error: Option<String>,
}

/// The newest 200 messages, of one status when given.
#[utoipa::path(get, path = "/api/v1/outbox", tag = "inbox",
    params(StatusQuery),
    responses((status = 200, body = [OutboxMessageView]), (status = 403)))]
pub async fn list_outbox(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<StatusQuery>,
) -> Result<Json<Vec<OutboxMessageView>>, AppError> {
    ctx.require_role(Role::CampaignOffice)?;
    let t = ctx.tr(&state.i18n);
    let items = worded(&state, &t, q.status()).await?;
    Ok(Json(
        items
            .into_iter()
            .map(|i| OutboxMessageView {
                id: i.id,
                channel: i.channel,
                recipient: i.recipient,
                subject: i.subject,
                status: i.status,
                attempts: i.attempts,
                created_at: i.created_at,
                sent_at: i.sent_at,
                next_at: i.next_at,
                last_error: i.last_error,
            })
            .collect(),
    ))
}

/// Queues a dead message again, its tries counted afresh.
#[utoipa::path(post, path = "/api/v1/outbox/{id}/resend", tag = "inbox",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 409)))]
pub async fn resend_outbox_message(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    ctx.require_role(Role::CampaignOffice)?;
    state.store.resend_outgoing(id).await?;
    Ok(StatusCode::NO_CONTENT)
}
