//! An organisation over JSON: what it is and what lies directly below it.

use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
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
pub async fn show_organisation(
    State(state): State<AppState>,
    ReadOrg(org): ReadOrg,
) -> Result<Json<OrganisationView>, AppError> {
    let id = org.id;
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
