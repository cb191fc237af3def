//! Meetings' rules, for the pages and the API alike: the plan's meeting rules
//! checked against the meetings held, the form that schedules one, and what
//! the branch leadership and attendees do: attendance, check-in, minutes,
//! files and the reflections a reading exchange heard.

use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use crate::study::record::document;
use crate::study::rules::campaign_span;
use domain::access::Action;
use domain::date::Day;
use domain::evaluation::parse_local_time;
use domain::plan::{MeetingKind, MeetingRule};
use domain::study::{
    MAX_MINUTES_TEXT, MeetingPeriod, StudyProblem, check_mark, meeting_compliance,
};
use serde::Deserialize;
use std::collections::HashMap;
use store::organisation::Organisation;
use store::person::Person;
use store::study::meeting::{Meeting, MeetingDraft};
use time::OffsetDateTime;

/// Minutes either side of the start in which the QR code checks people in.
const DEFAULT_WINDOW: u32 = 30;
const MAX_WINDOW: u32 = 240;

/// A plan's meeting rule and how the branch kept it.
pub struct RuleCheck {
    pub rule: MeetingRule,
    pub periods: Vec<MeetingPeriod>,
}

impl RuleCheck {
    pub fn missed(&self) -> Vec<&MeetingPeriod> {
        self.periods.iter().filter(|p| p.missed()).collect()
    }
}

/// Each of the plan's meeting rules checked against the meetings held so far.
pub async fn compliance(state: &AppState, org: &Organisation) -> Result<Vec<RuleCheck>, AppError> {
    let plan = plan_of(&state.store, org).await?;
    let offset = state.config.utc_offset;
    let held = state
        .store
        .meetings_held(org.id, OffsetDateTime::now_utc())
        .await?;
    let campaign = campaign_span(&plan)?;
    let today = crate::http::clock::today(offset);
    Ok(plan
        .meetings
        .iter()
        .filter(|rule| rule.kind.held_by(org.kind))
        .map(|rule| {
            let days: Vec<Day> = held
                .iter()
                .filter(|(k, _)| *k == rule.kind)
                .filter_map(|(_, at)| crate::http::clock::local_day(at, offset))
                .collect();
            RuleCheck {
                periods: meeting_compliance(rule.period, rule.times, campaign, today, &days),
                rule: rule.clone(),
            }
        })
        .collect())
}

/// The meeting form as typed.
#[derive(Default, Deserialize)]
pub struct MeetingForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub recorder: String,
    #[serde(default)]
    pub lecturer: String,
    #[serde(default)]
    pub window: String,
    #[serde(default)]
    pub expected: Vec<i64>,
}

/// When a meeting starts, in the users' local time.
pub fn when(state: &AppState, m: &Meeting) -> String {
    crate::http::clock::local_text(&m.starts_at, state.config.utc_offset)
}

/// A meeting and its organisation, to anyone with a role over it.
pub async fn meeting_and_org(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Meeting, Organisation), AppError> {
    let m = state.store.meeting(id).await?;
    let org = state.store.organisation(m.org_id).await?;
    ctx.require(&org.path, Action::Read)?;
    Ok((m, org))
}

/// Checks the meeting form: every problem by field, or the meeting to create.
pub fn check_meeting(
    form: &MeetingForm,
    org: &Organisation,
    offset: time::UtcOffset,
    campaign: domain::study::Span,
    people: &[Person],
) -> Result<MeetingDraft, HashMap<&'static str, &'static str>> {
    let mut errors = HashMap::new();
    let kind = MeetingKind::parse(&form.kind);
    match kind {
        None => {
            errors.insert("kind", StudyProblem::Missing.message_id());
        }
        Some(k) if !k.held_by(org.kind) => {
            errors.insert("kind", "meeting-error-kind");
        }
        Some(_) => {}
    }
    let topic = form.topic.trim();
    if topic.is_empty() {
        errors.insert("topic", StudyProblem::Missing.message_id());
    }
    for (field, value) in [
        ("topic", topic),
        ("place", form.place.trim()),
        ("host", form.host.trim()),
        ("recorder", form.recorder.trim()),
        ("lecturer", form.lecturer.trim()),
    ] {
        if value.chars().count() > 100 {
            errors.insert(field, StudyProblem::TooLong.message_id());
        }
    }
    let starts = parse_local_time(&form.starts_at, offset);
    match starts {
        None => {
            errors.insert("starts_at", StudyProblem::BadDate.message_id());
        }
        Some(t) if !campaign.contains(Day(t.to_offset(offset).date())) => {
            errors.insert("starts_at", StudyProblem::OutsideCampaign.message_id());
        }
        Some(_) => {}
    }
    let window = match form.window.trim() {
        "" => Some(DEFAULT_WINDOW),
        w => w
            .parse::<u32>()
            .ok()
            .filter(|w| (1..=MAX_WINDOW).contains(w)),
    };
    if window.is_none() {
        errors.insert("window", "meeting-error-window");
    }
    if form.expected.is_empty() {
        errors.insert("expected", "meeting-error-expected");
    } else if form
        .expected
        .iter()
        .any(|id| !people.iter().any(|p| p.id == *id))
    {
        errors.insert("expected", "meeting-checkin-not-expected");
    }
    match (kind, starts, window) {
        (Some(kind), Some(starts_at), Some(checkin_window)) if errors.is_empty() => {
            Ok(MeetingDraft {
                kind,
                topic: topic.to_string(),
                starts_at,
                place: form.place.trim().to_string(),
                host: form.host.trim().to_string(),
                recorder: form.recorder.trim().to_string(),
                lecturer: form.lecturer.trim().to_string(),
                checkin_window,
                expected: form.expected.clone(),
            })
        }
        _ => Err(errors),
    }
}

