//! Organisations and their plans.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use domain::access::Action;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct OrganisationView {
    pub id: i64,
    pub parent_id: Option<i64>,
    /// committee, working_committee, leading_group, branch or party_group.
    pub kind: String,
    pub name: String,
    pub children: Vec<OrganisationSummary>,
}

#[derive(Serialize, ToSchema)]
pub struct OrganisationSummary {
    pub id: i64,
    pub kind: String,
    pub name: String,
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "organisations",
    params(("id" = i64, Path)),
    responses((status = 200, body = OrganisationView), (status = 403), (status = 404)))]
pub async fn organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<OrganisationView>, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    let children = state
        .store
        .subtree(&org.path)
        .await?
        .into_iter()
        .filter(|o| o.parent_id == Some(id))
        .map(|o| OrganisationSummary {
            id: o.id,
            kind: o.kind.as_str().to_string(),
            name: o.name,
        })
        .collect();
    Ok(Json(OrganisationView {
        id: org.id,
        parent_id: org.parent_id,
        kind: org.kind.as_str().to_string(),
        name: org.name,
        children,
    }))
}

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
pub async fn plan(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<PlanView>, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
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
