//! Pages for the campaign office: the audit log, filtered and paged, and the
//! outbox of messages waiting for an outside channel.

use super::{Base, base, html};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use domain::access::Role;
use domain::organisation::OrgPath;
use serde::Deserialize;
use std::collections::HashMap;
use store::audit::{AuditEntry, AuditFilter};
use store::notification::OutboxItem;

const PER_PAGE: i64 = 100;

/// Only a campaign office reads the audit log and the outbox.
fn require_office(ctx: &Ctx) -> Result<(), AppError> {
    if ctx.user()?.has_role(Role::CampaignOffice) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The part of the audit log an office reads: all of it for an office at a
/// root, else what the people of its subtree did. 403 for anyone else.
pub(crate) fn audit_reach(ctx: &Ctx) -> Result<Option<OrgPath>, AppError> {
    require_office(ctx)?;
    let offices: Vec<&OrgPath> = ctx
        .user()?
        .grants
        .iter()
        .filter(|g| g.role == Role::CampaignOffice)
        .map(|g| &g.org_path)
        .collect();
    if offices.iter().any(|p| p.ids().len() == 1) {
        return Ok(None);
    }
    Ok(offices.first().map(|p| (*p).clone()))
}

#[derive(Template)]
#[template(path = "audit/log.html")]
struct AuditPage<'a> {
    t: Tr<'a>,
    base: Base,
    entries: Vec<AuditEntry>,
    /// The people behind the entries' usernames.
    names: HashMap<String, String>,
    actor: String,
    entity: String,
    next_before: Option<i64>,
}

impl AuditPage<'_> {
    /// Who did it: the person's name, or for the system and the command line
    /// what they are.
    fn actor(&self, username: &str) -> String {
        match self.names.get(username) {
            Some(name) => name.clone(),
            None if ["system", "cli", "demo"].contains(&username) => {
                self.t.t(&format!("audit-actor-{username}"))
            }
            None => username.to_string(),
        }
    }
}

/// Where an audited entity is shown, for the entities that have a page.
pub fn entity_link(entity: &str, id: &str) -> Option<String> {
    let page = match entity {
        "commitment" => "commitments",
        "review" => "reviews",
        "evaluation_round" => "evaluations",
        "organisation" | "plan" => "orgs",
        "person" => "people",
        "meeting" => "meetings",
        _ => return None,
    };
    id.parse::<i64>().ok().map(|id| format!("/{page}/{id}"))
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
    let within = audit_reach(&ctx)?;
    let actor = q.actor.unwrap_or_default().trim().to_string();
    let entity = q.entity.unwrap_or_default().trim().to_string();
    let entries = state
        .store
        .audit_entries(&AuditFilter {
            actor: Some(actor.clone()).filter(|s| !s.is_empty()),
            entity: Some(entity.clone()).filter(|s| !s.is_empty()),
            before: q.before,
            limit: PER_PAGE,
            within,
        })
        .await?;
    let next_before = (entries.len() as i64 == PER_PAGE)
        .then(|| entries.last().map(|e| e.seq))
        .flatten();
    let mut usernames: Vec<String> = entries.iter().map(|e| e.actor.clone()).collect();
    usernames.sort();
    usernames.dedup();
    let names = state.store.names_of_accounts(&usernames).await?;
    let t = ctx.tr(&state.i18n);
    html(&AuditPage {
        base: base(&state, &ctx, t.t("audit-title"), "/admin/audit").await,
        t,
        entries,
        names,
        actor,
        entity,
        next_before,
    })
}

#[derive(Template)]
#[template(path = "inbox/outbox.html")]
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
