//! Evaluation rounds over JSON, by the pages' rules (`crate::evaluation`):
//! open a round, make codes, revoke them, close, read results, record forums,
//! opinions, feedback and what is published, raise rectification items.

use super::refusal;
use crate::evaluation::{
    candidates, close, current_round, may_manage, may_organise, may_see_results,
    rectification_branch_id, results,
};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Action;
use domain::evaluation::code::Code;
use domain::evaluation::record::{
    check_feedback, check_forum, check_rectification, check_solicited,
};
use domain::evaluation::{
    DEFAULT_MIN_BALLOTS, Level, MAX_CODES_AT_ONCE, Publication, RoundInput, RoundKind, RoundState,
    check_round,
};
use serde::Deserialize;
use serde_json::{Value, json};
use store::evaluation::{ResultRectification, Round};
use store::organisation::Organisation;
use time::OffsetDateTime;
use utoipa::ToSchema;

fn to_json<T: serde::Serialize>(v: &T) -> Result<Value, AppError> {
    serde_json::to_value(v).map_err(AppError::from)
}

/// The round and its organisation, for one of its organisers.
async fn managed(state: &AppState, ctx: &Ctx, id: i64) -> Result<(Round, Organisation), AppError> {
    let round = current_round(state, id).await?;
    let org = state.store.organisation(round.org_id).await?;
    ctx.user()?;
    if !may_manage(ctx, &org, &round) {
        return Err(AppError::Forbidden);
    }
    Ok((round, org))
}

fn refused(state: &AppState, ctx: &Ctx, id: &'static str) -> Response {
    refusal(state, ctx, StatusCode::UNPROCESSABLE_ENTITY, id)
}

fn closed_now(round: &Round) -> bool {
    round.state(OffsetDateTime::now_utc()) == RoundState::Closed
}

/// The rounds an organisation runs.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/evaluations", tag = "evaluations",
    params(("id" = i64, Path)), responses((status = 200, body = serde_json::Value), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    Ok(Json(to_json(&state.store.rounds_of(id).await?)?))
}

#[derive(Deserialize, ToSchema)]
pub struct RoundBody {
    pub title: String,
    /// `members` (the branch evaluates its members) or `branches`.
    pub kind: String,
    /// Criterion keys of the plan's standard; all when absent.
    pub criteria: Option<Vec<String>>,
    /// The scale; 好 / 较好 / 一般 / 差 (100/80/60/40) when absent.
    #[schema(value_type = Option<Vec<Object>>)]
    pub scale: Option<Vec<Level>>,
    /// Local time, `YYYY-MM-DDTHH:MM`.
    pub opens_at: String,
    pub closes_at: String,
    pub min_ballots: Option<u32>,
    /// Ids of the branches or people to evaluate; every candidate when absent.
    pub targets: Option<Vec<i64>>,
}

