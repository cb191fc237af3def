//! Who may do what with assessments, for the pages and the API alike. A branch's
//! leadership (or an office above it) assesses the branch's members; a campaign
//! office assesses the branches of its subtree. Leaders and offices over the
//! assessor read every score; a member reads their own, a branch's leadership
//! their branch's.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use domain::access::{Action, Role};
use domain::organisation::OrgKind;
use store::assessment::{Assessment, SubjectKind};
use store::organisation::Organisation;

/// The kinds of assessment `org` runs: a branch its members, an organisation
/// above branches its branches.
pub fn kinds_for(org: &Organisation) -> Vec<SubjectKind> {
    match org.kind {
        OrgKind::Branch => vec![SubjectKind::Member],
        OrgKind::PartyGroup => vec![],
        _ => vec![SubjectKind::Organisation],
    }
}

/// Whether the person may open, adjust and finalise `org`'s assessments of `kind`.
pub fn may_assess(ctx: &Ctx, org: &Organisation, kind: SubjectKind) -> bool {
    kinds_for(org).contains(&kind)
        && match kind {
            SubjectKind::Member => ctx.can(&org.path, Action::ManagePeople),
            SubjectKind::Organisation => ctx.roles_at(&org.path).contains(&Role::CampaignOffice),
        }
}

/// Whether the person reads every score of `org`'s assessments.
pub fn may_read_all(ctx: &Ctx, org: &Organisation) -> bool {
    ctx.roles_at(&org.path).iter().any(|r| {
        matches!(
            r,
            Role::CampaignOffice | Role::Leader | Role::Secretary | Role::Deputy
        )
    })
}

/// Whether the person reads the score of one subject: the member themself, or
/// the leadership of the branch assessed.
pub async fn may_read_subject(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    a: &Assessment,
    subject_id: i64,
) -> Result<bool, AppError> {
    if may_read_all(ctx, org) {
        return Ok(true);
    }
    let Some(account) = ctx.account.as_ref() else {
        return Ok(false);
    };
    Ok(match a.subject_kind {
        SubjectKind::Member => account.person_id == subject_id,
        SubjectKind::Organisation => {
            let branch = state.store.organisation(subject_id).await?;
            ctx.can(&branch.path, Action::ManagePeople)
        }
    })
}

/// An assessment and its assessor, when the viewer may read some score of it.
pub async fn assessment_and_org(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Assessment, Organisation), AppError> {
    ctx.user()?;
    let a = state.store.assessment(id).await?;
    let org = state.store.organisation(a.org_id).await?;
    if !ctx.can(&org.path, Action::Read) && a.subject_kind == SubjectKind::Member {
        return Err(AppError::Forbidden);
    }
    Ok((a, org))
}
