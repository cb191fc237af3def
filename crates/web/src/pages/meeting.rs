//! Meetings of a branch: 三会一课, the weekly study meeting and reading exchanges.
//! The schedule with expected attendees, and whether each kind was held as often
//! as the plan asks. One meeting is in `meeting_detail`, checking in by QR in
//! `meeting_checkin`, the records for an inspection in `meeting_records`.

use super::{Base, base, html_status};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use crate::study::campaign_span;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Action;
use domain::date::Day;
use domain::evaluation::parse_local_time;
use domain::plan::{MeetingKind, MeetingRule};
use domain::study::{MeetingPeriod, StudyProblem, meeting_compliance};
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
    kind: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    host: String,
    #[serde(default)]
    recorder: String,
    #[serde(default)]
    lecturer: String,
    #[serde(default)]
    window: String,
    #[serde(default)]
    expected: Vec<i64>,
}

#[derive(Template)]
#[template(path = "study/meetings.html")]
struct ListPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    meetings: Vec<(Meeting, String)>,
    checks: Vec<RuleCheck>,
    can_manage: bool,
    /// The kinds of meeting this organisation holds.
    kinds: Vec<MeetingKind>,
    people: Vec<Person>,
    form: MeetingForm,
    fresh: bool,
    errors: HashMap<&'static str, String>,
}

impl ListPage<'_> {
    /// Whether a person's box is ticked: as sent, or on a fresh form every
    /// Party member (三会一课 is theirs; others are added by hand).
    fn expected(&self, p: &Person) -> bool {
        if self.fresh {
            p.status != domain::person::PoliticalStatus::Masses
        } else {
            self.form.expected.contains(&p.id)
        }
    }
}

/// When a meeting starts, in the users' local time.
pub fn when(state: &AppState, m: &Meeting) -> String {
    crate::http::clock::local_text(&m.starts_at, state.config.utc_offset)
}

async fn render_list(
    state: &AppState,
    ctx: &Ctx,
    org: Organisation,
    form: Option<MeetingForm>,
    errors: HashMap<&'static str, String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let meetings = state
        .store
        .meetings(org.id)
        .await?
        .into_iter()
        .map(|m| {
            let w = when(state, &m);
            (m, w)
        })
        .collect();
    let checks = compliance(state, &org).await?;
    let t = ctx.tr(&state.i18n);
    let can_manage = ctx.can(&org.path, Action::ManagePeople);
    let people = if can_manage {
        state.store.all_people(&org.path).await?
    } else {
        Vec::new()
    };
    html_status(
        status,
        &ListPage {
            base: base(
                state,
                ctx,
                t.a1("meetings-title", "org", &org.name),
                &format!("/orgs/{}/meetings", org.id),
            )
            .await,
            t,
            meetings,
            checks,
            can_manage,
            kinds: MeetingKind::ALL
                .into_iter()
                .filter(|k| k.held_by(org.kind))
                .collect(),
            people,
            fresh: form.is_none(),
            form: form.unwrap_or_default(),
            errors,
            org,
        },
    )
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    render_list(&state, &ctx, org, None, HashMap::new(), StatusCode::OK).await
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

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    let account = ctx.require(&org.path, Action::ManagePeople)?;
    let form = meeting_form(fields);
    let plan = plan_of(&state.store, &org).await?;
    let people = state.store.all_people(&org.path).await?;
    match check_meeting(
        &form,
        &org,
        state.config.utc_offset,
        campaign_span(&plan)?,
        &people,
    ) {
        Ok(draft) => {
            let mid = state
                .store
                .create_meeting(&account.username, org.id, &draft)
                .await?;
            Ok(Redirect::to(&format!("/meetings/{mid}")).into_response())
        }
        Err(errors) => {
            let t = ctx.tr(&state.i18n);
            let errors = errors.into_iter().map(|(k, v)| (k, t.t(v))).collect();
            render_list(
                &state,
                &ctx,
                org,
                Some(form),
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
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
