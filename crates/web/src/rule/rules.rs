//! Who may do what in the rule library, for the pages and the API alike: the
//! branch's leadership or an office over it writes, adopts and repeals; the
//! organisation's people and those above read every rule; anyone reads a
//! public rule once it has been in force.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use domain::access::Action;
use domain::rule::{RuleStatus, Visibility};
use store::organisation::Organisation;
use store::rule::Rule;

pub fn may_write(ctx: &Ctx, org: &Organisation) -> bool {
    ctx.can(&org.path, Action::ManagePeople)
}

pub fn may_read_all(ctx: &Ctx, org: &Organisation) -> bool {
    ctx.can(&org.path, Action::Read)
}

/// Whether anyone may read it: public, and adopted at least once.
pub fn is_public(r: &Rule) -> bool {
    r.visibility == Visibility::Public && r.status != RuleStatus::Draft
}

/// A rule the person may read, with its organisation.
pub async fn readable(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Rule, Organisation), AppError> {
    let r = state.store.rule(id).await?;
    let org = state.store.organisation(r.org_id).await?;
    if !is_public(&r) && !may_read_all(ctx, &org) {
        return Err(ctx.refused());
    }
    Ok((r, org))
}
