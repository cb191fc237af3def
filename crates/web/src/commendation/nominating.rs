//! Putting a candidate forward and moving a nomination through its levels,
//! for the pages and the API alike: who may take which step is decided here,
//! the quota and the state by the store under the selection's lock.

use crate::commendation::rules::{is_office, leads_nominator, may_decide, may_nominate};
use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use domain::organisation::OrgKind;
use domain::person::PoliticalStatus;
use domain::plan::{Nominator, StandardTarget};
use store::commendation::{
    NewNomination, Nomination, NominationStatus, Selection, SelectionStatus,
};
use store::commitment::EvidenceFile;
use store::organisation::Organisation;

/// The longest 主要事迹 kept.
pub const MAX_DEEDS: usize = 3000;
/// The most photos or files a nomination carries.
pub const MAX_FILES: usize = 6;

/// A nomination as typed.
#[derive(Clone, Debug, Default)]
pub struct NominationInput {
    /// The candidate: a person's id for a member title, a branch's for an
    /// organisation title.
    pub candidate: String,
    pub deeds: String,
    /// A member putting themself forward.
    pub own: bool,
}

/// Puts a candidate forward from `nominator`; refusals name their field.
pub async fn nominate(
    state: &AppState,
    ctx: &Ctx,
    s: &Selection,
    decider: &Organisation,
    nominator: &Organisation,
    input: &NominationInput,
    files: Vec<EvidenceFile>,
) -> Result<i64, AppError> {
    if s.status != SelectionStatus::Nominating {
        return Err(AppError::conflict("selection-error-state"));
    }
    let account = ctx.user()?;
    let title = &s.rule.title;
    if input.own {
        let mine = input.candidate.trim() == account.person_id.to_string();
        if !title.self_nomination || title.applies_to != StandardTarget::Member || !mine {
            return Err(ctx.refused());
        }
    } else if !may_nominate(ctx, s, decider, nominator) {
        return Err(ctx.refused());
    }
    let id: i64 = input
        .candidate
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("candidate", "nomination-error-candidate"))?;
    let mut errors = Vec::new();
    let deeds = input.deeds.trim();
    if deeds.is_empty() || deeds.chars().count() > MAX_DEEDS {
        errors.push(FieldRefusal::new("deeds", "nomination-error-deeds"));
    }
    if files.len() > MAX_FILES {
        errors.push(FieldRefusal::new("files", "nomination-error-files"));
    }
    let n = match title.applies_to {
        StandardTarget::Member => {
            let p = state.store.person(id).await?;
            let at = state.store.organisation(p.org_id).await?;
            if !at.path.is_within(&nominator.path) {
                return Err(AppError::invalid("candidate", "nomination-error-outside"));
            }
            let eligible = p.status == PoliticalStatus::Full
                || (p.status == PoliticalStatus::Probationary && title.probationary);
            if !eligible {
                return Err(AppError::invalid("candidate", "nomination-error-eligible"));
            }
            NewNomination {
                nominator_org_id: nominator.id,
                person_id: Some(p.id),
                subject_org_id: None,
                name: p.name.clone(),
                org_name: p.org_name.clone(),
                position: p.position.clone().unwrap_or_default(),
                deeds: deeds.to_string(),
                score: score_text(state, nominator.id, &s.phase_key, p.id).await?,
                self_nominated: input.own,
                status: if input.own {
                    NominationStatus::SelfProposed
                } else {
                    NominationStatus::Proposed
                },
                files,
            }
        }
        StandardTarget::Organisation => {
            let o = state.store.organisation(id).await?;
            if o.kind != OrgKind::Branch || !o.path.is_within(&decider.path) || o.id == decider.id {
                return Err(AppError::invalid("candidate", "nomination-error-outside"));
            }
            let parent = match o.parent_id {
                Some(p) => state.store.organisation(p).await?.name,
                None => String::new(),
            };
            NewNomination {
                nominator_org_id: nominator.id,
                person_id: None,
                subject_org_id: Some(o.id),
                name: o.name.clone(),
                org_name: parent,
                position: String::new(),
                deeds: deeds.to_string(),
                score: score_text(state, decider.id, &s.phase_key, o.id).await?,
                self_nominated: false,
                // The office's own nomination needs no review by itself.
                status: if title.nominated_by == Nominator::CampaignOffice {
                    NominationStatus::Reviewed
                } else {
                    NominationStatus::Proposed
                },
                files,
            }
        }
    };
    if !errors.is_empty() {
        return Err(AppError::invalid_fields("nomination-invalid", errors));
    }
    Ok(state.store.nominate(&account.username, s.id, &n).await?)
}

