//! An organisation's activities over JSON: list, start or add, record.

use super::view::ActivityView;
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use crate::programme::activity::{self, ActivityInput, OwnActivityInput};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::access::Action;
use serde::Deserialize;
use utoipa::ToSchema;

/// The organisation's activity records.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/activities", tag = "programme",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<ActivityView>), (status = 403)))]
pub async fn list_activities(
    State(state): State<AppState>,
    ReadOrg(org): ReadOrg,
) -> Result<Json<Vec<ActivityView>>, AppError> {
    let list = state.store.activities(org.id).await?;
    Ok(Json(list.iter().map(ActivityView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct NewActivityBody {
    /// A plan activity to start; the other fields are then not read.
    pub plan_activity: Option<String>,
    #[serde(default)]
    pub programme: String,
    #[serde(default)]
    pub phase: String,
    #[serde(default)]
    pub name: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    /// A recurring activity's target.
    pub times: Option<u32>,
}

/// Starts one of the plan's activities, or adds one of the branch's own.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/activities", tag = "programme",
    request_body = NewActivityBody, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 422)))]
pub async fn add_activity(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Json(b): Json<NewActivityBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let id = match b.plan_activity {
        Some(key) => activity::start(&state, &ctx, &org, &key).await?,
        None => {
            let input = OwnActivityInput {
                programme: b.programme,
                phase: b.phase,
                name: b.name,
                starts_on: b.starts_on.unwrap_or_default(),
                ends_on: b.ends_on.unwrap_or_default(),
                times: b.times.map(|n| n.to_string()).unwrap_or_default(),
            };
            activity::add_own(&state, &ctx, &org, &input).await?
        }
    };
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, ToSchema)]
pub struct RecordActivityBody {
    /// `planned`, `running`, `done` or `cancelled`.
    pub status: String,
    pub owner_person_id: Option<i64>,
    #[serde(default)]
    pub place: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    #[serde(default)]
    pub participants: String,
    #[serde(default)]
    pub participant_count: i64,
    #[serde(default)]
    pub served_count: i64,
    #[serde(default)]
    pub times_held: i64,
    #[serde(default)]
    pub outcome: String,
    pub meeting_id: Option<i64>,
    /// One of the branch's commitments the activity carries out.
    pub commitment_id: Option<i64>,
}

/// Records how an activity runs; photos go with the page's form.
#[utoipa::path(put, path = "/api/v1/activities/{id}", tag = "programme",
    request_body = RecordActivityBody, params(("id" = i64, Path)),
    responses((status = 200, body = ActivityView), (status = 403), (status = 404), (status = 422)))]
pub async fn record_activity(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<RecordActivityBody>,
) -> Result<Json<ActivityView>, AppError> {
    let a = state.store.activity(id).await?;
    let input = ActivityInput {
        status: b.status,
        owner: b.owner_person_id.map(|i| i.to_string()).unwrap_or_default(),
        place: b.place,
        starts_on: b.starts_on.unwrap_or_default(),
        ends_on: b.ends_on.unwrap_or_default(),
        participants: b.participants,
        participant_count: b.participant_count.to_string(),
        served_count: b.served_count.to_string(),
        times_held: b.times_held.to_string(),
        outcome: b.outcome,
        meeting: b.meeting_id.map(|i| i.to_string()).unwrap_or_default(),
        commitment: b.commitment_id.map(|i| i.to_string()).unwrap_or_default(),
    };
    activity::record(&state, &ctx, &a, &input, Vec::new()).await?;
    Ok(Json(ActivityView::from(&state.store.activity(id).await?)))
}

/// One activity.
#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "programme",
    params(("id" = i64, Path)), responses((status = 200, body = ActivityView), (status = 403), (status = 404)))]
pub async fn show_activity(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<ActivityView>, AppError> {
    let a = state.store.activity(id).await?;
    let org = state.store.organisation(a.org_id).await?;
    ctx.require(&org.path, Action::Read)?;
    Ok(Json(ActivityView::from(&a)))
}
