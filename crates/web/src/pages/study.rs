//! My study (我的学习): log reading time in two taps, several days at once, books,
//! reflections, research topics and articles; see each quota against its target
//! and a calendar of reading. The ledger (学习台账) and the files are in
//! `study_ledger`.

use super::{Base, base, html_status};
use crate::http::chart::reading_calendar;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use crate::study::{MAX_DOCUMENT, campaign_span, quotas_for, scope_for};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Role;
use domain::date::Day;
use domain::plan::{Plan, QuotaUnit};
use domain::study::{
    RecordKind, Span, StudyProblem, amounts_by_period, check_day, check_minutes, document_type,
    record_kind, standing,
};
use std::collections::HashMap;
use store::organisation::Organisation;
use store::person::Person;
use store::study::meeting::Meeting;
use store::study::{NewFile, NewRecord, Record};
use time::Duration;

/// Days the several-days form shows, today and back.
const WEEK: i64 = 7;
/// The quick buttons: minutes added to today.
pub const QUICK_MINUTES: [u32; 4] = [15, 30, 60, 120];

/// One quota on "my progress".
pub struct QuotaProgress {
    pub key: String,
    pub name: String,
    pub unit: QuotaUnit,
    pub period: domain::plan::Period,
    pub target: u32,
    /// The running period: its days, done so far, and its (prorated) target.
    pub running: Option<(Span, u64, u32)>,
    pub due: u32,
    pub met: u32,
}

impl QuotaProgress {
    pub fn percent(&self) -> Option<u32> {
        domain::study::percent(self.met as u64, self.due as u64)
    }

    /// How full the running period is, 0 to 100, for the bar.
    pub fn running_percent(&self) -> u32 {
        self.running.map_or(0, |(_, done, target)| {
            ((done * 100) / target.max(1) as u64).min(100) as u32
        })
    }
}

/// A task with a deadline from the plan (e.g. one article by the end of August).
pub struct TaskProgress {
    pub name: String,
    pub due_on: Day,
    pub count: u32,
    pub done: u32,
    pub late: u32,
}

/// Everything "my study" and the ledger show about one person.
pub struct StudyView {
    pub person: Person,
    pub today: Day,
    pub campaign: Span,
    pub progress: Vec<QuotaProgress>,
    pub tasks: Vec<TaskProgress>,
    pub reading: HashMap<Day, u32>,
    pub total_minutes: u64,
    pub records: Vec<Record>,
}

impl StudyView {
    pub async fn load(
        state: &AppState,
        person: Person,
        plan: &Plan,
    ) -> Result<StudyView, AppError> {
        let offset = state.config.utc_offset;
        let scope = scope_for(plan, &person, offset)?;
        let campaign = campaign_span(plan)?;
        let today = crate::http::clock::today(offset);
        let days = state.store.reading(person.id, campaign).await?;
        let records = state.store.records(person.id).await?;
        let progress = quotas_for(plan, person.status)
            .into_iter()
            .map(|q| {
                let entries: Vec<(Day, u64)> = match record_kind(q.unit) {
                    None => days.iter().map(|(d, m)| (*d, *m as u64)).collect(),
                    Some(kind) => records
                        .iter()
                        .filter(|r| r.kind == kind)
                        .map(|r| (r.day, 1))
                        .collect(),
                };
                let s = standing(
                    q.period,
                    q.target,
                    scope.covered,
                    today,
                    &amounts_by_period(q.period, entries),
                );
                QuotaProgress {
                    key: q.key.clone(),
                    name: q.name.clone(),
                    unit: q.unit,
                    period: q.period,
                    target: q.target,
                    running: s.current,
                    due: s.due,
                    met: s.met,
                }
            })
            .collect();
        let tasks = plan
            .programmes
            .iter()
            .flat_map(|p| &p.tasks)
            .filter(|t| domain::study::covers(t.covers, person.status))
            .filter_map(|t| {
                let kind = record_kind(t.unit?)?;
                let mine = records.iter().filter(|r| r.kind == kind);
                Some(TaskProgress {
                    name: t.name.clone(),
                    due_on: t.due_on,
                    count: t.count,
                    done: mine.clone().filter(|r| r.day <= t.due_on).count() as u32,
                    late: mine.filter(|r| r.day > t.due_on).count() as u32,
                })
            })
            .collect();
        Ok(StudyView {
            total_minutes: days.iter().map(|(_, m)| *m as u64).sum(),
            reading: days.into_iter().collect(),
            person,
            today,
            campaign,
            progress,
            tasks,
            records,
        })
    }

