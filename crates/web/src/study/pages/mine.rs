//! My study (我的学习): log reading time in two taps, several days at once, books,
//! reflections, research topics and articles; see each quota against its target
//! and a calendar of reading. The ledger (学习台账) and the files are in
//! `ledger`.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html_status};
use crate::http::state::AppState;
use crate::http::upload::read_multipart;
use crate::study::progress::StudyView;
use crate::study::record::{self, RecordForm};
use crate::study::rules::me;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::date::Day;
use domain::study::RecordKind;
use std::collections::HashMap;
use store::study::meeting::Meeting;
use time::Duration;

/// Days the several-days form shows, today and back.
const WEEK: i64 = 7;
/// The quick buttons: minutes added to today.
pub const QUICK_MINUTES: [u32; 4] = [15, 30, 60, 120];

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
    record_errors: HashMap<String, String>,
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

struct Shown {
    week_values: HashMap<Day, String>,
    week_errors: HashMap<Day, String>,
    quick_error: Option<String>,
    record: RecordForm,
    record_errors: HashMap<String, String>,
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
    let t = ctx.tr(&state.i18n);
    let value = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let mut shown = Shown::default();
    let done = if let Some(add) = value("add") {
        record::add_minutes(&state, &ctx, value("day").unwrap_or(""), add).await
    } else {
        let days: Vec<(String, String)> = fields
            .iter()
            .filter(|(n, _)| n == "day")
            .map(|(_, v)| v.clone())
            .zip(
                fields
                    .iter()
                    .filter(|(n, _)| n == "minutes")
                    .map(|(_, v)| v.clone()),
            )
            .collect();
        // What was typed, shown again beside each day if a row is refused.
        for (day, minutes) in &days {
            if let Some(day) = domain::date::Day::parse_iso(day) {
                shown.week_values.insert(day, minutes.clone());
            }
        }
        let saved = record::save_days(&state, &ctx, &days).await;
        if let Err(AppError::Refused(r)) = &saved {
            for e in &r.errors {
                let (day, _) = &days[e.index.unwrap_or(0)];
                let why = t.refusal_field(e);
                match (e.field.as_str(), domain::date::Day::parse_iso(day)) {
                    ("minutes", Some(day)) => {
                        shown.week_errors.insert(day, why);
                    }
                    _ => shown.quick_error = Some(format!("{day}: {why}")),
                }
            }
        }
        saved.map(|_| ())
    };
    match done {
        Ok(()) => Ok(Redirect::to("/study?saved=1#progress").into_response()),
        Err(AppError::Refused(r)) => {
            if r.errors.is_empty() {
                shown.quick_error = Some(t.refusal(&r));
            }
            render_mine(&state, &ctx, shown, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

pub async fn add_record(
    State(state): State<AppState>,
    ctx: Ctx,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let form = read_multipart(multipart, "file").await?;
    let record = RecordForm {
        kind: form.text("kind").to_string(),
        title: form.text("title").to_string(),
        author: form.text("author").to_string(),
        body: form.text("body").to_string(),
        day: form.text("day").to_string(),
        shared: form.fields.contains_key("shared"),
    };
    match record::add(&state, &ctx, &record, form.file.as_ref()).await {
        Ok(_) => Ok(Redirect::to("/study?saved=1#records").into_response()),
        Err(AppError::Refused(r)) => {
            let t = ctx.tr(&state.i18n);
            let shown = Shown {
                record,
                record_errors: r
                    .errors
                    .iter()
                    .map(|e| (e.field.clone(), t.refusal_field(e)))
                    .collect(),
                ..Default::default()
            };
            render_mine(&state, &ctx, shown, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

pub async fn delete_record(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    record::delete(&state, &ctx, id).await?;
    Ok(Redirect::to("/study#records").into_response())
}
