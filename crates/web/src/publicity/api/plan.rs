//! The publicity plan over JSON: its items, planning one, marking one done.

use crate::http::api_doc::Created;
use crate::http::clock::today;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use crate::publicity::plan::{self, ItemInput, lines};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct PublicityItemView {
    pub id: i64,
    pub org_id: i64,
    pub phase_key: String,
    pub phase: String,
    /// The time node or festival it serves.
    pub occasion: String,
    pub title: String,
    pub channel_key: String,
    pub channel: String,
    pub owner_person_id: i64,
    pub owner_name: String,
    /// YYYY-MM-DD.
    pub due_on: String,
    /// `planned`, `overdue` or `done`.
    pub state: String,
    /// The published piece that fulfils it.
    pub publication_id: Option<i64>,
}

/// The organisation's publicity plan, soonest due first.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/publicity-plan", tag = "publicity",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<PublicityItemView>), (status = 403)))]
pub async fn list_items(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Json<Vec<PublicityItemView>>, AppError> {
    let plan = state.store.current_plan(&org).await?.map(|v| v.plan);
    let items = state.store.publicity_items(org.id).await?;
    let today = today(state.config.utc_offset);
    Ok(Json(
        lines(&ctx, &org, plan.as_ref(), items, today)
            .into_iter()
            .map(|l| PublicityItemView {
                id: l.item.id,
                org_id: l.item.org_id,
                phase_key: l.item.phase_key,
                phase: l.phase,
                occasion: l.item.occasion,
                title: l.item.title,
                channel_key: l.item.channel_key,
                channel: l.channel,
                owner_person_id: l.item.owner_person_id,
                owner_name: l.item.owner_name,
                due_on: l.item.due_on.to_string(),
                state: l.state.as_str().into(),
                publication_id: l.item.publication.map(|(id, _)| id),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct PublicityItemBody {
    /// A phase's key of the plan.
    pub phase: String,
    #[serde(default)]
    pub occasion: String,
    pub title: String,
    /// A key of the plan's publicity channels (website, magazine, bulletin, sms, board).
    pub channel: String,
    pub owner_person_id: i64,
    /// YYYY-MM-DD, inside the phase.
    pub due_on: String,
}

/// Plans an item; its owner is told.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/publicity-plan", tag = "publicity",
    request_body = PublicityItemBody, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 422)))]
pub async fn add_item(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Json(b): Json<PublicityItemBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let input = ItemInput {
        phase: b.phase,
        occasion: b.occasion,
        title: b.title,
        channel: b.channel,
        owner: b.owner_person_id.to_string(),
        due_on: b.due_on,
    };
    let id = plan::add(&state, &ctx, &org, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, ToSchema)]
pub struct LinkBody {
    /// A published piece of the organisation.
    pub publication_id: i64,
}

/// Marks the item done by the published piece that fulfils it.
#[utoipa::path(post, path = "/api/v1/publicity-items/{id}/publication", tag = "publicity",
    request_body = LinkBody, params(("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 409), (status = 422)))]
pub async fn link_item(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<LinkBody>,
) -> Result<StatusCode, AppError> {
    let item = state.store.publicity_item(id).await?;
    let org = state.store.organisation(item.org_id).await?;
    plan::link(&state, &ctx, &org, &item, &b.publication_id.to_string()).await?;
    Ok(StatusCode::NO_CONTENT)
}