    /// The reading calendar: the last year of the campaign up to today.
    pub fn calendar(&self, title: &str) -> String {
        let last = self.today.min(self.campaign.last);
        let first = self.campaign.first.max(Day(last.0 - Duration::days(364)));
        if first > last {
            return String::new();
        }
        reading_calendar(title, first, last, &self.reading)
    }

    pub fn minutes_on(&self, day: &Day) -> u32 {
        self.reading.get(day).copied().unwrap_or(0)
    }
}

/// The record form as typed, shown again with its errors.
#[derive(Default)]
pub struct RecordForm {
    pub kind: String,
    pub title: String,
    pub author: String,
    pub body: String,
    pub day: String,
    pub shared: bool,
}

#[derive(Template)]
#[template(path = "study/mine.html")]
struct MinePage<'a> {
    t: Tr<'a>,
    base: Base,
    view: StudyView,
    calendar: String,
    /// The several-days form: day, value as typed, error.
    week: Vec<(Day, String, Option<String>)>,
    quick_error: Option<String>,
    record: RecordForm,
    record_errors: HashMap<&'static str, String>,
    meetings: Vec<Meeting>,
    attendance: Vec<String>,
    kinds: [RecordKind; 4],
    quick: [u32; 4],
    saved: bool,
}

impl MinePage<'_> {
    fn kind_chosen(&self, k: &RecordKind) -> bool {
        self.record.kind == k.as_str()
    }
}

/// The signed-in person, their branch and its plan.
pub(crate) async fn me(
    state: &AppState,
    ctx: &Ctx,
) -> Result<(Person, Organisation, Plan), AppError> {
    let account = ctx.user()?;
    let person = state.store.person(account.person_id).await?;
    let org = state.store.organisation(person.org_id).await?;
    let plan = plan_of(&state.store, &org).await?;
    Ok((person, org, plan))
}

/// The signed-in person, their branch, its plan, and their quotas under it.
pub(crate) async fn me_in_scope(
    state: &AppState,
    ctx: &Ctx,
) -> Result<(Person, Organisation, Plan, store::study::StudyScope), AppError> {
    let (person, org, plan) = me(state, ctx).await?;
    let scope = scope_for(&plan, &person, state.config.utc_offset)?;
    Ok((person, org, plan, scope))
}

struct Shown {
    week_values: HashMap<Day, String>,
    week_errors: HashMap<Day, String>,
    quick_error: Option<String>,
    record: RecordForm,
    record_errors: HashMap<&'static str, String>,
    saved: bool,
}

impl Default for Shown {
    fn default() -> Shown {
        Shown {
            week_values: HashMap::new(),
            week_errors: HashMap::new(),
            quick_error: None,
            record: RecordForm {
                kind: RecordKind::Book.as_str().into(),
                ..Default::default()
            },
            record_errors: HashMap::new(),
            saved: false,
        }
    }
}

