//! Who may do what in the rule library, for the pages and the API alike: the
//! branch's leadership or an office over it writes, adopts and repeals; the
//! organisation's people and those above read every rule; anyone reads a
//! public rule once it has been in force. Two versions compared, and the
//! version a reader is shown.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use domain::access::Action;
use domain::rule::{DiffLine, RuleStatus, VersionStatus, Visibility, diff};
use serde::Deserialize;
use store::organisation::Organisation;
use store::rule::{Rule, RuleVersion};

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

#[derive(Deserialize, Default)]
pub struct CompareQuery {
    /// Version numbers to compare; the two latest by default.
    pub from: Option<i64>,
    pub to: Option<i64>,
}

/// Two versions compared: their numbers and the lines.
pub struct Compared {
    pub from: i64,
    pub to: i64,
    pub lines: Vec<DiffLine>,
}

/// Versions `from` and `to` of a rule compared, the two latest by default;
/// none for a rule of one version or a number it does not have.
pub fn compare(r: &Rule, q: &CompareQuery) -> Option<Compared> {
    let latest = r.versions.first()?.number;
    let to = q.to.unwrap_or(latest);
    let from = q.from.unwrap_or(to.saturating_sub(1));
    let text = |n: i64| {
        r.versions
            .iter()
            .find(|v| v.number == n)
            .map(|v| v.text.as_str())
    };
    Some(Compared {
        lines: diff(text(from)?, text(to)?),
        from,
        to,
    })
}

/// The version a reader is shown: the one in force, else the latest.
pub fn shown(r: &Rule) -> Option<&RuleVersion> {
    r.versions
        .iter()
        .find(|v| v.status == VersionStatus::Adopted)
        .or(r.versions.first())
}
