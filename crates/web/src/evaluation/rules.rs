//! Who may run a round and see its results, and which targets a round may
//! have, for the pages and the API alike.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use domain::access::{Action, Role};
use domain::evaluation::RoundKind;
use domain::organisation::OrgKind;
use domain::person::PoliticalStatus;
use store::evaluation::{NewTarget, Round, Target};
use store::organisation::Organisation;

/// Whether the person may open a round of `kind` at `org`: a campaign office
/// evaluates the branches below it; a branch's leadership (or an office above)
/// evaluates the branch's members.
pub fn may_organise(ctx: &Ctx, org: &Organisation, kind: RoundKind) -> bool {
    match kind {
        RoundKind::Branches => ctx.roles_at(&org.path).contains(&Role::CampaignOffice),
        RoundKind::Members => {
            org.kind == OrgKind::Branch && ctx.can(&org.path, Action::ManagePeople)
        }
    }
}

/// The organiser's side of a round: codes, forums, closing, publishing.
pub fn may_manage(ctx: &Ctx, org: &Organisation, round: &Round) -> bool {
    may_organise(ctx, org, round.kind)
}

/// Who sees a closed round's full results: its organisers and the leaders above.
pub fn may_see_results(ctx: &Ctx, org: &Organisation, round: &Round) -> bool {
    may_manage(ctx, org, round) || ctx.roles_at(&org.path).contains(&Role::Leader)
}

/// What a round of `kind` run by `org` may evaluate: the branches below it, or
/// the members of the branch.
pub async fn candidates(
    state: &AppState,
    org: &Organisation,
    kind: RoundKind,
) -> Result<Vec<NewTarget>, AppError> {
    Ok(match kind {
        RoundKind::Branches => state
            .store
            .subtree(&org.path)
            .await?
            .into_iter()
            .filter(|o| o.kind == OrgKind::Branch && o.id != org.id)
            .map(|o| NewTarget {
                org_id: Some(o.id),
                person_id: None,
                name: o.name,
            })
            .collect(),
        RoundKind::Members => state
            .store
            .all_people(&org.path)
            .await?
            .into_iter()
            .filter(|p| p.org_id == org.id && p.status != PoliticalStatus::Masses)
            .map(|p| NewTarget {
                org_id: None,
                person_id: Some(p.id),
                name: p.name,
            })
            .collect(),
    })
}

/// The branch whose rectification list a target's items join: the target
/// branch, or the member's own branch (the organiser).
pub fn rectification_branch_id(round: &Round, target: &Target) -> i64 {
    match round.kind {
        RoundKind::Branches => target.org_id.unwrap_or(round.org_id),
        RoundKind::Members => round.org_id,
    }
}