/// Opens a round.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/evaluations", tag = "evaluations",
    request_body = RoundBody, params(("id" = i64, Path)),
    responses((status = 201, body = serde_json::Value), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<RoundBody>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    let kind = RoundKind::parse(&b.kind).ok_or(AppError::bad_request("evaluation-error-kind"))?;
    let account = ctx.user()?;
    if !may_organise(&ctx, &org, kind) {
        return Err(AppError::Forbidden);
    }
    let plan = plan_of(&state.store, &org).await?;
    let criteria = b.criteria.clone().unwrap_or_else(|| {
        plan.standards
            .iter()
            .filter(|s| s.applies_to == kind.standard_target())
            .flat_map(|s| s.criteria.iter().map(|c| c.key.clone()))
            .collect()
    });
    let scale = b.scale.clone().unwrap_or_else(|| {
        domain::evaluation::default_scale(
            [
                "evaluation-level-good",
                "evaluation-level-fairly-good",
                "evaluation-level-fair",
                "evaluation-level-poor",
            ]
            .map(|m| state.i18n.text(ctx.locale, m)),
        )
    });
    let input = RoundInput {
        title: b.title,
        kind: b.kind,
        criteria,
        levels: scale
            .into_iter()
            .map(|l| (l.label, l.score.to_string(), l.good))
            .collect(),
        opens_at: b.opens_at,
        closes_at: b.closes_at,
        min_ballots: b.min_ballots.unwrap_or(DEFAULT_MIN_BALLOTS).to_string(),
    };
    let all = candidates(&state, &org, kind).await?;
    let chosen: Vec<_> = match &b.targets {
        None => all,
        Some(ids) => all
            .into_iter()
            .filter(|c| c.org_id.or(c.person_id).is_some_and(|x| ids.contains(&x)))
            .collect(),
    };
    let mut errors: Vec<Value> = Vec::new();
    if chosen.is_empty() {
        errors.push(json!({ "field": "targets", "message": state.i18n.text(ctx.locale, "evaluation-error-targets") }));
    }
    let draft = check_round(&input, &plan, state.config.utc_offset, OffsetDateTime::now_utc())
        .map_err(|es| {
            for (f, p) in es {
                errors.push(json!({ "field": f, "message": state.i18n.args(ctx.locale, p.message_id(), &p.args()) }));
            }
        });
    match draft {
        Ok(draft) if errors.is_empty() => {
            let rid = state
                .store
                .create_round(&account.username, id, &draft, &chosen)
                .await?;
            Ok((StatusCode::CREATED, Json(json!({ "id": rid }))).into_response())
        }
        _ => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({ "error": "evaluation-invalid", "errors": errors })),
        )
            .into_response()),
    }
}

/// A round with its targets, state and participation.
#[utoipa::path(get, path = "/api/v1/evaluations/{id}", tag = "evaluations",
    params(("id" = i64, Path)), responses((status = 200, body = serde_json::Value), (status = 403)))]
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let round = current_round(&state, id).await?;
    let org = state.store.organisation(round.org_id).await?;
    ctx.require(&org.path, Action::Read)?;
    let mut v = to_json(&round)?;
    v["state"] = to_json(&round.state(OffsetDateTime::now_utc()))?;
    v["targets"] = to_json(&state.store.round_targets(id).await?)?;
    v["batches"] = to_json(&state.store.batches(id).await?)?;
    v["participation"] = to_json(&state.store.participation(id).await?)?;
    Ok(Json(v))
}

#[derive(Deserialize, ToSchema)]
pub struct TokensBody {
    pub count: u32,
    /// The one target the codes cover; all when absent.
    pub target: Option<i64>,
    #[serde(default)]
    pub label: String,
}

/// Makes codes and returns their codes: the only time they are shown.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/codes", tag = "evaluations",
    request_body = TokensBody, params(("id" = i64, Path)),
    responses((status = 201, body = serde_json::Value), (status = 403), (status = 422)))]
pub async fn codes(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<TokensBody>,
) -> Result<Response, AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    if closed_now(&round) {
        return Ok(refused(&state, &ctx, "evaluation-error-closed"));
    }
    if !(1..=MAX_CODES_AT_ONCE).contains(&b.count) {
        return Ok(refused(&state, &ctx, "evaluation-error-count"));
    }
    let scope = match b.target {
        None => Vec::new(),
        Some(t)
            if state
                .store
                .round_targets(id)
                .await?
                .iter()
                .any(|x| x.id == t) =>
        {
            vec![t]
        }
        Some(_) => return Ok(refused(&state, &ctx, "evaluation-error-target")),
    };
    let label: String = b.label.trim().chars().take(50).collect();
    let issued = state
        .store
        .issue_codes(&ctx.user()?.username, id, "api", &label, &scope, b.count)
        .await?;
    let codes: Vec<String> = issued.codes.iter().map(Code::text).collect();
    Ok((
        StatusCode::CREATED,
        Json(json!({ "batch_id": issued.batch_id, "codes": codes })),
    )
        .into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct RevokeBody {
    /// One code, by its code.
    pub code: Option<String>,
    /// Every unused code of a batch.
    pub batch_id: Option<i64>,
}

/// Revokes one code, or every unused code of a batch.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/revocations", tag = "evaluations",
    request_body = RevokeBody, params(("id" = i64, Path)),
    responses((status = 200, body = serde_json::Value), (status = 403), (status = 422)))]
