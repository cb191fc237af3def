//! Meetings of a branch: 三会一课, the weekly study meeting and reading exchanges.
//! The schedule, expected attendees, attendance marked by hand or by scanning the
//! meeting's QR code around its start, minutes and files, the reflections a
//! reading exchange heard, and whether each kind was held as often as the plan asks.

use super::study::{oversees, read_multipart};
use super::{Base, base, html, html_status, qr_svg, site_base};
use crate::AppState;
use crate::campaign::plan_of;
use crate::context::Ctx;
use crate::error::AppError;
use crate::evaluation::local_time;
use crate::i18n::Tr;
use crate::study::{MAX_DOCUMENT, campaign_span, local_today};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Action;
use domain::date::Day;
use domain::evaluation::parse_local_time;
use domain::plan::{MeetingKind, MeetingRule};
use domain::study::{
    Attendance, MeetingPeriod, RecordKind, StudyProblem, document_type, meeting_compliance,
};
use serde::Deserialize;
use std::collections::HashMap;
use store::organisation::Organisation;
use store::person::Person;
use store::study::meeting::{Attendee, Meeting, MeetingDraft};
use store::study::{NewFile, Record};
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
    let today = local_today(offset);
    Ok(plan
        .meetings
        .iter()
        .map(|rule| {
            let days: Vec<Day> = held
                .iter()
                .filter(|(k, _)| *k == rule.kind)
                .filter_map(|(_, at)| crate::study::local_day(at, offset))
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
    kinds: [MeetingKind; 6],
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

pub fn when(state: &AppState, m: &Meeting) -> String {
    store::parse_time_text(&m.starts_at)
        .map(|t| local_time(t, state.config.utc_offset))
        .unwrap_or_else(|| m.starts_at.clone())
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
            kinds: MeetingKind::ALL,
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
    offset: time::UtcOffset,
    campaign: domain::study::Span,
    people: &[Person],
) -> Result<MeetingDraft, HashMap<&'static str, &'static str>> {
    let mut errors = HashMap::new();
    let kind = MeetingKind::parse(&form.kind);
    if kind.is_none() {
        errors.insert("kind", StudyProblem::Missing.message_id());
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

#[derive(Template)]
#[template(path = "study/meeting.html")]
struct ShowPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    m: Meeting,
    when: String,
    attendees: Vec<Attendee>,
    files: Vec<(i64, String)>,
    presented: Vec<Record>,
    reflections: Vec<Record>,
    can_manage: bool,
    qr: Option<String>,
    checkin_link: String,
    my_state: Option<Attendance>,
    states: [Attendance; 3],
    error: Option<String>,
}

async fn meeting_and_org(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Meeting, Organisation), AppError> {
    let m = state.store.meeting(id).await?;
    let org = state.store.organisation(m.org_id).await?;
    ctx.require(&org.path, Action::Read)?;
    Ok((m, org))
}

async fn render_show(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: i64,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (m, org) = meeting_and_org(state, ctx, id).await?;
    let can_manage = ctx.can(&org.path, Action::ManagePeople);
    let attendees = state.store.attendees(id).await?;
    let me = ctx.account.as_ref().map(|a| a.person_id);
    let checkin_link = format!(
        "{}/meetings/{id}/checkin?code={}",
        site_base(state, headers),
        m.checkin_code
    );
    let t = ctx.tr(&state.i18n);
    let page = ShowPage {
        base: base(
            state,
            ctx,
            t.e("meeting-kind", &m.kind) + " · " + &m.topic,
            &format!("/meetings/{id}"),
        )
        .await,
        t,
        when: when(state, &m),
        files: state.store.meeting_files(id).await?,
        presented: state.store.meeting_reflections(id).await?,
        reflections: if can_manage && m.kind == MeetingKind::ReadingExchange {
            state
                .store
                .org_records(org.id, RecordKind::Reflection)
                .await?
        } else {
            Vec::new()
        },
        qr: if can_manage {
            Some(qr_svg(&checkin_link, 220)?)
        } else {
            None
        },
        checkin_link: if can_manage {
            checkin_link
        } else {
            String::new()
        },
        my_state: attendees
            .iter()
            .find(|a| Some(a.person_id) == me)
            .map(|a| a.state),
        attendees,
        can_manage,
        states: [Attendance::Present, Attendance::Leave, Attendance::Absent],
        error,
        org,
        m,
    };
    html_status(status, &page)
}

/// The meeting page again, with why the last action was refused.
async fn refused(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: i64,
    message_id: &str,
) -> Result<Response, AppError> {
    let message = ctx.tr(&state.i18n).t(message_id);
    render_show(
        state,
        ctx,
        headers,
        id,
        Some(message),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    render_show(&state, &ctx, &headers, id, None, StatusCode::OK).await
}

/// The branch leadership marks attendance: `state-{person}` and `reason-{person}`.
/// On leave needs a reason. Nothing is saved unless every row is right.
pub async fn attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let (_, org) = meeting_and_org(&state, &ctx, id).await?;
    let account = ctx.require(&org.path, Action::ManagePeople)?;
    let mut marks = Vec::new();
    for (key, value) in &fields {
        let Some(person) = key
            .strip_prefix("state-")
            .and_then(|p| p.parse::<i64>().ok())
        else {
            continue;
        };
        let Some(s) = Attendance::parse(value) else {
            return refused(&state, &ctx, &headers, id, "meeting-error-state").await;
        };
        let reason = fields
            .get(&format!("reason-{person}"))
            .map(|r| r.trim().to_string())
            .unwrap_or_default();
        if s == Attendance::Leave && reason.is_empty() {
            return refused(&state, &ctx, &headers, id, "meeting-error-reason").await;
        }
        marks.push((
            person,
            s,
            if s == Attendance::Leave {
                reason
            } else {
                String::new()
            },
        ));
    }
    match state
        .store
        .mark_attendance(&account.username, id, &marks)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/meetings/{id}")).into_response()),
        Err(store::StoreError::Conflict(msg)) => refused(&state, &ctx, &headers, id, msg).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct MinutesForm {
    minutes: String,
}

pub async fn minutes(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<MinutesForm>,
) -> Result<Response, AppError> {
    let (_, org) = meeting_and_org(&state, &ctx, id).await?;
    let account = ctx.require(&org.path, Action::ManagePeople)?;
    if form.minutes.chars().count() > 20_000 {
        return Err(AppError::BadRequest(StudyProblem::TooLong.message_id()));
    }
    state
        .store
        .save_minutes(&account.username, id, form.minutes.trim())
        .await?;
    Ok(Redirect::to(&format!("/meetings/{id}")).into_response())
}

pub async fn add_file(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (_, org) = meeting_and_org(&state, &ctx, id).await?;
    let account = ctx.require(&org.path, Action::ManagePeople)?;
    let (_, file) = read_multipart(multipart).await?;
    let Some((name, bytes)) = file else {
        return refused(&state, &ctx, &headers, id, "study-error-file-empty").await;
    };
    match document_type(&name, &bytes, MAX_DOCUMENT) {
        Ok(content_type) => {
            let f = NewFile {
                filename: name,
                content_type: content_type.into(),
                body: bytes,
            };
            state
                .store
                .add_meeting_file(&account.username, id, org.id, &f)
                .await?;
            Ok(Redirect::to(&format!("/meetings/{id}")).into_response())
        }
        Err(p) => refused(&state, &ctx, &headers, id, p.message_id()).await,
    }
}

pub async fn reflections(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (_, org) = meeting_and_org(&state, &ctx, id).await?;
    let account = ctx.require(&org.path, Action::ManagePeople)?;
    let ids: Vec<i64> = fields
        .iter()
        .filter(|(k, _)| k == "record")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    match state
        .store
        .present_reflections(&account.username, id, &ids)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/meetings/{id}")).into_response()),
        Err(store::StoreError::Conflict(msg)) => refused(&state, &ctx, &headers, id, msg).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "study/checkin.html")]
struct CheckinPage<'a> {
    t: Tr<'a>,
    base: Base,
    m: Meeting,
    when: String,
    code: String,
    error: Option<String>,
    done: bool,
}

#[derive(Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

/// The page the QR code opens: who scans it signs in, then confirms.
pub async fn checkin_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<CodeQuery>,
) -> Result<Response, AppError> {
    if ctx.account.is_none() {
        let next = format!("/meetings/{id}/checkin?code={}", q.code);
        return Ok(Redirect::to(&format!(
            "/login?next={}",
            super::people::encode_filename(&next)
        ))
        .into_response());
    }
    let m = state.store.meeting(id).await?;
    let t = ctx.tr(&state.i18n);
    html(&CheckinPage {
        base: base(
            &state,
            &ctx,
            t.t("meeting-checkin"),
            &format!("/meetings/{id}/checkin"),
        )
        .await,
        t,
        when: when(&state, &m),
        m,
        code: q.code,
        error: None,
        done: false,
    })
}

pub async fn checkin(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(q): Form<CodeQuery>,
) -> Result<Response, AppError> {
    let account = ctx.user()?;
    let m = state.store.meeting(id).await?;
    let result = state
        .store
        .check_in(
            &account.username,
            id,
            account.person_id,
            &q.code,
            OffsetDateTime::now_utc(),
        )
        .await;
    let t = ctx.tr(&state.i18n);
    let (error, status) = match result {
        Ok(()) => (None, StatusCode::OK),
        Err(store::StoreError::Conflict(msg)) => (Some(t.t(msg)), StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => return Err(e.into()),
    };
    html_status(
        status,
        &CheckinPage {
            base: base(
                &state,
                &ctx,
                t.t("meeting-checkin"),
                &format!("/meetings/{id}/checkin"),
            )
            .await,
            t,
            when: when(&state, &m),
            done: error.is_none(),
            m,
            code: q.code,
            error,
        },
    )
}

async fn records_of(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Organisation, Vec<(Meeting, String)>), AppError> {
    let org = state.store.organisation(id).await?;
    ctx.user()?;
    if !oversees(ctx, &org) {
        return Err(AppError::Forbidden);
    }
    let meetings = state
        .store
        .meetings(org.id)
        .await?
        .into_iter()
        .rev()
        .map(|m| {
            let w = when(state, &m);
            (m, w)
        })
        .collect();
    Ok((org, meetings))
}

pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (org, meetings) = records_of(&state, &ctx, id).await?;
    let t = ctx.tr(&state.i18n);
    let bytes = crate::study_sheet::meetings(&t, &meetings)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(super::people::xlsx_download(
        &format!("{}-{}.xlsx", t.t("meeting-records"), org.name),
        bytes,
    ))
}

#[derive(Template)]
#[template(path = "study/meetings_print.html")]
struct PrintPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    meetings: Vec<(Meeting, String, Vec<Attendee>)>,
}

/// 会议记录 on A4: one block per meeting, oldest first, with who attended.
pub async fn print(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (org, meetings) = records_of(&state, &ctx, id).await?;
    let mut full = Vec::new();
    for (m, w) in meetings {
        let a = state.store.attendees(m.id).await?;
        full.push((m, w, a));
    }
    let t = ctx.tr(&state.i18n);
    html(&PrintPage {
        base: base(
            &state,
            &ctx,
            t.a1("meetings-title", "org", &org.name),
            &format!("/orgs/{id}/meetings/print"),
        )
        .await,
        t,
        org,
        meetings: full,
    })
}
