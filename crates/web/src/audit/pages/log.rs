//! The audit log as a page: filtered by actor and entity, a page at a time,
//! with names and links where the log has codes.

use crate::audit::rules::{self, PER_PAGE};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use std::collections::HashMap;
use store::audit::AuditEntry;

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

#[derive(Deserialize)]
pub struct AuditQuery {
    actor: Option<String>,
    entity: Option<String>,
    before: Option<i64>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let actor = q.actor.unwrap_or_default().trim().to_string();
    let entity = q.entity.unwrap_or_default().trim().to_string();
    let entries = rules::entries(
        &state,
        &ctx,
        Some(actor.clone()).filter(|s| !s.is_empty()),
        Some(entity.clone()).filter(|s| !s.is_empty()),
        q.before,
        PER_PAGE,
    )
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
