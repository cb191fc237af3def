//! Who reads which part of the audit log, and the entries themselves, for the
//! page and the API alike.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use domain::access::Role;
use domain::organisation::OrgPath;
use store::audit::{AuditEntry, AuditFilter};

/// Entries to a page, unless the API caller asks for another number.
pub const PER_PAGE: i64 = 100;

/// The part of the audit log an office reads: all of it for an office at a
/// root, else what the people of its subtree did. 403 for anyone else.
fn reach(ctx: &Ctx) -> Result<Option<OrgPath>, AppError> {
    ctx.require_role(Role::CampaignOffice)?;
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

/// The entries of the log the caller may read, newest first.
pub async fn entries(
    state: &AppState,
    ctx: &Ctx,
    actor: Option<String>,
    entity: Option<String>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditEntry>, AppError> {
    let within = reach(ctx)?;
    Ok(state
        .store
        .audit_entries(&AuditFilter {
            actor,
            entity,
            before,
            limit,
            within,
        })
        .await?)
}

/// Where an audited entity is shown, for the entities that have a page.
pub fn entity_link(entity: &str, id: &str) -> Option<String> {
    let page = match entity {
        "commitment" => "commitments",
        "review" => "reviews",
        "evaluation_round" => "evaluations",
        "organisation" | "plan" => "organisations",
        "person" => "people",
        "meeting" => "meetings",
        "assessment" => "assessments",
        "activity" => "activities",
        "task" => "tasks",
        "spot_check" => "spot-checks",
        "circular" => "circulars",
        _ => return None,
    };
    id.parse::<i64>().ok().map(|id| format!("/{page}/{id}"))
}
