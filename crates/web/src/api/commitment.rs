//! Commitments, fulfilment and the masses' opinions over JSON. The rules are the
//! pages' own (`pages::approval`, `pages::commitment`).

use crate::http::context::{ClientIp, Ctx};
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::pages::approval::{Refused, decide_commitment, owns_opinion};
use crate::pages::commitment::may_report;
use crate::plan::rules::{phase_for, plan_of};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Action;
use domain::commitment::{ItemInput, ItemStatus, Owner, check_items};
use domain::review::{OpinionStatus, check_opinion, required_text};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use store::StoreError;
use store::commitment::{Commitment, Progress};
use utoipa::ToSchema;

/// A store refusal as a JSON error in the caller's language.
pub(crate) fn refusal(_: &AppState, _: &Ctx, status: StatusCode, id: &'static str) -> Response {
    AppError::refusal(status, id).into_response()
}

#[derive(Deserialize, ToSchema)]
pub struct ItemBody {
    /// Keep an item's key to keep its progress across revisions.
    pub key: Option<String>,
    pub criterion: String,
    pub what: String,
    pub target: String,
    /// YYYY-MM-DD, within the current phase.
    pub due_on: String,
    /// 1–10; 1 when absent.
    pub weight: Option<u32>,
}

#[derive(Deserialize, ToSchema)]
pub struct CommitmentBody {
    pub items: Vec<ItemBody>,
    /// Submit for approval after saving.
    #[serde(default)]
    pub submit: bool,
}

type ProgressMap = HashMap<(i64, String), Progress>;

/// A commitment as JSON with its progress, taken from a map the caller loaded
/// once for all its commitments (`Store::progress_of`).
fn with_progress(c: &Commitment, progress: &ProgressMap) -> Result<Value, AppError> {
    let overall = c.overall(progress);
    let items: serde_json::Map<String, Value> = progress
        .iter()
        .filter(|((id, _), _)| *id == c.id)
        .map(|((_, key), p)| (key.clone(), serde_json::to_value(p).unwrap_or(Value::Null)))
        .collect();
    let mut v = serde_json::to_value(c)?;
    v["progress"] = json!({ "overall": overall, "items": items });
    Ok(v)
}

/// The caller's own commitment for the current phase, with its progress.
#[utoipa::path(get, path = "/api/v1/me/commitment", tag = "commitments",
    responses((status = 200, body = serde_json::Value), (status = 404, description = "none yet")))]
pub async fn mine(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Value>, AppError> {
    let person = state.store.person(ctx.user()?.person_id).await?;
    let org = state.store.organisation(person.org_id).await?;
    let plan = plan_of(&state.store, &org).await?;
    let phase = phase_for(&plan, crate::http::clock::today(state.config.utc_offset))
        .ok_or(AppError::NotFound)?;
    let c = state
        .store
        .commitment_of(org.id, Some(person.id), &phase.key)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(with_progress(
        &c,
        &state.store.progress_of(&[c.id]).await?,
    )?))
}

/// Saves the caller's items as a draft (and submits them when asked).
#[utoipa::path(put, path = "/api/v1/me/commitment", tag = "commitments", request_body = CommitmentBody,
    responses((status = 200, body = serde_json::Value), (status = 422, description = "errors by item and field"),
        (status = 409, description = "waiting for approval")))]
pub async fn save_mine(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(body): Json<CommitmentBody>,
) -> Result<Response, AppError> {
    let account = ctx.user()?.clone();
    let person = state.store.person(account.person_id).await?;
    let org = state.store.organisation(person.org_id).await?;
    let plan = plan_of(&state.store, &org).await?;
    let phase = phase_for(&plan, crate::http::clock::today(state.config.utc_offset))
        .cloned()
        .ok_or(AppError::NotFound)?;
    let inputs: Vec<ItemInput> = body
        .items
        .into_iter()
        .map(|i| ItemInput {
            key: i.key,
            criterion: i.criterion,
            what: i.what,
            target: i.target,
            due_on: i.due_on,
            weight: i.weight.map(|w| w.to_string()).unwrap_or_default(),
        })
        .collect();
    let mut key = || store::random_hex(6).unwrap_or_default();
    let items = match check_items(&inputs, &plan, Owner::Member, &phase, &mut key) {
        Ok(items) => items,
        Err(errors) => {
            let errors: Vec<Value> = errors
                .iter()
                .map(|e| json!({ "index": e.index, "field": e.field,
                    "message": state.i18n.args(ctx.locale, e.problem.message_id(), &e.problem.args()) }))
                .collect();
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({ "error": "commitment-invalid", "errors": errors })),
            )
                .into_response());
        }
    };
    let id = match state
        .store
        .save_commitment_draft(
            &account.username,
            org.id,
            Some(person.id),
            &phase.key,
            &items,
        )
        .await
    {
        Ok(id) => id,
        Err(StoreError::Conflict(m)) => return Ok(refusal(&state, &ctx, StatusCode::CONFLICT, m)),
        Err(e) => return Err(e.into()),
    };
    if body.submit {
        state.store.submit_commitment(&account.username, id).await?;
    }
    let c = state.store.commitment(id).await?;
    Ok(Json(with_progress(&c, &state.store.progress_of(&[c.id]).await?)?).into_response())
}

