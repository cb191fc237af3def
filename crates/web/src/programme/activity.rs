//! Activities, for the pages and the API alike: a branch starts one of the
//! plan's (its dates and wording copied) or adds its own, then records how it
//! runs. Every field is checked and each wrong one named; dates must lie in
//! the activity's phase.

use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use crate::programme::rules::{may_record, may_run};
use domain::date::Day;
use domain::plan::{Phase, Plan};
use domain::programme::ActivityStatus;
use store::commitment::EvidenceFile;
use store::organisation::Organisation;
use store::programme::{Activity, ActivityChange, NewActivity};

pub const MAX_NAME: usize = 100;
pub const MAX_TEXT: usize = 500;
pub const MAX_OUTCOME: usize = 10_000;
pub const MAX_COUNT: i64 = 1_000_000;
pub const MAX_TIMES: i64 = 1_000;
pub const MAX_PHOTOS: usize = 6;

/// A branch's own activity as typed.
#[derive(Clone, Debug, Default)]
pub struct OwnActivityInput {
    pub programme: String,
    pub phase: String,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub times: String,
}

/// How an activity ran, as typed.
#[derive(Clone, Debug, Default)]
pub struct ActivityInput {
    pub status: String,
    pub owner: String,
    pub place: String,
    pub starts_on: String,
    pub ends_on: String,
    pub participants: String,
    pub participant_count: String,
    pub served_count: String,
    pub times_held: String,
    pub outcome: String,
    pub meeting: String,
    pub commitment: String,
}

fn phase<'p>(plan: &'p Plan, key: &str) -> Option<&'p Phase> {
    plan.phases.iter().find(|p| p.key == key)
}

/// An optional day in a phase; the field is named when it is not one.
fn day_in(
    text: &str,
    field: &'static str,
    phase: Option<&Phase>,
    errors: &mut Vec<FieldRefusal>,
) -> Option<Day> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let Some(d) = Day::parse_iso(text) else {
        errors.push(FieldRefusal::new(field, "error-bad-date"));
        return None;
    };
    if let Some(p) = phase
        && (d < p.starts_on || d > p.ends_on)
    {
        errors.push(
            FieldRefusal::new(field, "activity-error-outside-phase")
                .with_args(vec![("phase", p.name.clone())]),
        );
    }
    Some(d)
}

fn count(text: &str, field: &'static str, max: i64, errors: &mut Vec<FieldRefusal>) -> i64 {
    match text.trim() {
        "" => 0,
        t => match t.parse::<i64>() {
            Ok(n) if (0..=max).contains(&n) => n,
            _ => {
                errors.push(FieldRefusal::new(field, "activity-error-count"));
                0
            }
        },
    }
}

fn order(starts: Option<Day>, ends: Option<Day>, errors: &mut Vec<FieldRefusal>) {
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        errors.push(FieldRefusal::new("ends_on", "activity-error-order"));
    }
}

/// Starts one of the plan's activities in the organisation: a record copied
/// from the plan, once.
pub async fn start(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    key: &str,
) -> Result<i64, AppError> {
    if !may_run(ctx, org) {
        return Err(ctx.refused());
    }
    let plan = plan_of(&state.store, org).await?;
    let Some((prog, a)) = plan
        .programmes
        .iter()
        .find_map(|p| p.activities.iter().find(|a| a.key == key).map(|a| (p, a)))
    else {
        return Err(AppError::invalid("activity", "activity-error-unknown"));
    };
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .add_activity(
            actor,
            &NewActivity {
                org_id: org.id,
                programme_key: prog.key.clone(),
                activity_key: Some(a.key.clone()),
                phase_key: a.phase.clone(),
                name: a.name.clone(),
                when_text: a.when.clone(),
                starts_on: a.starts_on,
                ends_on: a.ends_on,
                times_target: a.times,
                participants: a.participants.clone().unwrap_or_default(),
            },
        )
        .await?)
}

