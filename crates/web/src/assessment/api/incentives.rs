//! Incentive and constraint records over JSON.

use super::view::IncentiveView;
use crate::assessment::incentive::{self, IncentiveInput};
use crate::assessment::rules::may_read_all;
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

/// A branch's records, its members' and its own, newest first.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/incentives", tag = "assessments",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<IncentiveView>), (status = 403)))]
pub async fn list_incentives(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Json<Vec<IncentiveView>>, AppError> {
    if !may_read_all(&ctx, &org) {
        return Err(ctx.refused());
    }
    let list = state.store.incentives_of(org.id).await?;
    Ok(Json(list.iter().map(IncentiveView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct IncentiveBody {
    /// The member; left out for the branch itself.
    pub person_id: Option<i64>,
    /// `incentive` or `constraint`.
    pub kind: String,
    /// 1–100; a constraint takes them off.
    pub points: i64,
    /// The plan's veto item a constraint triggers.
    pub veto_key: Option<String>,
    pub reason: String,
    /// `YYYY-MM-DD`, not in the future.
    pub on_day: String,
}

#[utoipa::path(post, path = "/api/v1/organisations/{id}/incentives", tag = "assessments",
    request_body = IncentiveBody, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 422, description = "every wrong field in `errors`")))]
pub async fn add_incentive(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Json(b): Json<IncentiveBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let input = IncentiveInput {
        person: b.person_id.map(|p| p.to_string()).unwrap_or_default(),
        kind: b.kind,
        points: b.points.to_string(),
        veto: b.veto_key.unwrap_or_default(),
        reason: b.reason,
        on_day: b.on_day,
    };
    let id = incentive::record(&state, &ctx, &org, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}
