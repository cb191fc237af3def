//! Commitments' rules, for the pages and the API alike: whose commitment a page
//! is about, who decides, reports and answers; saving items, deciding and
//! recording progress; the branch's list as both edges read it.

use crate::commitment::board_cache::BoardCache;
use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use crate::plan::rules::{phase_for, plan_of};
use domain::access::{Action, Role};
use domain::commitment::{
    ItemInput, ItemStatus, Owner, branch_progress, check_items, commitment_progress,
};
use domain::plan::{Phase, Plan};
use std::collections::HashMap;
use store::commitment::{Commitment, EvidenceFile, Progress};
use store::organisation::Organisation;

/// Every item's newest progress report, by commitment and item key.
pub type ProgressMap = HashMap<(i64, String), Progress>;

/// The percent each item was last reported at, for the domain's roll-up.
fn reported(progress: &ProgressMap) -> impl Fn(i64, &str) -> u8 + '_ {
    move |id, key| {
        progress
            .get(&(id, key.to_string()))
            .map_or(0, |p| p.percent)
    }
}

/// A commitment's progress over its approved items; none approved: 0.
pub fn overall(c: &Commitment, progress: &ProgressMap) -> u8 {
    let approved = c.approved.as_deref().unwrap_or(&[]);
    commitment_progress(c.id, approved, &reported(progress))
}

/// A branch's progress over every approved item of every commitment.
pub fn branch_overall(commitments: &[Commitment], progress: &ProgressMap) -> u8 {
    let approved = commitments
        .iter()
        .map(|c| (c.id, c.approved.as_deref().unwrap_or(&[])));
    branch_progress(approved, &reported(progress))
}

/// Whose commitment a page or call is about: a member's own, or the branch's.
pub struct Subject {
    pub org: Organisation,
    pub person_id: Option<i64>,
    pub owner_name: String,
    /// Where its form posts, and where its progress returns to.
    pub form_action: String,
}

impl Subject {
    pub fn owner(&self) -> Owner {
        match self.person_id {
            Some(_) => Owner::Member,
            None => Owner::Branch,
        }
    }
}

/// The signed-in member's own commitment.
pub async fn member_subject(state: &AppState, ctx: &Ctx) -> Result<Subject, AppError> {
    let account = ctx.user()?;
    let person = state.store.person(account.person_id).await?;
    Ok(Subject {
        org: state.store.organisation(person.org_id).await?,
        person_id: Some(person.id),
        owner_name: person.name,
        form_action: "/commitments".into(),
    })
}

/// The branch's own commitment, written by its leadership.
pub async fn branch_subject(state: &AppState, ctx: &Ctx, org_id: i64) -> Result<Subject, AppError> {
    let org = state.store.organisation(org_id).await?;
    ctx.require(&org.path, Action::ManagePeople)?;
    Ok(Subject {
        owner_name: org.name.clone(),
        form_action: format!("/organisations/{org_id}/commitment"),
        org,
        person_id: None,
    })
}

/// The subject of an existing commitment, for its owner.
pub async fn subject_of(state: &AppState, ctx: &Ctx, c: &Commitment) -> Result<Subject, AppError> {
    match c.person_id {
        Some(_) => member_subject(state, ctx).await,
        None => branch_subject(state, ctx, c.org_id).await,
    }
}

/// The plan in force for `org` and the phase today falls in; a branch without
/// a plan cannot commit yet.
pub async fn current_phase(
    state: &AppState,
    org: &Organisation,
) -> Result<(Plan, Phase), AppError> {
    let plan = plan_of(&state.store, org).await?;
    let phase = phase_for(&plan, crate::http::clock::today(state.config.utc_offset))
        .cloned()
        .ok_or(AppError::bad_request("plan-none"))?;
    Ok((plan, phase))
}

/// Whether the viewer may approve this commitment: the branch's leadership for a
/// member's, a campaign office above the branch for the branch's own.
pub fn may_decide(ctx: &Ctx, org: &Organisation, c: &Commitment) -> bool {
    match c.person_id {
        Some(_) => ctx.can(&org.path, Action::ManagePeople),
        None => ctx.account.as_ref().is_some_and(|a| {
            a.grants.iter().any(|g| {
                g.role == Role::CampaignOffice
                    && org.path.is_within(&g.org_path)
                    && g.org_id != org.id
            })
        }),
    }
}

/// Who may report progress on a commitment: its member, or for the branch's
/// own, the branch's leadership.
pub async fn may_report(state: &AppState, ctx: &Ctx, c: &Commitment) -> Result<bool, AppError> {
    let account = ctx.user()?;
    Ok(match c.person_id {
        Some(p) => p == account.person_id,
        None => {
            let org = state.store.organisation(c.org_id).await?;
            ctx.can(&org.path, Action::ManagePeople)
        }
    })
}

