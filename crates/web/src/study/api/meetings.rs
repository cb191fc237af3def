//! Meetings over JSON: an organisation's meetings and how it kept the plan's
//! meeting rules, scheduling one, reading one, attendance, check-in, minutes
//! and files.

use super::view::{
    AttendeeView, CheckedInView, FileCreated, MarkedView, MeetingDetailView, MeetingFileView,
    MeetingView, MeetingsView, MinutesSavedView, MissedView, RecordView, RuleView, word,
};
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use crate::study::meeting::{self, compliance, meeting_and_org, meeting_form};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::access::Action;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// The organisation's meetings, and each of the plan's meeting rules with the
/// periods it was missed in.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/meetings", tag = "meetings",
    params(("id" = i64, Path)), responses((status = 200, body = MeetingsView), (status = 403)))]
pub async fn list_meetings(
    State(state): State<AppState>,
    ReadOrg(org): ReadOrg,
) -> Result<Json<MeetingsView>, AppError> {
    let meetings = state.store.meetings(org.id).await?;
    let rules = compliance(&state, &org)
        .await?
        .iter()
        .map(|c| RuleView {
            key: c.rule.key.clone(),
            name: c.rule.name.clone(),
            kind: word(c.rule.kind),
            period: word(c.rule.period),
            times: c.rule.times,
            periods: c.periods.len(),
            missed: c
                .missed()
                .iter()
                .map(|p| MissedView {
                    first: p.span.first.to_string(),
                    last: p.span.last.to_string(),
                    held: p.held,
                    required: p.required,
                })
                .collect(),
        })
        .collect();
    Ok(Json(MeetingsView {
        meetings: meetings.iter().map(MeetingView::from).collect(),
        rules,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct MeetingBody {
    /// members_assembly, committee, group_meeting, party_lecture, study or reading_exchange.
    pub kind: String,
    pub topic: String,
    /// Local time, `YYYY-MM-DDTHH:MM`.
    pub starts_at: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub recorder: String,
    #[serde(default)]
    pub lecturer: String,
    /// Minutes either side of the start in which the QR code checks in; 30 when absent.
    pub checkin_window: Option<u32>,
    /// People of the organisation expected to attend.
    pub expected: Vec<i64>,
}

#[utoipa::path(post, path = "/api/v1/organisations/{id}/meetings", tag = "meetings", request_body = MeetingBody,
    params(("id" = i64, Path)), responses((status = 201, body = Created), (status = 403),
        (status = 422, description = "every refused field in `errors`")))]
pub async fn create_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Json(b): Json<MeetingBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let mut fields: Vec<(String, String)> = vec![
        ("kind".into(), b.kind),
        ("topic".into(), b.topic),
        ("starts_at".into(), b.starts_at),
        ("place".into(), b.place),
        ("host".into(), b.host),
        ("recorder".into(), b.recorder),
        ("lecturer".into(), b.lecturer),
        (
            "window".into(),
            b.checkin_window.map(|w| w.to_string()).unwrap_or_default(),
        ),
    ];
    fields.extend(
        b.expected
            .iter()
            .map(|p| ("expected".into(), p.to_string())),
    );
    let id = meeting::create(&state, &ctx, &org, &meeting_form(fields)).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// A meeting with its attendees, files and the reflections presented. The
/// check-in code is only given to the branch leadership.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "meetings",
    params(("id" = i64, Path)), responses((status = 200, body = MeetingDetailView), (status = 403)))]
pub async fn show_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<MeetingDetailView>, AppError> {
    let (m, org) = meeting_and_org(&state, &ctx, id).await?;
    let checkin_code = ctx
        .can(&org.path, Action::ManagePeople)
        .then(|| m.checkin_code.clone());
    let attendees = state.store.attendees(id).await?;
    let files = state.store.meeting_files(id).await?;
    let reflections = state.store.meeting_reflections(id).await?;
    Ok(Json(MeetingDetailView {
        meeting: MeetingView::from(&m),
        checkin_code,
        attendees: attendees.iter().map(AttendeeView::from).collect(),
        files: files
            .into_iter()
            .map(|(id, filename)| MeetingFileView { id, filename })
            .collect(),
        reflections: reflections.iter().map(RecordView::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct Mark {
    pub person_id: i64,
    /// expected, present, leave or absent.
    pub state: String,
    /// Required for leave.
    #[serde(default)]
    pub reason: String,
}

#[derive(Deserialize, ToSchema)]
pub struct AttendanceBody {
    pub marks: Vec<Mark>,
}

/// Marks attendance; a bad row, or a person not expected, refuses all of them.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/attendance", tag = "meetings", request_body = AttendanceBody,
    params(("id" = i64, Path)), responses((status = 200, body = MarkedView), (status = 403),
        (status = 422, description = "the refused row in `errors`: `index` its person")))]
pub async fn mark_attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<AttendanceBody>,
) -> Result<Json<MarkedView>, AppError> {
    let marks: Vec<(i64, String, String)> = b
        .marks
        .into_iter()
        .map(|m| (m.person_id, m.state, m.reason))
        .collect();
    let marked = meeting::mark_attendance(&state, &ctx, id, &marks).await?;
    Ok(Json(MarkedView { marked }))
}

#[derive(Deserialize, ToSchema)]
pub struct CheckinBody {
    /// The code from the meeting's QR.
    pub code: String,
}

/// Checks the caller in, inside the meeting's window, if they are expected.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/checkin", tag = "meetings", request_body = CheckinBody,
    params(("id" = i64, Path)), responses((status = 200, body = CheckedInView), (status = 422)))]
pub async fn check_in(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<CheckinBody>,
) -> Result<Json<CheckedInView>, AppError> {
    meeting::check_in(&state, &ctx, id, &b.code).await?;
    Ok(Json(CheckedInView {
        state: "present".into(),
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct FileQuery {
    /// The file's name; its ending must match its bytes.
    pub filename: String,
}

/// Adds a file (the request body) to the meeting: minutes, photos, slides.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/files", tag = "meetings",
    params(("id" = i64, Path), FileQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = FileCreated), (status = 403), (status = 413), (status = 415)))]
pub async fn add_meeting_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<FileQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<FileCreated>), AppError> {
    let file_id = meeting::add_file(&state, &ctx, id, &q.filename, &body).await?;
    Ok((StatusCode::CREATED, Json(FileCreated { file_id })))
}

#[derive(Deserialize, ToSchema)]
pub struct MinutesBody {
    pub minutes: String,
}

#[utoipa::path(put, path = "/api/v1/meetings/{id}/minutes", tag = "meetings", request_body = MinutesBody,
    params(("id" = i64, Path)), responses((status = 200, body = MinutesSavedView), (status = 403)))]
pub async fn save_minutes(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<MinutesBody>,
) -> Result<Json<MinutesSavedView>, AppError> {
    meeting::save_minutes(&state, &ctx, id, &b.minutes).await?;
    Ok(Json(MinutesSavedView { saved: true }))
}
