//! One meeting: its details, the QR code for check-in, attendance marked by the
//! branch leadership, minutes, files, and the reflections a reading exchange heard.

use super::meeting::when;
use super::study::read_multipart;
use super::{Base, base, html_status, qr_svg, site_base};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use crate::study::MAX_DOCUMENT;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Action;
use domain::plan::MeetingKind;
use domain::study::{
    Attendance, MAX_MINUTES_TEXT, RecordKind, StudyProblem, check_mark, document_type,
};
use serde::Deserialize;
use std::collections::HashMap;
use store::organisation::Organisation;
use store::study::meeting::{Attendee, Meeting};
use store::study::{NewFile, Record};

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

/// A meeting and its organisation, to anyone with a role over it.
pub(crate) async fn meeting_and_org(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Meeting, Organisation), AppError> {
    let m = state.store.meeting(id).await?;
    let org = state.store.organisation(m.org_id).await?;
    ctx.require(&org.path, Action::Read)?;
    Ok((m, org))
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
        None,
    )
    .await
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
        let reason = fields
            .get(&format!("reason-{person}"))
            .map_or("", |r| r.as_str());
        match check_mark(value, reason) {
            Ok((s, reason)) => marks.push((person, s, reason)),
            Err(message) => {
                let typed = Typed {
                    fields: &fields,
                    row: person,
                };
                let message = ctx.tr(&state.i18n).t(message);
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                return render_show(
                    &state,
                    &ctx,
                    &headers,
                    id,
                    Some(message),
                    status,
                    Some(typed),
                )
                .await;
            }
        }
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
    if form.minutes.chars().count() > MAX_MINUTES_TEXT {
        return Err(AppError::bad_request(StudyProblem::TooLong.message_id()));
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