/// Every commitment of a branch for the current phase, with progress.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/commitments", tag = "commitments",
    params(("id" = i64, Path)), responses((status = 200, body = serde_json::Value), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    let plan = plan_of(&state.store, &org).await?;
    let phase = phase_for(&plan, crate::http::clock::today(state.config.utc_offset))
        .ok_or(AppError::NotFound)?;
    let list = state.store.branch_commitments(org.id, &phase.key).await?;
    let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
    let progress = state.store.progress_of(&ids).await?;
    let overall = store::commitment::branch_overall(&list, &progress);
    let out = list
        .iter()
        .map(|c| with_progress(c, &progress))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(
        json!({ "phase": phase.key, "overall": overall, "commitments": out }),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionBody {
    /// approve or return
    pub decision: String,
    /// Required when returning.
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/commitments/{id}/decision", tag = "commitments", request_body = DecisionBody,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 409), (status = 422)))]
pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<DecisionBody>,
) -> Result<Response, AppError> {
    let reason = b.reason.unwrap_or_default();
    Ok(
        match decide_commitment(&state, &ctx, id, &b.decision, &reason).await? {
            Ok(_) => StatusCode::NO_CONTENT.into_response(),
            Err(Refused::Invalid(m)) => refusal(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, m),
            Err(Refused::Conflict(m)) => refusal(&state, &ctx, StatusCode::CONFLICT, m),
        },
    )
}

#[derive(Deserialize, ToSchema)]
pub struct ProgressBody {
    pub percent: u8,
    /// not_started, in_progress, done or not_done
    pub status: String,
    #[serde(default)]
    pub note: String,
}

/// Records progress on an approved item. (Evidence files are uploaded on the page.)
#[utoipa::path(post, path = "/api/v1/commitments/{id}/items/{key}/progress", tag = "commitments", request_body = ProgressBody,
    params(("id" = i64, Path), ("key" = String, Path)), responses((status = 204), (status = 403), (status = 422)))]
pub async fn progress(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, key)): Path<(i64, String)>,
    Json(b): Json<ProgressBody>,
) -> Result<Response, AppError> {
    let c = state.store.commitment(id).await?;
    if !may_report(&state, &ctx, &c).await? {
        return Err(AppError::Forbidden);
    }
    let status = ItemStatus::parse(&b.status);
    let note = domain::review::optional_text(&b.note, 500);
    let (Some(status), Ok(note), true) = (status, note, b.percent <= 100) else {
        return Ok(refusal(
            &state,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            "commitment-error-progress",
        ));
    };
    let link = format!("/board/{}", c.org_id);
    let title = state.i18n.text(ctx.locale, "commitment-progress-notice");
    state
        .store
        .record_progress(
            &ctx.user()?.username,
            &c,
            &key,
            b.percent,
            status,
            note.as_deref().unwrap_or(""),
            None,
            (&title, &link),
        )
        .await?;
    state
        .shared::<crate::board_cache::BoardCache>()
        .forget(c.org_id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The public board as data: approved commitments with progress, and published opinions.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/board", tag = "commitments", security(()),
    params(("id" = i64, Path)), responses((status = 200, body = serde_json::Value)))]
