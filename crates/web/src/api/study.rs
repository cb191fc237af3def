//! The study log, compliance and books over JSON, by the pages' rules
//! (`pages::study`, `pages::study_branch`, `pages::books`).

use super::refusal;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::paging::PageQuery;
use crate::http::state::AppState;
use crate::pages::study::{RecordForm, StudyView, check_record, me, me_in_scope};
use crate::pages::study_branch::overseen;
use crate::study::MAX_DOCUMENT;
use crate::study::{Grouping, branch_compliance, campaign_span, city_summary};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Action;
use domain::study::{DocumentProblem, Span, StudyProblem, check_day, check_minutes, document_type};
use serde::Deserialize;
use serde_json::{Value, json};
use store::person::Page;
use store::study::NewFile;
use utoipa::{IntoParams, ToSchema};

/// People of a compliance table, or organisations of a summary, to a page
/// unless the caller asks for another size (500 at most).
const PER_PAGE: i64 = 500;

fn invalid(errors: Vec<Value>) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "errors": errors })),
    )
        .into_response()
}

fn view_json(v: &StudyView) -> Value {
    json!({
        "person_id": v.person.id,
        "name": v.person.name,
        "today": v.today,
        "campaign": { "first": v.campaign.first, "last": v.campaign.last },
        "total_minutes": v.total_minutes,
        "quotas": v.progress.iter().map(|q| json!({
            "key": q.key, "name": q.name, "unit": q.unit, "period": q.period, "target": q.target,
            "due": q.due, "met": q.met, "percent": q.percent(),
            "running": q.running.map(|(span, done, target)| json!({
                "first": span.first, "last": span.last, "done": done, "target": target })),
        })).collect::<Vec<_>>(),
        "tasks": v.tasks.iter().map(|t| json!({
            "name": t.name, "due_on": t.due_on, "count": t.count, "done": t.done, "late": t.late,
        })).collect::<Vec<_>>(),
        "records": v.records,
    })
}

/// My study: each quota against its target, the tasks with deadlines, my records.
#[utoipa::path(get, path = "/api/v1/me/study", tag = "study",
    responses((status = 200, body = serde_json::Value), (status = 401)))]
pub async fn mine(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Value>, AppError> {
    let (person, _, plan) = me(&state, &ctx).await?;
    Ok(Json(view_json(
        &StudyView::load(&state, person, &plan).await?,
    )))
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
    responses((status = 200, body = serde_json::Value),
        (status = 422, description = "every refused row: {errors: [...]}, or a refusal")))]
pub async fn save_reading(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<ReadingBody>,
) -> Result<Response, AppError> {
    let (person, _, plan, scope) = me_in_scope(&state, &ctx).await?;
    let campaign = campaign_span(&plan)?;
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    let message = |p: StudyProblem| state.i18n.text(ctx.locale, p.message_id());
    for (i, d) in b.days.iter().enumerate() {
        match (
            check_day(&d.day, scope.today, campaign),
            check_minutes(&d.minutes.to_string()),
        ) {
            (Ok(day), Ok(m)) => entries.push((day, m.unwrap_or(0))),
            (Err(p), _) => errors.push(json!({ "row": i, "field": "day", "message": message(p) })),
            (_, Err(p)) => {
                errors.push(json!({ "row": i, "field": "minutes", "message": message(p) }))
            }
        }
    }
    if !errors.is_empty() {
        return Ok(invalid(errors));
    }
    state
        .store
        .save_reading(&ctx.user()?.username, person.id, &entries, &scope)
        .await?;
    Ok(Json(json!({ "saved": entries.len() })).into_response())
}

#[derive(Deserialize)]
pub struct Range {
    from: Option<String>,
    to: Option<String>,
}

/// Minutes read per day, over the campaign or `from`..`to`.
#[utoipa::path(get, path = "/api/v1/me/study/reading", tag = "study",
    params(("from" = Option<String>, Query), ("to" = Option<String>, Query)),
    responses((status = 200, body = serde_json::Value)))]
