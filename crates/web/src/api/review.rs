//! Leader reviews and rectification items over JSON, by the pages' rules
//! (`pages::review`).

use super::refusal;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::pages::review::{
    closable, is_reviewed_side, may_direct, may_read, may_review, readable,
};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Action;
use domain::review::check_review;
use domain::text::required as required_text;
use serde::Deserialize;
use serde_json::{Value, json};
use store::StoreError;
use utoipa::ToSchema;

fn to_json<T: serde::Serialize>(v: &T) -> Result<Value, AppError> {
    serde_json::to_value(v).map_err(AppError::from)
}

/// Reviews of a branch and its members that the caller may read.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/reviews", tag = "reviews",
    params(("id" = i64, Path)), responses((status = 200, body = serde_json::Value), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    let list: Vec<_> = state
        .store
        .branch_reviews(org.id)
        .await?
        .into_iter()
        .filter(|r| may_read(&ctx, &org, r))
        .collect();
    Ok(Json(to_json(&list)?))
}

#[derive(Deserialize, ToSchema)]
pub struct ReviewBody {
    /// The member reviewed; absent for the branch itself.
    pub person_id: Option<i64>,
    pub affirmed: String,
    /// One problem a line.
    pub problems: String,
    pub direction: String,
    #[serde(default)]
    pub criteria: Vec<String>,
}

#[utoipa::path(post, path = "/api/v1/organisations/{id}/reviews", tag = "reviews", request_body = ReviewBody,
    params(("id" = i64, Path)), responses((status = 201, body = serde_json::Value), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<ReviewBody>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    if !may_review(&ctx, &org) {
        return Err(AppError::Forbidden);
    }
    if let Some(p) = b.person_id
        && state.store.person(p).await?.org_id != org.id
    {
        return Err(AppError::bad_request("error-bad-request"));
    }
    let parts = match check_review(&b.affirmed, &b.problems, &b.direction, b.criteria) {
        Ok(p) => p,
        Err(errors) => {
            let errors: Vec<Value> = errors
                .iter()
                .map(|(f, p)| json!({ "field": f, "message": state.i18n.args(ctx.locale, p.message_id(), &p.args()) }))
                .collect();
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({ "error": "review-invalid", "errors": errors })),
            )
                .into_response());
        }
    };
    let a = ctx.user()?;
    let rid = state
        .store
        .add_review(
            &a.username,
            (a.id, &a.person_name),
            org.id,
            b.person_id,
            &parts,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": rid }))).into_response())
}

/// A review with its replies.
#[utoipa::path(get, path = "/api/v1/reviews/{id}", tag = "reviews",
    params(("id" = i64, Path)), responses((status = 200, body = serde_json::Value), (status = 403)))]
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let r = state.store.review(id).await?;
    let org = state.store.organisation(r.org_id).await?;
    ctx.user()?;
    if !may_read(&ctx, &org, &r) {
        return Err(AppError::Forbidden);
    }
    let mut v = to_json(&r)?;
    v["replies"] = to_json(&state.store.review_replies(id).await?)?;
    Ok(Json(v))
}

#[derive(serde::Deserialize, ToSchema)]
pub struct TextBody {
    pub text: String,
}

#[utoipa::path(post, path = "/api/v1/reviews/{id}/replies", tag = "reviews", request_body = TextBody,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 422)))]
pub async fn reply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<TextBody>,
) -> Result<Response, AppError> {
    let r = state.store.review(id).await?;
    let org = state.store.organisation(r.org_id).await?;
    if !is_reviewed_side(&ctx, &org, &r) {
        return Err(AppError::Forbidden);
    }
    let Ok(text) = required_text(&b.text, domain::review::MAX_PART) else {
        return Ok(refusal(
            &state,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            "field-missing",
        ));
    };
    state
        .store
        .add_review_reply(&ctx.user()?.username, id, &text)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct PublishBody {
    pub published: bool,
}

#[utoipa::path(post, path = "/api/v1/reviews/{id}/publish", tag = "reviews", request_body = PublishBody,
    params(("id" = i64, Path)), responses((status = 204), (status = 403)))]
