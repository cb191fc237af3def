//! Pages for the campaign office: the audit log, filtered and paged, and the
//! outbox of messages waiting for an outside channel.

use super::{Base, base, html};
use crate::AppState;
use crate::context::Ctx;
use crate::error::AppError;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use domain::access::Role;
use serde::Deserialize;
use store::audit::{AuditEntry, AuditFilter};
use store::notification::OutboxItem;

const PER_PAGE: i64 = 100;

/// The audit log is the whole system's: only a campaign office reads it.
fn require_office(ctx: &Ctx) -> Result<(), AppError> {
    if ctx.user()?.has_role(Role::CampaignOffice) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage<'a> {
    t: Tr<'a>,
    base: Base,
    entries: Vec<AuditEntry>,
    actor: String,
    entity: String,
    next_before: Option<i64>,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    actor: Option<String>,
    entity: Option<String>,
    before: Option<i64>,
}

pub async fn audit(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    require_office(&ctx)?;
    let actor = q.actor.unwrap_or_default().trim().to_string();
    let entity = q.entity.unwrap_or_default().trim().to_string();
    let entries = state
        .store
        .audit_entries(&AuditFilter {
            actor: Some(actor.clone()).filter(|s| !s.is_empty()),
            entity: Some(entity.clone()).filter(|s| !s.is_empty()),
            before: q.before,
            limit: PER_PAGE,
        })
        .await?;
    let next_before = (entries.len() as i64 == PER_PAGE)
        .then(|| entries.last().map(|e| e.seq))
        .flatten();
    let t = ctx.tr(&state.i18n);
    html(&AuditPage {
        base: base(&state, &ctx, t.t("audit-title"), "/admin/audit").await,
        t,
        entries,
        actor,
        entity,
        next_before,
    })
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage<'a> {
    t: Tr<'a>,
    base: Base,
    items: Vec<OutboxItem>,
}

pub async fn outbox(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    require_office(&ctx)?;
    let items = state.store.outbox(200).await?;
    let t = ctx.tr(&state.i18n);
    html(&OutboxPage {
        base: base(&state, &ctx, t.t("outbox-title"), "/admin/outbox").await,
        t,
        items,
    })
}