/// A form with repeated `expected` fields, read in order.
pub fn meeting_form(fields: Vec<(String, String)>) -> MeetingForm {
    let mut f = MeetingForm::default();
    for (k, v) in fields {
        match k.as_str() {
            "kind" => f.kind = v,
            "topic" => f.topic = v,
            "starts_at" => f.starts_at = v,
            "place" => f.place = v,
            "host" => f.host = v,
            "recorder" => f.recorder = v,
            "lecturer" => f.lecturer = v,
            "window" => f.window = v,
            "expected" => f.expected.extend(v.parse::<i64>().ok()),
            _ => {}
        }
    }
    f
}

/// The meeting and its organisation, for the branch leadership.
async fn managed(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Meeting, Organisation, String), AppError> {
    let (m, org) = meeting_and_org(state, ctx, id).await?;
    let actor = ctx
        .require(&org.path, Action::ManagePeople)?
        .username
        .clone();
    Ok((m, org, actor))
}

/// A store refusal of what attendees and the leadership mark (out of the
/// check-in window, not expected): the request's fault, answered 422.
fn refused(e: store::StoreError) -> AppError {
    match e {
        store::StoreError::Conflict(m) => AppError::unprocessable(m),
        e => e.into(),
    }
}

/// Schedules a meeting of `org` with its expected attendees; every problem
/// comes back by its field.
pub async fn create(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    form: &MeetingForm,
) -> Result<i64, AppError> {
    let account = ctx.require(&org.path, Action::ManagePeople)?;
    let plan = plan_of(&state.store, org).await?;
    let people = state.store.all_people(&org.path).await?;
    let draft = check_meeting(
        form,
        org,
        state.config.utc_offset,
        campaign_span(&plan)?,
        &people,
    )
    .map_err(|errors| {
        let mut errors: Vec<_> = errors
            .into_iter()
            .map(|(field, m)| FieldRefusal::new(field, m))
            .collect();
        errors.sort_by(|a, b| a.field.cmp(&b.field));
        AppError::invalid_fields("meeting-invalid", errors)
    })?;
    Ok(state
        .store
        .create_meeting(&account.username, org.id, &draft)
        .await?)
}

/// Marks attendance, a mark per person: expected, present, leave (with a
/// reason) or absent. One bad row, or a person not expected, refuses them all;
/// the row's `index` is its person.
pub async fn mark_attendance(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    marks: &[(i64, String, String)],
) -> Result<usize, AppError> {
    let (_, _, actor) = managed(state, ctx, id).await?;
    let mut checked = Vec::new();
    for (person, mark, reason) in marks {
        let (s, reason) = check_mark(mark, reason).map_err(|m| {
            AppError::invalid_fields(m, vec![FieldRefusal::new("state", m).at(*person as usize)])
        })?;
        checked.push((*person, s, reason));
    }
    state
        .store
        .mark_attendance(&actor, id, &checked)
        .await
        .map_err(refused)?;
    Ok(checked.len())
}

/// The signed-in person checks in with the meeting's code, inside its window,
/// if they are expected.
pub async fn check_in(state: &AppState, ctx: &Ctx, id: i64, code: &str) -> Result<(), AppError> {
    let account = ctx.user()?;
    state
        .store
        .check_in(
            &account.username,
            id,
            account.person_id,
            code,
            OffsetDateTime::now_utc(),
        )
        .await
        .map_err(refused)
}

pub async fn save_minutes(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    text: &str,
) -> Result<(), AppError> {
    let (_, _, actor) = managed(state, ctx, id).await?;
    if text.chars().count() > MAX_MINUTES_TEXT {
        return Err(AppError::invalid(
            "minutes",
            StudyProblem::TooLong.message_id(),
        ));
    }
    Ok(state.store.save_minutes(&actor, id, text.trim()).await?)
}

/// Adds a file to the meeting: minutes, photos, slides.
pub async fn add_file(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    filename: &str,
    body: &[u8],
) -> Result<i64, AppError> {
    let (_, org, actor) = managed(state, ctx, id).await?;
    let file = document(filename, body)?;
    Ok(state
        .store
        .add_meeting_file(&actor, id, org.id, &file)
        .await?)
}

/// The reflections a reading exchange heard, by their records.
pub async fn present_reflections(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    records: &[i64],
) -> Result<(), AppError> {
    let (_, _, actor) = managed(state, ctx, id).await?;
    state
        .store
        .present_reflections(&actor, id, records)
        .await
        .map_err(refused)
}
