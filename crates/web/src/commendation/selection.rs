//! Opening a selection of one of the plan's titles, putting its shortlist into
//! 公示 for the plan's working days, extending it, and recording the
//! commendation's decision; for the pages and the API alike.

use crate::commendation::rules::{is_office, may_open};
use crate::http::clock::today;
use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use domain::commendation::{Calendar, publicity_end};
use domain::date::Day;
use domain::plan::Plan;
use store::commendation::{Decision, Selection, SelectionRule};
use store::organisation::Organisation;
use time::Duration;

/// The longest decision title and 文号 kept.
pub const MAX_DECISION: usize = 200;

/// Opens a selection of the title `title_key` for the phase `phase_key`.
pub async fn open(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    title_key: &str,
    phase_key: &str,
) -> Result<i64, AppError> {
    if !may_open(ctx, org) {
        return Err(ctx.refused());
    }
    let plan = plan_of(&state.store, org).await?;
    let rule = rule_for(&plan, title_key, phase_key)?;
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .open_selection(actor, org.id, phase_key, &rule)
        .await?)
}

/// What a selection of the title `title_key` for the phase `phase_key` keeps
/// of the plan: the title with its quota, and the 公示's calendar.
pub fn rule_for(plan: &Plan, title_key: &str, phase_key: &str) -> Result<SelectionRule, AppError> {
    let c = plan
        .commendation
        .as_ref()
        .ok_or(AppError::bad_request("selection-error-no-titles"))?;
    let title = c
        .titles
        .iter()
        .find(|t| t.key == title_key)
        .cloned()
        .ok_or(AppError::invalid("title", "selection-error-title"))?;
    let phase = plan
        .phases
        .iter()
        .find(|p| p.key == phase_key)
        .ok_or(AppError::invalid("phase", "assessment-error-phase"))?;
    Ok(SelectionRule {
        title,
        phase_name: phase.name.clone(),
        publicity_days: c.publicity_days,
        holidays: c.holidays.clone(),
        workdays: c.workdays.clone(),
    })
}

/// The working-day calendar of a selection's 公示.
pub fn calendar(s: &Selection) -> Calendar {
    Calendar::new(&s.rule.holidays, &s.rule.workdays)
}

/// Opens the 公示 today for the plan's working days.
pub async fn publicise(
    state: &AppState,
    ctx: &Ctx,
    s: &Selection,
    decider: &Organisation,
) -> Result<Day, AppError> {
    if !is_office(ctx, decider) {
        return Err(ctx.refused());
    }
    let opens = today(state.config.utc_offset);
    let ends = publicity_end(&calendar(s), opens, s.rule.publicity_days);
    let actor = &ctx.user()?.username;
    state.store.open_publicity(actor, s.id, opens, ends).await?;
    Ok(ends)
}

/// Extends the 公示 by `days` working days after its current last day.
pub async fn extend(
    state: &AppState,
    ctx: &Ctx,
    s: &Selection,
    decider: &Organisation,
    days: &str,
) -> Result<Day, AppError> {
    if !is_office(ctx, decider) {
        return Err(ctx.refused());
    }
    let days: u32 = days
        .trim()
        .parse()
        .ok()
        .filter(|d| (1..=30).contains(d))
        .ok_or(AppError::invalid("days", "selection-error-days"))?;
    let end = s
        .publicity_ends_on
        .ok_or(AppError::conflict("selection-error-state"))?;
    let ends = publicity_end(&calendar(s), Day(end.0 + Duration::days(1)), days);
    let actor = &ctx.user()?.username;
    state.store.extend_publicity(actor, s.id, ends).await?;
    Ok(ends)
}

/// The decision as typed.
#[derive(Clone, Debug, Default)]
pub struct DecisionInput {
    pub title: String,
    pub code: String,
    pub decided_on: String,
}

/// Records the commendation; every wrong field is named at once.
pub async fn commend(
    state: &AppState,
    ctx: &Ctx,
    s: &Selection,
    decider: &Organisation,
    input: &DecisionInput,
) -> Result<usize, AppError> {
    if !is_office(ctx, decider) {
        return Err(ctx.refused());
    }
    let mut errors = Vec::new();
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > MAX_DECISION {
        errors.push(FieldRefusal::new(
            "decision_title",
            "commendation-error-title",
        ));
    }
    let code = input.code.trim();
    if code.is_empty() || code.chars().count() > MAX_DECISION {
        errors.push(FieldRefusal::new(
            "decision_code",
            "commendation-error-code",
        ));
    }
    let today = today(state.config.utc_offset);
    let decided_on = Day::parse_iso(&input.decided_on).filter(|d| *d <= today);
    if decided_on.is_none() {
        errors.push(FieldRefusal::new("decided_on", "commendation-error-day"));
    }
    let (Some(decided_on), true) = (decided_on, errors.is_empty()) else {
        return Err(AppError::invalid_fields("commendation-invalid", errors));
    };
    let actor = &ctx.user()?.username;
    let decision = Decision {
        title: title.to_string(),
        code: code.to_string(),
        decided_on,
    };
    Ok(state.store.commend(actor, s.id, &decision, today).await?)
}
