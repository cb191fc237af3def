//! One meeting: its details, the QR code for check-in, attendance marked by the
//! branch leadership, minutes, files, and the reflections a reading exchange heard.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html_status, qr_svg, site_base};
use crate::http::state::AppState;
use crate::http::upload::read_multipart;
use crate::study::meeting::{self, meeting_and_org, when};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Action;
use domain::plan::MeetingKind;
use domain::study::{Attendance, RecordKind};
use serde::Deserialize;
use std::collections::HashMap;
use store::organisation::Organisation;
use store::study::Record;
use store::study::meeting::{Attendee, Meeting};

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
    /// The attendee whose row the error is about.
    error_row: Option<i64>,
}

/// What a refused attendance form had typed, and the row it was refused for.
struct Typed<'f> {
    fields: &'f HashMap<String, String>,
    row: i64,
}

async fn render_show(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: i64,
    error: Option<String>,
    status: StatusCode,
    typed: Option<Typed<'_>>,
) -> Result<Response, AppError> {
    let (m, org) = meeting_and_org(state, ctx, id).await?;
    let can_manage = ctx.can(&org.path, Action::ManagePeople);
    let mut attendees = state.store.attendees(id).await?;
    // A refused form shows every row as it was typed, not as it was saved.
    if let Some(typed) = &typed {
        for a in &mut attendees {
            let key = a.person_id;
            if let Some(s) = typed
                .fields
                .get(&format!("state-{key}"))
                .and_then(|s| Attendance::parse(s))
            {
                a.state = s;
            }
            if let Some(r) = typed.fields.get(&format!("reason-{key}")) {
                a.reason = r.clone();
            }
        }
    }
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
        error_row: typed.map(|t| t.row),
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
    error: AppError,
) -> Result<Response, AppError> {
    let AppError::Refused(r) = error else {
        return Err(error);
    };
    let message = ctx.tr(&state.i18n).refusal(&r);
    render_show(state, ctx, headers, id, Some(message), r.status, None).await
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    render_show(&state, &ctx, &headers, id, None, StatusCode::OK, None).await
}

/// The branch leadership marks attendance: `state-{person}` and `reason-{person}`.
/// On leave needs a reason. Nothing is saved unless every row is right; a
/// refused row comes back as typed, the message beside it.
pub async fn attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let marks: Vec<(i64, String, String)> = fields
        .iter()
        .filter_map(|(key, value)| {
            let person = key.strip_prefix("state-")?.parse::<i64>().ok()?;
            let reason = fields.get(&format!("reason-{person}")).cloned();
            Some((person, value.clone(), reason.unwrap_or_default()))
        })
        .collect();
    match meeting::mark_attendance(&state, &ctx, id, &marks).await {
        Ok(_) => Ok(Redirect::to(&format!("/meetings/{id}")).into_response()),
        Err(AppError::Refused(r)) => {
            let typed = r.errors.first().and_then(|e| e.index).map(|row| Typed {
                fields: &fields,
                row: row as i64,
            });
            let message = ctx.tr(&state.i18n).refusal(&r);
            render_show(&state, &ctx, &headers, id, Some(message), r.status, typed).await
        }
        Err(e) => Err(e),
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
    meeting::save_minutes(&state, &ctx, id, &form.minutes).await?;
    Ok(Redirect::to(&format!("/meetings/{id}")).into_response())
}

pub async fn add_file(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let form = read_multipart(multipart, "file").await?;
    let added = match form.file {
        Some((name, bytes)) => meeting::add_file(&state, &ctx, id, &name, &bytes).await,
        None => Err(AppError::invalid("file", "study-error-file-empty")),
    };
    match added {
        Ok(_) => Ok(Redirect::to(&format!("/meetings/{id}")).into_response()),
        Err(e) => refused(&state, &ctx, &headers, id, e).await,
    }
}

pub async fn reflections(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let ids: Vec<i64> = fields
        .iter()
        .filter(|(k, _)| k == "record")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    match meeting::present_reflections(&state, &ctx, id, &ids).await {
        Ok(()) => Ok(Redirect::to(&format!("/meetings/{id}")).into_response()),
        Err(e) => refused(&state, &ctx, &headers, id, e).await,
    }
}