/// Adds one of the branch's own activities to a programme.
pub async fn add_own(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    input: &OwnActivityInput,
) -> Result<i64, AppError> {
    if !may_run(ctx, org) {
        return Err(ctx.refused());
    }
    let plan = plan_of(&state.store, org).await?;
    let mut errors = Vec::new();
    if !plan.programmes.iter().any(|p| p.key == input.programme) {
        errors.push(FieldRefusal::new("programme", "activity-error-programme"));
    }
    let ph = phase(&plan, &input.phase);
    if ph.is_none() {
        errors.push(FieldRefusal::new("phase", "activity-error-phase"));
    }
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        errors.push(FieldRefusal::new("name", "activity-error-name"));
    }
    let starts_on = day_in(&input.starts_on, "starts_on", ph, &mut errors);
    let ends_on = day_in(&input.ends_on, "ends_on", ph, &mut errors);
    order(starts_on, ends_on, &mut errors);
    let times = match input.times.trim() {
        "" => None,
        t => match t.parse::<u32>() {
            Ok(n) if (1..=MAX_TIMES as u32).contains(&n) => Some(n),
            _ => {
                errors.push(FieldRefusal::new("times", "activity-error-times"));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(AppError::invalid_fields("activity-invalid", errors));
    }
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .add_activity(
            actor,
            &NewActivity {
                org_id: org.id,
                programme_key: input.programme.clone(),
                activity_key: None,
                phase_key: input.phase.clone(),
                name: name.to_string(),
                when_text: None,
                starts_on,
                ends_on,
                times_target: times,
                participants: String::new(),
            },
        )
        .await?)
}

/// Records how an activity runs.
pub async fn record(
    state: &AppState,
    ctx: &Ctx,
    a: &Activity,
    input: &ActivityInput,
    files: Vec<EvidenceFile>,
) -> Result<(), AppError> {
    let org = state.store.organisation(a.org_id).await?;
    if !may_record(ctx, &org, a) {
        return Err(ctx.refused());
    }
    let plan = plan_of(&state.store, &org).await?;
    let ph = phase(&plan, &a.phase_key);
    let mut errors = Vec::new();
    let status = ActivityStatus::parse(&input.status);
    if status.is_none() {
        errors.push(FieldRefusal::new("status", "activity-error-status"));
    }
    let owner = match input.owner.trim() {
        "" => None,
        o => {
            let id = o
                .parse::<i64>()
                .map_err(|_| AppError::invalid("owner", "error-bad-request"))?;
            let person = state.store.person(id).await?;
            let at = state.store.organisation(person.org_id).await?;
            if !at.path.is_within(&org.path) {
                errors.push(FieldRefusal::new("owner", "activity-error-owner"));
            }
            Some(id)
        }
    };
    let meeting = match input.meeting.trim() {
        "" => None,
        m => {
            let id = m
                .parse::<i64>()
                .map_err(|_| AppError::invalid("meeting", "error-bad-request"))?;
            if state.store.meeting(id).await?.org_id != org.id {
                errors.push(FieldRefusal::new("meeting", "activity-error-meeting"));
            }
            Some(id)
        }
    };
    let commitment = match input.commitment.trim() {
        "" => None,
        c => {
            let id = c
                .parse::<i64>()
                .map_err(|_| AppError::invalid("commitment", "error-bad-request"))?;
            if state.store.commitment(id).await?.org_id != org.id {
                errors.push(FieldRefusal::new("commitment", "activity-error-commitment"));
            }
            Some(id)
        }
    };
    let starts_on = day_in(&input.starts_on, "starts_on", ph, &mut errors);
    let ends_on = day_in(&input.ends_on, "ends_on", ph, &mut errors);
    order(starts_on, ends_on, &mut errors);
    let place = input.place.trim();
    let participants = input.participants.trim();
    for (field, text, max) in [
        ("place", place, MAX_NAME),
        ("participants", participants, MAX_TEXT),
        ("outcome", input.outcome.trim(), MAX_OUTCOME),
    ] {
        if text.chars().count() > max {
            errors.push(FieldRefusal::new(field, "activity-error-long"));
        }
    }
    let participant_count = count(
        &input.participant_count,
        "participant_count",
        MAX_COUNT,
        &mut errors,
    );
    let served_count = count(&input.served_count, "served_count", MAX_COUNT, &mut errors);
    let times_held = count(&input.times_held, "times_held", MAX_TIMES, &mut errors);
    if files.len() + a.files.len() > MAX_PHOTOS {
        errors.push(FieldRefusal::new("photos", "activity-error-photos"));
    }
    let Some(status) = status.filter(|_| errors.is_empty()) else {
        return Err(AppError::invalid_fields("activity-invalid", errors));
    };
    let actor = &ctx.user()?.username;
    state
        .store
        .change_activity(
            actor,
            a.id,
            &ActivityChange {
                status,
                owner_person_id: owner,
                place: place.to_string(),
                starts_on,
                ends_on,
                participants: participants.to_string(),
                participant_count,
                served_count,
                times_held,
                outcome: input.outcome.trim().to_string(),
                commitment_id: commitment,
                meeting_id: meeting,
                files,
            },
        )
        .await?;
    Ok(())
}