pub async fn reading(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(r): Query<Range>,
) -> Result<Json<Value>, AppError> {
    let (person, _, plan) = me(&state, &ctx).await?;
    let campaign = campaign_span(&plan)?;
    let day = |t: &Option<String>, d| {
        t.as_deref()
            .and_then(domain::date::Day::parse_iso)
            .unwrap_or(d)
    };
    let span = Span::new(day(&r.from, campaign.first), day(&r.to, campaign.last));
    let days = state.store.reading(person.id, span).await?;
    Ok(Json(json!(
        days.iter()
            .map(|(d, m)| json!({ "day": d, "minutes": m }))
            .collect::<Vec<_>>()
    )))
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

/// Records a book, reflection, research topic or article (files through the page).
#[utoipa::path(post, path = "/api/v1/me/study/records", tag = "study", request_body = RecordBody,
    responses((status = 201, body = serde_json::Value),
        (status = 422, description = "every refused field: {errors: [...]}, or a refusal")))]
pub async fn add_record(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<RecordBody>,
) -> Result<Response, AppError> {
    let (person, org, plan, scope) = me_in_scope(&state, &ctx).await?;
    let form = RecordForm {
        kind: b.kind,
        title: b.title,
        author: b.author,
        body: b.body,
        day: b.day,
        shared: b.shared,
    };
    match check_record(&form, scope.today, campaign_span(&plan)?, None) {
        Ok((record, _)) => {
            let id = state
                .store
                .add_record(
                    &ctx.user()?.username,
                    person.id,
                    org.id,
                    &record,
                    None,
                    &scope,
                )
                .await?;
            Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
        }
        Err(errors) => Ok(invalid(
            errors
                .into_iter()
                .map(|(f, m)| json!({ "field": f, "message": state.i18n.text(ctx.locale, m) }))
                .collect(),
        )),
    }
}

#[derive(Deserialize)]
pub struct FileQuery {
    pub filename: String,
}

/// Checks an uploaded document; a refusal is the status and message the API
/// answers with.
pub(crate) fn document(filename: &str, body: &[u8]) -> Result<NewFile, (StatusCode, &'static str)> {
    document_type(filename, body, MAX_DOCUMENT)
        .map(|content_type| NewFile {
            filename: filename.to_string(),
            content_type: content_type.into(),
            body: body.to_vec(),
        })
        .map_err(|p| {
            let status = match p {
                DocumentProblem::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                DocumentProblem::Mismatch | DocumentProblem::UnknownType => {
                    StatusCode::UNSUPPORTED_MEDIA_TYPE
                }
                DocumentProblem::Empty => StatusCode::UNPROCESSABLE_ENTITY,
            };
            (status, p.message_id())
        })
}

/// Attaches a file (the request body) to one of the caller's records, replacing
/// any it had: PDF, Word, text or an image whose bytes match its name, ≤ 4 MB.
#[utoipa::path(post, path = "/api/v1/me/study/records/{id}/file", tag = "study",
    params(("id" = i64, Path), ("filename" = String, Query)),
    responses((status = 201, body = serde_json::Value), (status = 404), (status = 413), (status = 415)))]
pub async fn attach_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<FileQuery>,
    body: Bytes,
) -> Result<Response, AppError> {
    let account = ctx.user()?;
    let file = match document(&q.filename, &body) {
        Ok(f) => f,
        Err((status, id)) => return Ok(refusal(&state, &ctx, status, id)),
    };
    let fid = state
        .store
        .attach_record_file(&account.username, account.person_id, id, &file)
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "file_id": fid }))).into_response())
}

#[utoipa::path(delete, path = "/api/v1/me/study/records/{id}", tag = "study",
    params(("id" = i64, Path)), responses((status = 204), (status = 404)))]
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
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Everyone in the organisation × each quota, a page of people at a time:
/// share of ended periods met, the running period, and every laggard's id.
/// For the branch leadership and those above.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/study", tag = "study",
    params(("id" = i64, Path), PageQuery),
    responses((status = 200, body = serde_json::Value), (status = 403)))]