/// "88.50 良好": the candidate's newest final score of the phase, if any.
async fn score_text(
    state: &AppState,
    assessor: i64,
    phase: &str,
    subject: i64,
) -> Result<Option<String>, AppError> {
    Ok(state
        .store
        .final_score(assessor, phase, subject)
        .await?
        .map(|(total, grade)| {
            format!("{total:.2} {}", grade.unwrap_or_default())
                .trim()
                .to_string()
        }))
}

/// The nominations of a selection the viewer may see, each with the steps the
/// viewer may take on it.
pub async fn visible(
    state: &AppState,
    ctx: &Ctx,
    s: &Selection,
    decider: &Organisation,
) -> Result<Vec<(Nomination, Vec<NominationStatus>)>, AppError> {
    let mut orgs: std::collections::HashMap<i64, Organisation> = Default::default();
    let mut out = Vec::new();
    for n in state.store.nominations(s.id).await? {
        if !orgs.contains_key(&n.nominator_org_id) {
            let o = state.store.organisation(n.nominator_org_id).await?;
            orgs.insert(o.id, o);
        }
        let nominator = &orgs[&n.nominator_org_id];
        if crate::commendation::rules::may_see(ctx, decider, nominator, &n) {
            let can = steps(ctx, s, decider, nominator, &n);
            out.push((n, can));
        }
    }
    Ok(out)
}

/// The steps a person may take on a nomination now.
pub fn steps(
    ctx: &Ctx,
    s: &Selection,
    decider: &Organisation,
    nominator: &Organisation,
    n: &Nomination,
) -> Vec<NominationStatus> {
    use NominationStatus::*;
    match (n.status, s.status) {
        (SelfProposed, SelectionStatus::Nominating) if leads_nominator(ctx, nominator) => {
            vec![Proposed, Returned]
        }
        (Proposed, SelectionStatus::Nominating) if is_office(ctx, decider) => {
            vec![Reviewed, Returned]
        }
        (Reviewed, SelectionStatus::Nominating) if may_decide(ctx, s, decider) => {
            vec![Approved, Returned]
        }
        (Approved, SelectionStatus::Publicity) if is_office(ctx, decider) => vec![Withdrawn],
        _ => vec![],
    }
}

/// Takes the step to `to`, with the reason a return or a withdrawal needs.
pub async fn step(
    state: &AppState,
    ctx: &Ctx,
    s: &Selection,
    decider: &Organisation,
    n: &Nomination,
    to: NominationStatus,
    reason: &str,
) -> Result<(), AppError> {
    let nominator = state.store.organisation(n.nominator_org_id).await?;
    if !steps(ctx, s, decider, &nominator, n).contains(&to) {
        return Err(ctx.refused());
    }
    let reason = reason.trim();
    let needs_reason = matches!(to, NominationStatus::Returned | NominationStatus::Withdrawn);
    if needs_reason && (reason.is_empty() || reason.chars().count() > 500) {
        return Err(AppError::invalid("reason", "nomination-error-reason"));
    }
    let actor = &ctx.user()?.username;
    state
        .store
        .move_nomination(actor, n.id, n.status, to, needs_reason.then_some(reason))
        .await?;
    Ok(())
}
