//! Recording an incentive or a constraint (激励约束) for a member or a branch,
//! for the pages and the API alike. A branch's leadership records its members';
//! a campaign office above records a branch's own.

use crate::http::clock::today;
use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use domain::access::{Action, Role};
use domain::date::Day;
use store::assessment::{IncentiveKind, NewIncentive};
use store::organisation::Organisation;

/// The most points one record gives or takes.
pub const MAX_POINTS: i64 = 100;

/// A record as typed.
#[derive(Clone, Debug, Default)]
pub struct IncentiveInput {
    /// A member's id, or empty for the branch itself.
    pub person: String,
    pub kind: String,
    pub points: String,
    pub veto: String,
    pub reason: String,
    pub on_day: String,
}

/// Whether the person records for `org`'s members (`for_branch` false) or for
/// the branch itself.
pub fn may_record(ctx: &Ctx, org: &Organisation, for_branch: bool) -> bool {
    if for_branch {
        ctx.roles_at(&org.path).contains(&Role::CampaignOffice)
    } else {
        ctx.can(&org.path, Action::ManagePeople)
    }
}

/// Checks and stores a record; every wrong field is named at once.
pub async fn record(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    input: &IncentiveInput,
) -> Result<i64, AppError> {
    let person_id = match input.person.trim() {
        "" => None,
        p => Some(
            p.parse::<i64>()
                .map_err(|_| AppError::invalid("person", "error-bad-request"))?,
        ),
    };
    if !may_record(ctx, org, person_id.is_none()) {
        return Err(ctx.refused());
    }
    if let Some(p) = person_id {
        let person = state.store.person(p).await?;
        let at = state.store.organisation(person.org_id).await?;
        if !at.path.is_within(&org.path) {
            return Err(AppError::invalid("person", "incentive-error-person"));
        }
    }
    let mut errors = Vec::new();
    let kind = IncentiveKind::parse(&input.kind);
    if kind.is_none() {
        errors.push(FieldRefusal::new("kind", "incentive-error-kind"));
    }
    let points = input
        .points
        .trim()
        .trim_start_matches('+')
        .parse::<i64>()
        .ok();
    let points = match (kind, points) {
        (Some(IncentiveKind::Incentive), Some(p)) if (1..=MAX_POINTS).contains(&p) => Some(p),
        (Some(IncentiveKind::Constraint), Some(p)) if (1..=MAX_POINTS).contains(&p.abs()) => {
            Some(-p.abs())
        }
        (None, _) => None,
        _ => {
            errors.push(FieldRefusal::new("points", "incentive-error-points"));
            None
        }
    };
    let veto = match input.veto.trim() {
        "" => None,
        key => {
            let plan = plan_of(&state.store, org).await?;
            let known = plan
                .assessment
                .is_some_and(|a| a.vetoes.iter().any(|v| v.key == key));
            if !known || kind != Some(IncentiveKind::Constraint) {
                errors.push(FieldRefusal::new("veto", "incentive-error-veto"));
            }
            Some(key.to_string())
        }
    };
    let reason = input.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        errors.push(FieldRefusal::new("reason", "incentive-error-reason"));
    }
    let on_day = Day::parse_iso(&input.on_day).filter(|d| *d <= today(state.config.utc_offset));
    if on_day.is_none() {
        errors.push(FieldRefusal::new("on_day", "incentive-error-day"));
    }
    let (Some(kind), Some(points), Some(on_day), true) = (kind, points, on_day, errors.is_empty())
    else {
        return Err(AppError::invalid_fields("incentive-invalid", errors));
    };
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .add_incentive(
            actor,
            &NewIncentive {
                org_id: org.id,
                person_id,
                kind,
                points,
                veto_key: veto,
                reason: reason.to_string(),
                on_day,
            },
        )
        .await?)
}