pub async fn compliance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Json<Value>, AppError> {
    let org = overseen(&state, &ctx, id).await?;
    let mut c = branch_compliance(&state, &org).await?;
    let lagging: Vec<i64> = c
        .rows
        .iter()
        .filter(|r| r.lagging())
        .map(|r| r.person_id)
        .collect();
    let (page, per_page) = q.get(PER_PAGE);
    let rows = Page::cut(std::mem::take(&mut c.rows), page, per_page);
    c.rows = rows.items;
    Ok(Json(json!({
        "table": c, "lagging": lagging,
        "count": rows.total, "page": rows.page, "per_page": rows.per_page,
    })))
}

/// Sends each laggard a reminder through the inbox.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/study/reminders", tag = "study",
    params(("id" = i64, Path)), responses((status = 200, body = serde_json::Value), (status = 403)))]
pub async fn remind(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let org = state.store.organisation(id).await?;
    let account = ctx.require(&org.path, Action::ManagePeople)?;
    let n =
        crate::pages::study_branch::remind_laggards(&state, &ctx, &org, &account.username).await?;
    Ok(Json(json!({ "reminded": n })))
}

#[derive(Deserialize, IntoParams)]
pub struct SummaryQuery {
    /// `organisation` (a line per organisation, the default) or `subordinate`
    /// (a line per direct subordinate, its subtree summed).
    #[serde(default)]
    #[param(value_type = Option<String>)]
    by: Grouping,
}

/// Compliance summed per organisation below this one, or per direct
/// subordinate, weakest first, a page of lines at a time, with the total over
/// all of them.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/study/summary", tag = "study",
    params(("id" = i64, Path), PageQuery, SummaryQuery),
    responses((status = 200, body = serde_json::Value), (status = 403)))]
pub async fn summary(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
    Query(by): Query<SummaryQuery>,
) -> Result<Json<Value>, AppError> {
    let org = overseen(&state, &ctx, id).await?;
    let mut s = city_summary(&state, &org, by.by).await?;
    let (page, per_page) = q.get(PER_PAGE);
    let lines = Page::cut(std::mem::take(&mut s.lines), page, per_page);
    s.lines = lines.items;
    Ok(Json(json!({
        "today": s.today, "quotas": s.quotas, "lines": s.lines, "total": s.total,
        "count": lines.total, "page": lines.page, "per_page": lines.per_page,
    })))
}

/// The recommended books and the 晒书 wall.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/books", tag = "study",
    params(("id" = i64, Path)), responses((status = 200, body = serde_json::Value), (status = 403)))]
pub async fn books(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let org = state.store.organisation(id).await?;
    let account = ctx.require(&org.path, Action::Read)?;
    let (wall, liked) = state.store.wall(org.id, Some(account.person_id)).await?;
    let recommendations = state.store.recommendations(org.id).await?;
    Ok(Json(
        json!({ "recommendations": recommendations, "wall": wall, "liked": liked }),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct RecommendBody {
    pub title: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/organisations/{id}/books", tag = "study", request_body = RecommendBody,
    params(("id" = i64, Path)), responses((status = 201, body = serde_json::Value), (status = 422)))]
pub async fn recommend(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<RecommendBody>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    let account = ctx.require(&org.path, Action::Read)?;
    let errors = crate::pages::books::check_recommendation(&b.title, &b.author, &b.reason);
    if !errors.is_empty() {
        // A missing title says so; otherwise something is too long.
        let p = if errors.values().any(|p| *p == StudyProblem::Missing) {
            StudyProblem::Missing
        } else {
            StudyProblem::TooLong
        };
        return Ok(refusal(
            &state,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            p.message_id(),
        ));
    }
    let rid = state
        .store
        .recommend_book(
            &account.username,
            org.id,
            account.person_id,
            b.title.trim(),
            b.author.trim(),
            b.reason.trim(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": rid }))).into_response())
}

/// Likes a book on the wall, or takes the like back.
#[utoipa::path(post, path = "/api/v1/study/records/{id}/like", tag = "study",
    params(("id" = i64, Path)), responses((status = 200, body = serde_json::Value)))]
pub async fn like(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let account = ctx.user()?;
    let record = state.store.record(id).await?;
    let org = state.store.organisation(record.org_id).await?;
    ctx.require(&org.path, Action::Read)?;
    let liked = state.store.toggle_like(account.person_id, id).await?;
    Ok(Json(json!({ "liked": liked })))
}
