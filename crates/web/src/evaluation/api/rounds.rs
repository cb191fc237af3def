//! Evaluation rounds over JSON: those an organisation runs, opening one,
//! reading one, and closing it early.

use super::view::{BatchView, ParticipationView, RoundDetailView, RoundView, TargetView};
use crate::evaluation::manage;
use crate::evaluation::round::{current_round, managed};
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::access::Action;
use domain::evaluation::{DEFAULT_MIN_BALLOTS, Level, RoundInput, RoundKind};
use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

/// The rounds an organisation runs.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/evaluations", tag = "evaluations",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<RoundView>), (status = 403)))]
pub async fn list_rounds(
    State(state): State<AppState>,
    ReadOrg(org): ReadOrg,
) -> Result<Json<Vec<RoundView>>, AppError> {
    let rounds = state.store.rounds_of(org.id).await?;
    Ok(Json(rounds.iter().map(RoundView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct LevelBody {
    pub label: String,
    pub score: u32,
    /// Counts toward the share rated good.
    #[serde(default)]
    pub good: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct RoundBody {
    pub title: String,
    /// `members` (the branch evaluates its members) or `branches`.
    pub kind: String,
    /// Criterion keys of the plan's standard; all when absent.
    pub criteria: Option<Vec<String>>,
    /// The scale; 好 / 较好 / 一般 / 差 (100/80/60/40) when absent.
    pub scale: Option<Vec<LevelBody>>,
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
    responses((status = 201, body = Created), (status = 403),
        (status = 422, description = "every wrong setting in `errors`")))]
pub async fn create_round(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<RoundBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let org = state.store.organisation(id).await?;
    let kind =
        RoundKind::parse(&b.kind).ok_or(AppError::invalid("kind", "evaluation-error-kind"))?;
    let plan = plan_of(&state.store, &org).await?;
    let criteria = b.criteria.unwrap_or_else(|| {
        plan.standards
            .iter()
            .filter(|s| s.applies_to == kind.standard_target())
            .flat_map(|s| s.criteria.iter().map(|c| c.key.clone()))
            .collect()
    });
    let scale = match b.scale {
        Some(levels) => levels
            .into_iter()
            .map(|l| Level {
                label: l.label,
                score: l.score,
                good: l.good,
            })
            .collect(),
        None => domain::evaluation::default_scale(
            [
                "evaluation-level-good",
                "evaluation-level-fairly-good",
                "evaluation-level-fair",
                "evaluation-level-poor",
            ]
            .map(|m| state.i18n.text(ctx.locale, m)),
        ),
    };
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
    let targets = b.targets;
    let choose = |all: Vec<store::evaluation::NewTarget>| match &targets {
        None => all,
        Some(ids) => all
            .into_iter()
            .filter(|c| c.org_id.or(c.person_id).is_some_and(|x| ids.contains(&x)))
            .collect(),
    };
    let id = manage::create(&state, &ctx, &org, kind, &input, choose).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// A round with its targets, state and participation.
#[utoipa::path(get, path = "/api/v1/evaluations/{id}", tag = "evaluations",
    params(("id" = i64, Path)), responses((status = 200, body = RoundDetailView), (status = 403)))]
pub async fn show_round(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<RoundDetailView>, AppError> {
    let round = current_round(&state, id).await?;
    let org = state.store.organisation(round.org_id).await?;
    ctx.require(&org.path, Action::Read)?;
    let targets = state.store.round_targets(id).await?;
    let batches = state.store.batches(id).await?;
    let participation = state.store.participation(id).await?;
    Ok(Json(RoundDetailView {
        state: round.state(OffsetDateTime::now_utc()).as_str().to_string(),
        round: RoundView::from(&round),
        targets: targets.iter().map(TargetView::from).collect(),
        batches: batches.iter().map(BatchView::from).collect(),
        participation: ParticipationView::from(&participation),
    }))
}

/// Closes the round now.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/close", tag = "evaluations",
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 422)))]
pub async fn close_round(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    manage::close_now(&state, &ctx, &round).await?;
    Ok(StatusCode::NO_CONTENT)
}
