//! Who may do what in a selection, for the pages and the API alike. The
//! deciding organisation's campaign office opens selections, reviews
//! nominations, runs the 公示 and records the commendation; the plan names who
//! decides (the leading group: its leaders; or the office); a branch's
//! leadership nominates its members and takes up their own proposals.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use domain::access::{Action, Role};
use domain::organisation::OrgKind;
use domain::plan::{Decider, Nominator};
use store::commendation::{Nomination, Selection};
use store::organisation::Organisation;

/// A campaign office of an organisation above branches opens its selections.
pub fn may_open(ctx: &Ctx, org: &Organisation) -> bool {
    !matches!(org.kind, OrgKind::Branch | OrgKind::PartyGroup)
        && ctx.roles_at(&org.path).contains(&Role::CampaignOffice)
}

/// The deciding organisation's office: reviews, 公示, objections, commendation.
pub fn is_office(ctx: &Ctx, decider: &Organisation) -> bool {
    ctx.roles_at(&decider.path).contains(&Role::CampaignOffice)
}

/// Whoever the plan names to decide.
pub fn may_decide(ctx: &Ctx, s: &Selection, decider: &Organisation) -> bool {
    let role = match s.rule.title.decided_by {
        Decider::LeadingGroup => Role::Leader,
        Decider::CampaignOffice => Role::CampaignOffice,
    };
    ctx.roles_at(&decider.path).contains(&role)
}

/// Whether the person nominates from `nominator`: a branch's leadership for a
/// member title the branches nominate for, the office for a branch title.
pub fn may_nominate(
    ctx: &Ctx,
    s: &Selection,
    decider: &Organisation,
    nominator: &Organisation,
) -> bool {
    if !nominator.path.is_within(&decider.path) {
        return false;
    }
    match s.rule.title.nominated_by {
        // The branch's own leadership; an office above does not nominate for it.
        Nominator::Branch => {
            nominator.kind == OrgKind::Branch
                && ctx
                    .roles_at(&nominator.path)
                    .iter()
                    .any(|r| matches!(r, Role::Secretary | Role::Deputy))
        }
        Nominator::CampaignOffice => nominator.id == decider.id && is_office(ctx, decider),
    }
}

/// Whether the person leads the branch a nomination came from.
pub fn leads_nominator(ctx: &Ctx, nominator: &Organisation) -> bool {
    ctx.can(&nominator.path, Action::ManagePeople)
}

/// Whether the person is in the decider's subtree at all (holds a role in it
/// or over it): they see the selection.
pub fn inside(ctx: &Ctx, decider: &Organisation) -> bool {
    ctx.account.as_ref().is_some_and(|a| {
        a.grants.iter().any(|g| g.org_path.is_within(&decider.path))
            || !a.roles_at(&decider.path).is_empty()
    })
}

/// Who sees a nomination before it is public: the office and leaders of the
/// decider, the nominating branch's leadership, and the candidate.
pub fn may_see(
    ctx: &Ctx,
    decider: &Organisation,
    nominator: &Organisation,
    n: &Nomination,
) -> bool {
    let above = ctx
        .roles_at(&decider.path)
        .iter()
        .any(|r| matches!(r, Role::CampaignOffice | Role::Leader));
    above
        || leads_nominator(ctx, nominator)
        || ctx
            .account
            .as_ref()
            .is_some_and(|a| Some(a.person_id) == n.person_id)
}

/// A selection with the organisation that decides it.
pub async fn selection_and_decider(
    state: &AppState,
    id: i64,
) -> Result<(Selection, Organisation), AppError> {
    let s = state.store.selection(id).await?;
    let decider = state.store.organisation(s.org_id).await?;
    Ok((s, decider))
}
