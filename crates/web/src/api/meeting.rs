//! Meetings over JSON, by the pages' rules (`pages::meeting`).

use super::refusal;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::pages::meeting::{check_meeting, compliance, meeting_form};
use crate::pages::meeting_detail::meeting_and_org;
use crate::plan::rules::plan_of;
use crate::study::campaign_span;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Action;
use domain::study::{MAX_MINUTES_TEXT, check_mark};
use serde::Deserialize;
use serde_json::{Value, json};
use store::StoreError;
use time::OffsetDateTime;
use utoipa::ToSchema;

/// The organisation's meetings, and each of the plan's meeting rules with the
/// periods it was missed in.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/meetings", tag = "meetings",
    params(("id" = i64, Path)), responses((status = 200, body = serde_json::Value), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    let meetings = state.store.meetings(org.id).await?;
    let rules: Vec<Value> = compliance(&state, &org)
        .await?
        .iter()
        .map(|c| {
            json!({
                "key": c.rule.key, "name": c.rule.name, "kind": c.rule.kind,
                "period": c.rule.period, "times": c.rule.times,
                "periods": c.periods.len(),
                "missed": c.missed().iter().map(|p| json!({
                    "first": p.span.first, "last": p.span.last, "held": p.held, "required": p.required,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(json!({ "meetings": meetings, "rules": rules })))
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
    params(("id" = i64, Path)), responses((status = 201, body = serde_json::Value), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<MeetingBody>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    let account = ctx.require(&org.path, Action::ManagePeople)?;
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
            .map(|p| ("expected".to_string(), p.to_string())),
    );
    let plan = plan_of(&state.store, &org).await?;
    let people = state.store.all_people(&org.path).await?;
    match check_meeting(
        &meeting_form(fields),
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
            Ok((StatusCode::CREATED, Json(json!({ "id": mid }))).into_response())
        }
        Err(errors) => {
            let errors: Vec<Value> = errors
                .into_iter()
                .map(|(f, m)| json!({ "field": f, "message": state.i18n.text(ctx.locale, m) }))
                .collect();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({ "errors": errors })),
            )
                .into_response())
        }
    }
}

/// A meeting with its attendees, files and the reflections presented. The
/// check-in code is only given to the branch leadership.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "meetings",
    params(("id" = i64, Path)), responses((status = 200, body = serde_json::Value), (status = 403)))]
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let (m, org) = meeting_and_org(&state, &ctx, id).await?;
    let code = ctx
        .can(&org.path, Action::ManagePeople)
        .then(|| m.checkin_code.clone());
    Ok(Json(json!({
        "meeting": m,
        "checkin_code": code,
        "attendees": state.store.attendees(id).await?,
        "files": state.store.meeting_files(id).await?.iter().map(|(i, n)| json!({ "id": i, "filename": n })).collect::<Vec<_>>(),
        "reflections": state.store.meeting_reflections(id).await?,
    })))
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
    params(("id" = i64, Path)), responses((status = 200), (status = 403), (status = 422)))]
pub async fn attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<AttendanceBody>,
) -> Result<Response, AppError> {
    let (_, org) = meeting_and_org(&state, &ctx, id).await?;
    let account = ctx.require(&org.path, Action::ManagePeople)?;
    let mut marks = Vec::new();
    for mark in b.marks {
        match check_mark(&mark.state, &mark.reason) {
            Ok((s, reason)) => marks.push((mark.person_id, s, reason)),
            Err(message) => {
                return Ok(refusal(
                    &state,
                    &ctx,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    message,
                ));
            }
        }
    }
    match state
        .store
        .mark_attendance(&account.username, id, &marks)
        .await
    {
        Ok(()) => Ok(Json(json!({ "marked": marks.len() })).into_response()),
        Err(StoreError::Conflict(msg)) => {
            Ok(refusal(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, msg))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct CheckinBody {
    /// The code from the meeting's QR.
    pub code: String,
}

/// Checks the caller in, inside the meeting's window, if they are expected.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/checkin", tag = "meetings", request_body = CheckinBody,
    params(("id" = i64, Path)), responses((status = 200), (status = 422)))]
pub async fn checkin(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<CheckinBody>,
) -> Result<Response, AppError> {
    let account = ctx.user()?;
    match state
        .store
        .check_in(
            &account.username,
            id,
            account.person_id,
            &b.code,
            OffsetDateTime::now_utc(),
        )
        .await
    {
        Ok(()) => Ok(Json(json!({ "state": "present" })).into_response()),
        Err(StoreError::Conflict(msg)) => {
            Ok(refusal(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, msg))
        }
        Err(e) => Err(e.into()),
    }
}

/// Adds a file (the request body) to the meeting: minutes, photos, slides.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/files", tag = "meetings",
    params(("id" = i64, Path), ("filename" = String, Query)),
    responses((status = 201, body = serde_json::Value), (status = 403), (status = 413), (status = 415)))]
pub async fn add_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<super::study::FileQuery>,
    body: Bytes,
) -> Result<Response, AppError> {
    let (_, org) = meeting_and_org(&state, &ctx, id).await?;
    let account = ctx.require(&org.path, Action::ManagePeople)?;
    let file = match super::study::document(&q.filename, &body) {
        Ok(f) => f,
        Err((status, id)) => return Ok(refusal(&state, &ctx, status, id)),
    };
    let fid = state
        .store
        .add_meeting_file(&account.username, id, org.id, &file)
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "file_id": fid }))).into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct MinutesBody {
    pub minutes: String,
}

#[utoipa::path(put, path = "/api/v1/meetings/{id}/minutes", tag = "meetings", request_body = MinutesBody,
    params(("id" = i64, Path)), responses((status = 200), (status = 403)))]
pub async fn minutes(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<MinutesBody>,
) -> Result<Response, AppError> {
    let (_, org) = meeting_and_org(&state, &ctx, id).await?;
    let account = ctx.require(&org.path, Action::ManagePeople)?;
    if b.minutes.chars().count() > MAX_MINUTES_TEXT {
        return Ok(refusal(
            &state,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            "study-error-too-long",
        ));
    }
    state
        .store
        .save_minutes(&account.username, id, b.minutes.trim())
        .await?;
    Ok(Json(json!({ "saved": true })).into_response())
}