/// Saves the items as a draft of the subject's commitment for the current
/// phase, and submits them when asked. Every problem comes back with its item
/// and field; a commitment waiting for approval is a 409.
pub async fn save(
    state: &AppState,
    ctx: &Ctx,
    s: &Subject,
    inputs: &[ItemInput],
    submit: bool,
) -> Result<i64, AppError> {
    let actor = ctx.user()?.username.clone();
    let (plan, phase) = current_phase(state, &s.org).await?;
    let mut new_key = || store::random_hex(6).unwrap_or_default();
    let items = check_items(inputs, &plan, s.owner(), &phase, &mut new_key).map_err(|errors| {
        AppError::invalid_fields(
            "commitment-invalid",
            errors
                .iter()
                .map(|e| {
                    FieldRefusal::new(e.field, e.problem.message_id())
                        .at(e.index)
                        .with_args(e.problem.args())
                })
                .collect(),
        )
    })?;
    let id = state
        .store
        .save_commitment_draft(&actor, s.org.id, s.person_id, &phase.key, &items)
        .await?;
    if submit {
        state.store.submit_commitment(&actor, id).await?;
    }
    Ok(id)
}

/// Approves or returns a commitment: checks who asks and the reason, makes the
/// change, drops the cached board. Answers the branch's id.
pub async fn decide(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    decision: &str,
    reason: &str,
) -> Result<i64, AppError> {
    let c = state.store.commitment(id).await?;
    let org = state.store.organisation(c.org_id).await?;
    let actor = ctx.user()?.username.clone();
    if !may_decide(ctx, &org, &c) {
        return Err(AppError::Forbidden);
    }
    let result = match decision {
        "approve" => state.store.approve_commitment(&actor, id).await,
        "return" => {
            let reason = domain::text::required(reason, 500)
                .map_err(|_| AppError::invalid("reason", "commitment-error-reason"))?;
            state.store.return_commitment(&actor, id, &reason).await
        }
        _ => return Err(AppError::invalid("decision", "error-bad-request")),
    };
    // Dropped after the change, so no request can keep the old board.
    state.shared::<BoardCache>().forget(org.id);
    result?;
    Ok(org.id)
}

/// What a progress report says, as typed.
pub struct ProgressReport<'a> {
    pub percent: Option<u8>,
    pub status: &'a str,
    pub note: &'a str,
    pub evidence: Option<EvidenceFile>,
}

/// Records progress on an approved item of `c`, by its member or, for the
/// branch's own, its leadership; followers hear of it.
pub async fn record_progress(
    state: &AppState,
    ctx: &Ctx,
    c: &Commitment,
    key: &str,
    report: ProgressReport<'_>,
) -> Result<(), AppError> {
    if !may_report(state, ctx, c).await? {
        return Err(AppError::Forbidden);
    }
    let wrong = |field| AppError::invalid(field, "commitment-error-progress");
    let percent = report
        .percent
        .filter(|p| *p <= 100)
        .ok_or(wrong("percent"))?;
    let status = ItemStatus::parse(report.status).ok_or(wrong("status"))?;
    let note = domain::text::optional(report.note, 500).map_err(|_| wrong("note"))?;
    let link = format!("/board/{}", c.org_id);
    let title = state.i18n.text(ctx.locale, "commitment-progress-notice");
    state
        .store
        .record_progress(
            &ctx.user()?.username,
            c,
            key,
            percent,
            status,
            note.as_deref().unwrap_or(""),
            report.evidence,
            (&title, &link),
        )
        .await?;
    state.shared::<BoardCache>().forget(c.org_id);
    Ok(())
}

/// A branch's commitments for its current phase, with every item's progress.
pub struct BranchList {
    pub plan: Plan,
    pub phase: Phase,
    pub commitments: Vec<Commitment>,
    pub progress: ProgressMap,
    /// The branch's progress over every approved item.
    pub overall: u8,
}

/// The commitments of `org`'s current phase; the caller has checked who reads.
pub async fn branch_list(state: &AppState, org: &Organisation) -> Result<BranchList, AppError> {
    let (plan, phase) = current_phase(state, org).await?;
    let commitments = state.store.branch_commitments(org.id, &phase.key).await?;
    let ids: Vec<i64> = commitments.iter().map(|c| c.id).collect();
    let progress = state.store.progress_of(&ids).await?;
    let overall = branch_overall(&commitments, &progress);
    Ok(BranchList {
        plan,
        phase,
        commitments,
        progress,
        overall,
    })
}