async fn render_mine(
    state: &AppState,
    ctx: &Ctx,
    shown: Shown,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (person, _, plan) = me(state, ctx).await?;
    let meetings = state.store.my_meetings(person.id).await?;
    let view = StudyView::load(state, person, &plan).await?;
    let t = ctx.tr(&state.i18n);
    let week =
        (0..WEEK)
            .map(|i| Day(view.today.0 - Duration::days(i)))
            .filter(|d| view.campaign.contains(*d))
            .map(|d| {
                let value = shown.week_values.get(&d).cloned().unwrap_or_else(|| {
                    match view.minutes_on(&d) {
                        0 => String::new(),
                        m => m.to_string(),
                    }
                });
                (d, value, shown.week_errors.get(&d).cloned())
            })
            .collect();
    let mut record = shown.record;
    if record.day.is_empty() {
        record.day = view.today.to_string();
    }
    let page = MinePage {
        base: base(state, ctx, t.t("study-mine-title"), "/study").await,
        calendar: view.calendar(&t.t("study-calendar")),
        attendance: meetings.iter().map(|(_, a)| t.e("attendance", a)).collect(),
        meetings: meetings.into_iter().map(|(m, _)| m).collect(),
        t,
        view,
        week,
        quick_error: shown.quick_error,
        record,
        record_errors: shown.record_errors,
        kinds: RecordKind::ALL,
        quick: QUICK_MINUTES,
        saved: shown.saved,
    };
    html_status(status, &page)
}

pub async fn mine(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    render_mine(&state, &ctx, Shown::default(), StatusCode::OK).await
}

/// Reading minutes: `add` (a quick button) adds to today; otherwise each `day`
/// with a `minutes` value is set to it. Every row is checked before any is saved.
pub async fn save_reading(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (person, _, plan, scope) = me_in_scope(&state, &ctx).await?;
    let campaign = campaign_span(&plan)?;
    let t = ctx.tr(&state.i18n);
    let value = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let mut shown = Shown::default();
    let mut entries = Vec::new();
    if let Some(add) = value("add") {
        match (
            check_day(value("day").unwrap_or(""), scope.today, campaign),
            check_minutes(add),
        ) {
            (Ok(day), Ok(add)) => {
                let actor = &ctx.user()?.username;
                match state
                    .store
                    .add_reading(actor, person.id, day, add.unwrap_or(0), &scope)
                    .await
                {
                    Ok(_) => return Ok(Redirect::to("/study?saved=1#progress").into_response()),
                    Err(store::StoreError::Conflict(msg)) => shown.quick_error = Some(t.t(msg)),
                    Err(e) => return Err(e.into()),
                }
            }
            (Err(p), _) | (_, Err(p)) => shown.quick_error = Some(t.t(p.message_id())),
        }
    } else {
        let days = fields.iter().filter(|(n, _)| n == "day").map(|(_, v)| v);
        let minutes = fields
            .iter()
            .filter(|(n, _)| n == "minutes")
            .map(|(_, v)| v);
        for (day_text, minutes_text) in days.zip(minutes) {
            match check_day(day_text, scope.today, campaign) {
                Err(p) => {
                    shown.quick_error = Some(format!("{day_text}: {}", t.t(p.message_id())));
                }
                Ok(day) => {
                    shown.week_values.insert(day, minutes_text.clone());
                    match check_minutes(minutes_text) {
                        Ok(Some(m)) => entries.push((day, m)),
                        Ok(None) => {}
                        Err(p) => {
                            shown.week_errors.insert(day, t.t(p.message_id()));
                        }
                    }
                }
            }
        }
    }
    if shown.quick_error.is_some() || !shown.week_errors.is_empty() {
        return render_mine(&state, &ctx, shown, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    if !entries.is_empty() {
        state
            .store
            .save_reading(&ctx.user()?.username, person.id, &entries, &scope)
            .await?;
    }
    Ok(Redirect::to("/study?saved=1#progress").into_response())
}

/// A record's fields, checked: every problem by field, or what to save.
pub fn check_record(
    form: &RecordForm,
    today: Day,
    campaign: Span,
    file: Option<&(String, Vec<u8>)>,
) -> Result<(NewRecord, Option<NewFile>), HashMap<&'static str, &'static str>> {
    let mut errors = HashMap::new();
    let kind = RecordKind::parse(&form.kind);
    if kind.is_none() {
        errors.insert("kind", StudyProblem::Missing.message_id());
    }
    let title = form.title.trim();
    if title.is_empty() {
        errors.insert("title", StudyProblem::Missing.message_id());
    } else if title.chars().count() > 100 {
        errors.insert("title", StudyProblem::TooLong.message_id());
    }
    if form.author.chars().count() > 50 {
        errors.insert("author", StudyProblem::TooLong.message_id());
    }
    if form.body.chars().count() > 5000 {
        errors.insert("body", StudyProblem::TooLong.message_id());
    }
    let day =
        check_day(&form.day, today, campaign).map_err(|p| errors.insert("day", p.message_id()));
    let file = match file {
        Some((name, bytes)) if !bytes.is_empty() => {
            match document_type(name, bytes, MAX_DOCUMENT) {
                Ok(content_type) => Some(NewFile {
                    filename: name.clone(),
                    content_type: content_type.into(),
                    body: bytes.clone(),
                }),
                Err(p) => {
                    errors.insert("file", p.message_id());
                    None
                }
            }
        }
        _ => None,
    };
    match (kind, day) {
        (Some(kind), Ok(day)) if errors.is_empty() => Ok((
            NewRecord {
                kind,
                title: title.to_string(),
                author: form.author.trim().to_string(),
                body: form.body.trim().to_string(),
                day,
                shared: form.shared && kind == RecordKind::Book,
            },
            file,
        )),
        _ => Err(errors),
    }
}

/// Reads a multipart form: its text fields, and the file field `file` if any.
pub async fn read_multipart(
    mut multipart: Multipart,
) -> Result<(HashMap<String, String>, Option<(String, Vec<u8>)>), AppError> {
    let mut fields = HashMap::new();
    let mut file = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::bad_request("study-error-form"))?
    {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let filename = crate::http::text_guard::checked(
                field.file_name().unwrap_or_default().to_string(),
            )?;
            let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
            if !filename.is_empty() {
                file = Some((filename, bytes.to_vec()));
            }
        } else {
            let text = field
                .text()
                .await
                .map_err(|_| AppError::bad_request("study-error-form"))?;
            fields.insert(name, crate::http::text_guard::checked(text)?);
        }
    }
    Ok((fields, file))
}