pub async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<RevokeBody>,
) -> Result<Response, AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    if closed_now(&round) {
        return Ok(refused(&state, &ctx, "evaluation-error-closed"));
    }
    let actor = &ctx.user()?.username;
    let revoked = match (b.batch_id, b.code) {
        (Some(batch), _) => state.store.revoke_batch(actor, id, batch).await?,
        (None, Some(code)) => match Code::parse(&code) {
            Ok(t) if state.store.revoke_code(actor, id, &t).await? => 1,
            Ok(_) => return Ok(refused(&state, &ctx, "evaluation-error-revoke")),
            Err(p) => return Ok(refused(&state, &ctx, p.message_id())),
        },
        (None, None) => return Err(AppError::bad_request("error-bad-request")),
    };
    Ok(Json(json!({ "revoked": revoked })).into_response())
}

/// Closes the round now.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/close", tag = "evaluations",
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 422)))]
pub async fn close_round(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    if closed_now(&round) {
        return Ok(refused(&state, &ctx, "evaluation-error-closed"));
    }
    close(
        &state,
        &ctx.user()?.username,
        &round,
        OffsetDateTime::now_utc(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The results of a closed round, to its organisers and the leaders above.
#[utoipa::path(get, path = "/api/v1/evaluations/{id}/results", tag = "evaluations",
    params(("id" = i64, Path)), responses((status = 200, body = serde_json::Value), (status = 403), (status = 400)))]
pub async fn show_results(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let round = current_round(&state, id).await?;
    let org = state.store.organisation(round.org_id).await?;
    ctx.user()?;
    if !may_see_results(&ctx, &org, &round) {
        return Err(AppError::Forbidden);
    }
    let r = results(&state, &round).await?;
    let mut v = to_json(&*r)?;
    v["participation"] = to_json(&state.store.participation(id).await?)?;
    v["scale"] = to_json(&round.scale)?;
    v["criteria"] = to_json(&round.criteria)?;
    Ok(Json(v))
}

#[derive(Deserialize, ToSchema)]
pub struct ReceiptsQuery {
    pub after: Option<String>,
}

/// The receipt board of a closed round: public.
#[utoipa::path(get, path = "/api/v1/evaluations/{id}/receipts", tag = "evaluations", security(()),
    params(("id" = i64, Path), ("after" = Option<String>, Query)),
    responses((status = 200, body = serde_json::Value), (status = 400)))]
pub async fn receipts(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<ReceiptsQuery>,
) -> Result<Json<Value>, AppError> {
    let round = current_round(&state, id).await?;
    if !closed_now(&round) {
        return Err(AppError::bad_request("evaluation-error-not-closed"));
    }
    let page = state
        .store
        .receipts(id, q.after.as_deref().unwrap_or(""), 1000)
        .await?;
    Ok(Json(json!({
        "ballots": state.store.ballot_count(id).await?,
        "participation": state.store.participation(id).await?,
        "next_after": if page.len() == 1000 { page.last().cloned() } else { None },
        "receipts": page,
    })))
}

#[derive(Deserialize, ToSchema)]
pub struct ForumBody {
    /// YYYY-MM-DD.
    pub held_on: String,
    pub place: String,
    pub present: i64,
    #[serde(default)]
    pub minutes: String,
}

/// Records a forum held for the round.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/forums", tag = "evaluations",
    request_body = ForumBody, params(("id" = i64, Path)),
    responses((status = 201, body = serde_json::Value), (status = 403), (status = 422)))]
pub async fn add_forum(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<ForumBody>,
) -> Result<Response, AppError> {
    managed(&state, &ctx, id).await?;
    match check_forum(&b.held_on, &b.place, &b.present.to_string(), &b.minutes) {
        Ok(f) => {
            let fid = state.store.add_forum(&ctx.user()?.username, id, &f).await?;
            Ok((StatusCode::CREATED, Json(json!({ "id": fid }))).into_response())
        }
        Err(m) => Ok(refused(&state, &ctx, m)),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct OpinionBody {
    pub target: i64,
    pub source: String,
    pub text: String,
}

/// Records an opinion solicited about one target.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/opinions", tag = "evaluations",
    request_body = OpinionBody, params(("id" = i64, Path)),
    responses((status = 201, body = serde_json::Value), (status = 403), (status = 422)))]
