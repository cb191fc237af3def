//! Assessments over JSON: an organisation's list, opening the next version,
//! reading every score or one explained, adjusting one, finalising.

use super::view::{AssessmentView, AssessmentWithScoresView, ScoreView};
use crate::assessment::rules::{assessment_and_org, kinds_for, may_read_all, may_read_subject};
use crate::assessment::scoring;
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::paging::PageQuery;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use store::assessment::SubjectKind;
use utoipa::ToSchema;

/// The organisation's assessments, newest first.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/assessments", tag = "assessments",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<AssessmentView>), (status = 403)))]
pub async fn list_assessments(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Json<Vec<AssessmentView>>, AppError> {
    if !may_read_all(&ctx, &org) {
        return Err(ctx.refused());
    }
    let list = state.store.assessments_of(org.id).await?;
    Ok(Json(list.iter().map(AssessmentView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct OpenBody {
    /// `member` or `organisation`; the organisation's only kind when left out.
    pub kind: Option<String>,
    /// The key of the plan's phase to assess.
    pub phase: String,
}

/// Opens the next version for a phase; refused (409) while one is open.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/assessments", tag = "assessments",
    request_body = OpenBody, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 409), (status = 422)))]
pub async fn open_assessment(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Json(b): Json<OpenBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let kind = match b.kind.as_deref() {
        Some(k) => SubjectKind::parse(k).ok_or(AppError::invalid("kind", "error-bad-request"))?,
        None => *kinds_for(&org)
            .first()
            .ok_or(AppError::invalid("kind", "error-bad-request"))?,
    };
    let id = scoring::open(&state, &ctx, &org, kind, &b.phase).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// A page of the scores, best first, each with its arithmetic.
#[utoipa::path(get, path = "/api/v1/assessments/{id}", tag = "assessments",
    params(("id" = i64, Path), PageQuery), responses((status = 200, body = AssessmentWithScoresView), (status = 403)))]
pub async fn show_assessment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Json<AssessmentWithScoresView>, AppError> {
    let (a, org) = assessment_and_org(&state, &ctx, id).await?;
    if !may_read_all(&ctx, &org) {
        return Err(ctx.refused());
    }
    let scores = scoring::scores(&state, &a).await?;
    let (page, per_page) = q.get(500);
    let page = page.max(1);
    Ok(Json(AssessmentWithScoresView {
        assessment: AssessmentView::from(&a),
        total: scores.len(),
        page,
        per_page,
        scores: scores
            .iter()
            .skip((page - 1).saturating_mul(per_page) as usize)
            .take(per_page as usize)
            .map(ScoreView::from)
            .collect(),
    }))
}

/// One subject's score, explained; the member themself may read it.
#[utoipa::path(get, path = "/api/v1/assessments/{id}/subjects/{subject_id}", tag = "assessments",
    params(("id" = i64, Path), ("subject_id" = i64, Path)),
    responses((status = 200, body = ScoreView), (status = 403), (status = 404)))]
pub async fn show_score(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, subject_id)): Path<(i64, i64)>,
) -> Result<Json<ScoreView>, AppError> {
    let (a, org) = assessment_and_org(&state, &ctx, id).await?;
    if !may_read_subject(&state, &ctx, &org, &a, subject_id).await? {
        return Err(ctx.refused());
    }
    let s = scoring::scores(&state, &a)
        .await?
        .into_iter()
        .find(|s| s.subject_id == subject_id)
        .ok_or(AppError::NotFound)?;
    Ok(Json(ScoreView::from(&s)))
}

#[derive(Deserialize, ToSchema)]
pub struct AdjustBody {
    /// Points added (negative: taken off), at most 20 either way, two decimals.
    pub points: String,
    /// Required: why.
    pub reason: String,
}

/// Adjusts one score while the assessment is open; audited.
#[utoipa::path(post, path = "/api/v1/assessments/{id}/subjects/{subject_id}/adjustment", tag = "assessments",
    request_body = AdjustBody, params(("id" = i64, Path), ("subject_id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn adjust_score(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, subject_id)): Path<(i64, i64)>,
    Json(b): Json<AdjustBody>,
) -> Result<StatusCode, AppError> {
    let (a, org) = assessment_and_org(&state, &ctx, id).await?;
    scoring::adjust(&state, &ctx, &org, &a, subject_id, &b.points, &b.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Freezes every score; the assessed are told.
#[utoipa::path(post, path = "/api/v1/assessments/{id}/finalise", tag = "assessments",
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 409)))]
pub async fn finalise_assessment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let (a, org) = assessment_and_org(&state, &ctx, id).await?;
    scoring::finalise(&state, &ctx, &org, &a).await?;
    Ok(StatusCode::NO_CONTENT)
}