pub async fn add_record(
    State(state): State<AppState>,
    ctx: Ctx,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (person, org, plan, scope) = me_in_scope(&state, &ctx).await?;
    let (fields, file) = read_multipart(multipart).await?;
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let form = RecordForm {
        kind: get("kind"),
        title: get("title"),
        author: get("author"),
        body: get("body"),
        day: get("day"),
        shared: fields.contains_key("shared"),
    };
    match check_record(&form, scope.today, campaign_span(&plan)?, file.as_ref()) {
        Ok((record, file)) => {
            state
                .store
                .add_record(
                    &ctx.user()?.username,
                    person.id,
                    org.id,
                    &record,
                    file.as_ref(),
                    &scope,
                )
                .await?;
            Ok(Redirect::to("/study?saved=1#records").into_response())
        }
        Err(errors) => {
            let t = ctx.tr(&state.i18n);
            let shown = Shown {
                record: form,
                record_errors: errors.into_iter().map(|(k, v)| (k, t.t(v))).collect(),
                ..Default::default()
            };
            render_mine(&state, &ctx, shown, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

pub async fn delete_record(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (person, _, _, scope) = me_in_scope(&state, &ctx).await?;
    state
        .store
        .delete_record(&ctx.user()?.username, person.id, id, &scope)
        .await?;
    Ok(Redirect::to("/study#records").into_response())
}

/// Whether the signed-in person oversees `org`: its leadership, a leader or an
/// office above it.
pub fn oversees(ctx: &Ctx, org: &Organisation) -> bool {
    ctx.roles_at(&org.path).iter().any(|r| {
        matches!(
            r,
            Role::Secretary | Role::Deputy | Role::Leader | Role::CampaignOffice
        )
    })
}