pub async fn add_opinion(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<OpinionBody>,
) -> Result<Response, AppError> {
    managed(&state, &ctx, id).await?;
    if !state
        .store
        .round_targets(id)
        .await?
        .iter()
        .any(|t| t.id == b.target)
    {
        return Ok(refused(&state, &ctx, "evaluation-error-target"));
    }
    match check_solicited(&b.source, &b.text) {
        Ok((source, text)) => {
            let oid = state
                .store
                .add_solicited_opinion(&ctx.user()?.username, id, b.target, &source, &text)
                .await?;
            Ok((StatusCode::CREATED, Json(json!({ "id": oid }))).into_response())
        }
        Err(m) => Ok(refused(&state, &ctx, m)),
    }
}

/// Chooses what the public page shows of a closed round.
#[utoipa::path(put, path = "/api/v1/evaluations/{id}/publication", tag = "evaluations",
    request_body = Object, params(("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 422)))]
pub async fn publication(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<Publication>,
) -> Result<Response, AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    if !closed_now(&round) {
        return Ok(refused(&state, &ctx, "evaluation-error-not-closed"));
    }
    state
        .store
        .set_publication(&ctx.user()?.username, id, &b)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct FeedbackBody {
    pub text: String,
}

/// Records the feedback summary of a closed round.
#[utoipa::path(put, path = "/api/v1/evaluations/{id}/feedback", tag = "evaluations",
    request_body = FeedbackBody, params(("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 422)))]
pub async fn feedback(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<FeedbackBody>,
) -> Result<Response, AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    if !closed_now(&round) {
        return Ok(refused(&state, &ctx, "evaluation-error-not-closed"));
    }
    match check_feedback(&b.text) {
        Ok(text) => {
            state
                .store
                .set_feedback(&ctx.user()?.username, id, &text)
                .await?;
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        Err(m) => Ok(refused(&state, &ctx, m)),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct RectificationBody {
    pub problem: String,
    pub owner_person_id: i64,
    /// YYYY-MM-DD.
    pub due_on: String,
}

/// Raises a rectification item from a target's result.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/targets/{target}/rectifications", tag = "evaluations",
    request_body = RectificationBody, params(("id" = i64, Path), ("target" = i64, Path)),
    responses((status = 201, body = serde_json::Value), (status = 403), (status = 422)))]
pub async fn raise(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, target_id)): Path<(i64, i64)>,
    Json(b): Json<RectificationBody>,
) -> Result<Response, AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    let all = results(&state, &round).await?;
    let tallied = all
        .targets
        .iter()
        .find(|x| x.target.id == target_id)
        .ok_or(AppError::NotFound)?;
    if !tallied.result.shown() {
        return Ok(refused(&state, &ctx, "evaluation-error-target"));
    }
    let branch_id = rectification_branch_id(&round, &tallied.target);
    if state.store.person(b.owner_person_id).await?.org_id != branch_id {
        return Ok(refused(&state, &ctx, "evaluation-error-rectification"));
    }
    let today = crate::http::clock::today(state.config.utc_offset);
    match check_rectification(&b.problem, &b.due_on, today) {
        Ok((problem, due_on)) => {
            let rid = state
                .store
                .add_evaluation_rectification(
                    &ctx.user()?.username,
                    &ResultRectification {
                        round_id: id,
                        target_id,
                        org_id: branch_id,
                        problem,
                        owner_person_id: b.owner_person_id,
                        due_on,
                    },
                )
                .await?;
            Ok((StatusCode::CREATED, Json(json!({ "id": rid }))).into_response())
        }
        Err(m) => Ok(refused(&state, &ctx, m)),
    }
}