pub async fn board(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let org = state.store.organisation(id).await?;
    let plan = plan_of(&state.store, &org).await?;
    let phase = phase_for(&plan, crate::http::clock::today(state.config.utc_offset))
        .ok_or(AppError::NotFound)?;
    let opinions = state
        .store
        .branch_opinions(org.id, OpinionStatus::Approved)
        .await?;
    let list: Vec<Commitment> = state
        .store
        .branch_commitments(org.id, &phase.key)
        .await?
        .into_iter()
        .filter(|c| c.approved.is_some())
        .collect();
    let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
    let progress = state.store.progress_of(&ids).await?;
    let mut out = Vec::new();
    for c in &list {
        let mut v = with_progress(c, &progress)?;
        // The public sees what was approved, not drafts.
        if let Some(o) = v.as_object_mut() {
            o.remove("draft");
            o.remove("return_reason");
        }
        v["opinions"] = json!(opinions
            .iter()
            .filter(|o| o.commitment_id == c.id)
            .map(|o| json!({ "name": o.name, "text": o.text, "reply": o.reply, "created_at": o.created_at }))
            .collect::<Vec<_>>());
        out.push(v);
    }
    Ok(Json(
        json!({ "organisation": org.name, "phase": phase.key, "commitments": out }),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct OpinionBody {
    pub commitment_id: i64,
    pub name: Option<String>,
    pub text: String,
}

/// Leaves an opinion on an approved commitment, without an account; held for moderation.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/opinions", tag = "commitments", security(()), request_body = OpinionBody,
    params(("id" = i64, Path)), responses((status = 202), (status = 422), (status = 429)))]
pub async fn leave_opinion(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(b): Json<OpinionBody>,
) -> Result<Response, AppError> {
    let c = state.store.commitment(b.commitment_id).await?;
    if c.org_id != id || c.approved.is_none() {
        return Err(AppError::NotFound);
    }
    let (name, text) = match check_opinion(b.name.as_deref().unwrap_or(""), &b.text) {
        Ok(v) => v,
        Err(errors) => {
            let (field, p) = &errors[0];
            let message = state.i18n.args(ctx.locale, p.message_id(), &p.args());
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({ "error": p.message_id(), "field": field, "message": message })),
            )
                .into_response());
        }
    };
    let source = domain::token::digest(&format!(
        "{ip}/{}",
        crate::http::clock::today(state.config.utc_offset)
    ));
    match state
        .store
        .add_opinion(c.id, name.as_deref(), &text, &source)
        .await
    {
        Ok(_) => Ok(StatusCode::ACCEPTED.into_response()),
        Err(StoreError::Conflict(m)) => Ok(refusal(&state, &ctx, StatusCode::TOO_MANY_REQUESTS, m)),
        Err(e) => Err(e.into()),
    }
}

/// Opinions waiting for moderation in a branch.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/opinions/pending", tag = "commitments",
    params(("id" = i64, Path)), responses((status = 200, body = serde_json::Value), (status = 403)))]
pub async fn pending(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::ManagePeople)?;
    let list = state
        .store
        .branch_opinions(org.id, OpinionStatus::Pending)
        .await?;
    Ok(Json(serde_json::to_value(list)?))
}

#[derive(Deserialize, ToSchema)]
pub struct ModerationBody {
    pub approve: bool,
}

#[utoipa::path(post, path = "/api/v1/opinions/{id}/moderation", tag = "commitments", request_body = ModerationBody,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 409)))]
pub async fn moderate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<ModerationBody>,
) -> Result<Response, AppError> {
    let o = state.store.opinion(id).await?;
    let org = state.store.organisation(o.org_id).await?;
    let actor = ctx
        .require(&org.path, Action::ManagePeople)?
        .username
        .clone();
    let result = state.store.moderate_opinion(&actor, id, b.approve).await;
    state
        .shared::<crate::board_cache::BoardCache>()
        .forget(org.id);
    match result {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(StoreError::Conflict(m)) => Ok(refusal(&state, &ctx, StatusCode::CONFLICT, m)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct TextBody {
    pub text: String,
}

/// The commitment's owner answers a published opinion.
#[utoipa::path(post, path = "/api/v1/opinions/{id}/reply", tag = "commitments", request_body = TextBody,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 409), (status = 422)))]
pub async fn reply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<TextBody>,
) -> Result<Response, AppError> {
    let o = state.store.opinion(id).await?;
    let org = state.store.organisation(o.org_id).await?;
    let account = ctx.user()?;
    if !owns_opinion(&ctx, &org, &o) {
        return Err(AppError::Forbidden);
    }
    let Ok(text) = required_text(&b.text, 500) else {
        return Ok(refusal(
            &state,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            "commitment-error-reply",
        ));
    };
    let result = state
        .store
        .reply_to_opinion(&account.username, id, &text)
        .await;
    state
        .shared::<crate::board_cache::BoardCache>()
        .forget(org.id);
    match result {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(StoreError::Conflict(m)) => Ok(refusal(&state, &ctx, StatusCode::CONFLICT, m)),
        Err(e) => Err(e.into()),
    }
}
