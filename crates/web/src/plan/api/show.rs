//! The plan in force for an organisation, over JSON.

use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct PlanView {
    /// The organisation whose plan this is (the nearest one up the tree that has one).
    pub organisation_id: i64,
    pub version: i64,
    pub shift_years: i64,
    pub imported_at: String,
    /// The plan in the structure documented in docs/plan-format.md.
    #[schema(value_type = Object)]
    pub plan: serde_json::Value,
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}/plan", tag = "plans",
    params(("id" = i64, Path)),
    responses((status = 200, body = PlanView), (status = 403), (status = 404)))]
pub async fn show_plan(
    State(state): State<AppState>,
    ReadOrg(org): ReadOrg,
) -> Result<Json<PlanView>, AppError> {
    let v = state
        .store
        .current_plan(&org)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(PlanView {
        organisation_id: v.org_id,
        version: v.version,
        shift_years: v.shift_years,
        imported_at: v.imported_at,
        plan: serde_json::to_value(&v.plan)?,
    }))
}
