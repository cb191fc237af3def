//! Opening, adjusting and finalising an assessment, for the pages and the API
//! alike. An assessment rests on the plan in force: its scheme, the phase it
//! assesses and the study quotas, copied when it is opened.

use crate::assessment::rules::may_assess;
use crate::http::clock::today;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use domain::organisation::OrgKind;
use domain::person::PoliticalStatus;
use domain::plan::{Plan, StandardTarget};
use store::assessment::{Assessment, Basis, SubjectKind, SubjectScore};
use store::organisation::Organisation;

/// The most an adjustment may move a score, either way.
pub const MAX_ADJUSTMENT: f64 = 20.0;
/// The longest reason kept.
pub const MAX_REASON: usize = 500;

/// Opens the next version of `org`'s assessment of `kind` for the phase `phase_key`.
pub async fn open(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    kind: SubjectKind,
    phase_key: &str,
) -> Result<i64, AppError> {
    if !may_assess(ctx, org, kind) {
        return Err(ctx.refused());
    }
    let plan = plan_of(&state.store, org).await?;
    let basis = basis(&plan, kind, phase_key)?;
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .open_assessment(actor, org.id, kind, &basis)
        .await?)
}

/// What an assessment of `kind` for the phase `phase_key` rests on: the plan's
/// scheme, the phase and the study quotas, or why the plan assesses no such thing.
pub fn basis(plan: &Plan, kind: SubjectKind, phase_key: &str) -> Result<Basis, AppError> {
    let scheme = plan
        .assessment
        .clone()
        .ok_or(AppError::bad_request("assessment-error-no-scheme"))?;
    let target = match kind {
        SubjectKind::Member => StandardTarget::Member,
        SubjectKind::Organisation => StandardTarget::Organisation,
    };
    if !scheme.assesses(target) {
        return Err(AppError::invalid("kind", "assessment-error-not-assessed"));
    }
    let phase = plan
        .phases
        .iter()
        .find(|p| p.key == phase_key && scheme.in_phase(&p.key))
        .cloned()
        .ok_or(AppError::invalid("phase", "assessment-error-phase"))?;
    Ok(Basis {
        scheme,
        phase,
        quotas: plan.quotas.clone(),
    })
}

/// The scores as they stand: computed today while open, frozen once final.
pub async fn scores(state: &AppState, a: &Assessment) -> Result<Vec<SubjectScore>, AppError> {
    Ok(state
        .store
        .assessment_scores(a, today(state.config.utc_offset))
        .await?)
}

/// Sets a subject's adjustment: points as typed (`-3.5`, `+2`), and a reason,
/// which is required. Both refusals name their field.
pub async fn adjust(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    a: &Assessment,
    subject_id: i64,
    points: &str,
    reason: &str,
) -> Result<(), AppError> {
    if !may_assess(ctx, org, a.subject_kind) {
        return Err(ctx.refused());
    }
    let points = parse_points(points)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "assessment-error-reason"));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(AppError::invalid("reason", "assessment-error-reason-long"));
    }
    if !is_subject(state, org, a, subject_id).await? {
        return Err(AppError::NotFound);
    }
    let actor = &ctx.user()?.username;
    let centi = (points * 100.0).round() as i64;
    Ok(state
        .store
        .adjust_score(actor, a.id, subject_id, centi, reason)
        .await?)
}

/// Whether the assessment scores `subject_id`, as the store picks its subjects:
/// a party member in the assessor's subtree, or a branch below it. Asked of
/// the two rows, not by scoring everyone (a province has 50,000 branches).
async fn is_subject(
    state: &AppState,
    org: &Organisation,
    a: &Assessment,
    subject_id: i64,
) -> Result<bool, AppError> {
    let found = match a.subject_kind {
        SubjectKind::Member => match state.store.person(subject_id).await {
            Ok(p) => {
                let at = state.store.organisation(p.org_id).await?;
                matches!(
                    p.status,
                    PoliticalStatus::Full | PoliticalStatus::Probationary
                ) && at.path.is_within(&org.path)
            }
            Err(store::StoreError::NotFound) => false,
            Err(e) => return Err(e.into()),
        },
        SubjectKind::Organisation => match state.store.organisation(subject_id).await {
            Ok(b) => b.kind == OrgKind::Branch && b.id != org.id && b.path.is_within(&org.path),
            Err(store::StoreError::NotFound) => false,
            Err(e) => return Err(e.into()),
        },
    };
    Ok(found)
}

/// Points as typed: a number with at most two decimals, within the bound.
pub fn parse_points(text: &str) -> Result<f64, AppError> {
    let text = text.trim().trim_start_matches('+');
    let value: f64 = text
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or(AppError::invalid("points", "assessment-error-points"))?;
    let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
    if decimals > 2 || value.abs() > MAX_ADJUSTMENT {
        return Err(AppError::invalid("points", "assessment-error-points"));
    }
    Ok(value)
}

/// Freezes the scores; the assessed are told.
pub async fn finalise(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    a: &Assessment,
) -> Result<(), AppError> {
    if !may_assess(ctx, org, a.subject_kind) {
        return Err(ctx.refused());
    }
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .finalise_assessment(actor, a.id, today(state.config.utc_offset))
        .await?)
}
