//! The caller's own study log over JSON: where they stand, reading by day,
//! records and their files.

use super::view::{FileCreated, MyStudyView, ReadingDayView, SavedView};
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::study::progress::StudyView;
use crate::study::record::{self, RecordForm, document};
use crate::study::rules::{campaign_span, me};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::study::Span;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// My study: each quota against its target, the tasks with deadlines, my records.
#[utoipa::path(get, path = "/api/v1/me/study", tag = "study",
    responses((status = 200, body = MyStudyView), (status = 401)))]
pub async fn my_study(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<MyStudyView>, AppError> {
    let (person, _, plan) = me(&state, &ctx).await?;
    let view = StudyView::load(&state, person, &plan).await?;
    Ok(Json(MyStudyView::from(&view)))
}

#[derive(Deserialize, ToSchema)]
pub struct ReadingDay {
    /// YYYY-MM-DD: not in the future, inside the campaign.
    pub day: String,
    /// 0 to 1440; 0 clears the day.
    pub minutes: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct ReadingBody {
    pub days: Vec<ReadingDay>,
}

/// Sets the minutes read on one or several days. Any bad row refuses them all.
#[utoipa::path(put, path = "/api/v1/me/study/reading", tag = "study", request_body = ReadingBody,
    responses((status = 200, body = SavedView),
        (status = 422, description = "every refused row in `errors`: `index` its place")))]
pub async fn save_reading(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<ReadingBody>,
) -> Result<Json<SavedView>, AppError> {
    let days: Vec<(String, String)> = b
        .days
        .into_iter()
        .map(|d| (d.day, d.minutes.to_string()))
        .collect();
    let saved = record::save_days(&state, &ctx, &days).await?;
    Ok(Json(SavedView { saved }))
}

#[derive(Deserialize, IntoParams)]
pub struct Range {
    /// YYYY-MM-DD; the campaign's first day when absent.
    from: Option<String>,
    /// YYYY-MM-DD; the campaign's last day when absent.
    to: Option<String>,
}

/// Minutes read per day, over the campaign or `from`..`to`.
#[utoipa::path(get, path = "/api/v1/me/study/reading", tag = "study",
    params(Range), responses((status = 200, body = Vec<ReadingDayView>)))]
pub async fn reading(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(r): Query<Range>,
) -> Result<Json<Vec<ReadingDayView>>, AppError> {
    let (person, _, plan) = me(&state, &ctx).await?;
    let campaign = campaign_span(&plan)?;
    let day = |t: &Option<String>, d| {
        t.as_deref()
            .and_then(domain::date::Day::parse_iso)
            .unwrap_or(d)
    };
    let span = Span::new(day(&r.from, campaign.first), day(&r.to, campaign.last));
    let days = state.store.reading(person.id, span).await?;
    Ok(Json(
        days.iter()
            .map(|(d, m)| ReadingDayView {
                day: d.to_string(),
                minutes: *m,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct RecordBody {
    /// book, reflection, research_topic or article.
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub body: String,
    /// The day it counts for: the book finished, the text written.
    pub day: String,
    /// Show a book on the 晒书 wall.
    #[serde(default)]
    pub shared: bool,
}

/// Records a book, reflection, research topic or article (its file after).
#[utoipa::path(post, path = "/api/v1/me/study/records", tag = "study", request_body = RecordBody,
    responses((status = 201, body = Created),
        (status = 422, description = "every refused field in `errors`")))]
pub async fn add_record(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<RecordBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let form = RecordForm {
        kind: b.kind,
        title: b.title,
        author: b.author,
        body: b.body,
        day: b.day,
        shared: b.shared,
    };
    let id = record::add(&state, &ctx, &form, None).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, IntoParams)]
pub struct FileQuery {
    /// The file's name; its ending must match its bytes.
    pub filename: String,
}

/// Attaches a file (the request body) to one of the caller's records, replacing
/// any it had: PDF, Word, text or an image whose bytes match its name, ≤ 4 MB.
#[utoipa::path(post, path = "/api/v1/me/study/records/{id}/file", tag = "study",
    params(("id" = i64, Path), FileQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = FileCreated), (status = 404), (status = 413), (status = 415)))]
pub async fn attach_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<FileQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<FileCreated>), AppError> {
    let account = ctx.user()?;
    let file = document(&q.filename, &body)?;
    let file_id = state
        .store
        .attach_record_file(&account.username, account.person_id, id, &file)
        .await?;
    Ok((StatusCode::CREATED, Json(FileCreated { file_id })))
}

#[utoipa::path(delete, path = "/api/v1/me/study/records/{id}", tag = "study",
    params(("id" = i64, Path)), responses((status = 204), (status = 404)))]
pub async fn delete_record(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    record::delete(&state, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
