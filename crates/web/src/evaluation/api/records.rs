//! What organisers record of a round over JSON: forums held, opinions
//! solicited, and once closed what the public sees and the feedback summary.

use crate::evaluation::manage::{self, ForumInput};
use crate::evaluation::round::managed;
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::evaluation::Publication;
use serde::Deserialize;
use utoipa::ToSchema;

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
    responses((status = 201, body = Created), (status = 403), (status = 422)))]
pub async fn add_forum(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<ForumBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    let forum = ForumInput {
        held_on: &b.held_on,
        place: &b.place,
        present: &b.present.to_string(),
        minutes: &b.minutes,
    };
    let id = manage::add_forum(&state, &ctx, &round, forum).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, ToSchema)]
pub struct SolicitedOpinionBody {
    pub target: i64,
    pub source: String,
    pub text: String,
}

/// Records an opinion solicited about one target.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/opinions", tag = "evaluations",
    request_body = SolicitedOpinionBody, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 422)))]
pub async fn add_solicited_opinion(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<SolicitedOpinionBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    let id = manage::add_opinion(&state, &ctx, &round, Some(b.target), &b.source, &b.text).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, ToSchema)]
pub struct PublicationBody {
    /// Whether the results appear on the public portal at all.
    pub published: bool,
    #[serde(default)]
    pub good_share: bool,
    #[serde(default)]
    pub mean: bool,
    #[serde(default)]
    pub distribution: bool,
    #[serde(default)]
    pub comments: bool,
    #[serde(default)]
    pub feedback: bool,
}

/// Chooses what the public page shows of a closed round.
#[utoipa::path(put, path = "/api/v1/evaluations/{id}/publication", tag = "evaluations",
    request_body = PublicationBody, params(("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 422)))]
pub async fn set_publication(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<PublicationBody>,
) -> Result<StatusCode, AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    let publication = Publication {
        published: b.published,
        good_share: b.good_share,
        mean: b.mean,
        distribution: b.distribution,
        comments: b.comments,
        feedback: b.feedback,
    };
    manage::set_publication(&state, &ctx, &round, &publication).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct FeedbackBody {
    pub text: String,
}

/// Records the feedback summary of a closed round.
#[utoipa::path(put, path = "/api/v1/evaluations/{id}/feedback", tag = "evaluations",
    request_body = FeedbackBody, params(("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 422)))]
pub async fn set_feedback(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<FeedbackBody>,
) -> Result<StatusCode, AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    manage::set_feedback(&state, &ctx, &round, &b.text).await?;
    Ok(StatusCode::NO_CONTENT)
}