pub async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<PublishBody>,
) -> Result<Response, AppError> {
    let r = state.store.review(id).await?;
    let account = ctx.user()?;
    if account.id != r.reviewer_account_id {
        return Err(AppError::Forbidden);
    }
    state
        .store
        .publish_review(&account.username, id, b.published)
        .await?;
    state
        .shared::<crate::commitment::board_cache::BoardCache>()
        .forget(r.org_id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct RectificationBody {
    /// One of the review's problems, as written.
    pub problem: String,
    pub owner_person_id: i64,
    /// YYYY-MM-DD
    pub due_on: String,
}

#[utoipa::path(post, path = "/api/v1/reviews/{id}/rectifications", tag = "reviews", request_body = RectificationBody,
    params(("id" = i64, Path)), responses((status = 201, body = serde_json::Value), (status = 403), (status = 422)))]
pub async fn raise(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<RectificationBody>,
) -> Result<Response, AppError> {
    let r = state.store.review(id).await?;
    let org = state.store.organisation(r.org_id).await?;
    if !may_direct(&ctx, &org, Some(r.reviewer_account_id)) {
        return Err(AppError::Forbidden);
    }
    let owner = state.store.person(b.owner_person_id).await?;
    if !r.parts.problems.contains(&b.problem) || owner.org_id != org.id {
        return Err(AppError::bad_request("error-bad-request"));
    }
    let today = crate::http::clock::today(state.config.utc_offset);
    let due = domain::date::Day::parse_iso(&b.due_on)
        .ok_or("field-bad-date")
        .and_then(|d| domain::review::check_due(d, today));
    let due = match due {
        Ok(d) => d,
        Err(id) => return Ok(refusal(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, id)),
    };
    let rid = state
        .store
        .add_rectification(&ctx.user()?.username, &r, &b.problem, owner.id, due)
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": rid }))).into_response())
}

/// The rectification items of a branch that the caller may see.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/rectifications", tag = "reviews",
    params(("id" = i64, Path)), responses((status = 200, body = serde_json::Value), (status = 403)))]
pub async fn rectifications(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    let (_, list) = readable(&state, &ctx, &org).await?;
    Ok(Json(to_json(&list)?))
}

#[derive(Deserialize, ToSchema)]
pub struct NoteBody {
    pub note: String,
}

/// The owner reports what was done.
#[utoipa::path(post, path = "/api/v1/rectifications/{id}", tag = "reviews", request_body = NoteBody,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 409), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<NoteBody>,
) -> Result<Response, AppError> {
    let item = state.store.rectification(id).await?;
    let account = ctx.user()?;
    if account.person_id != item.owner_person_id {
        return Err(AppError::Forbidden);
    }
    let Ok(note) = required_text(&b.note, 500) else {
        return Ok(refusal(
            &state,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            "rectification-error-note",
        ));
    };
    match state
        .store
        .update_rectification(&account.username, id, &note, None)
        .await
    {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(StoreError::Conflict(m)) => Ok(refusal(&state, &ctx, StatusCode::CONFLICT, m)),
        Err(e) => Err(e.into()),
    }
}

/// Closed only by the reviewer or the branch leadership.
#[utoipa::path(post, path = "/api/v1/rectifications/{id}/close", tag = "reviews",
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 409)))]
pub async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let item = state.store.rectification(id).await?;
    closable(&state, &ctx, &item).await?;
    match state
        .store
        .close_rectification(&ctx.user()?.username, id)
        .await
    {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(StoreError::Conflict(m)) => Ok(refusal(&state, &ctx, StatusCode::CONFLICT, m)),
        Err(e) => Err(e.into()),
    }
}
