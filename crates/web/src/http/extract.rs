//! Extractors for what most handlers start with: the organisation that the
//! path's `{id}` names, loaded once and checked against what the signed-in
//! person may do there (401 signed out, 404 no such organisation, 403 not
//! theirs).

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use domain::access::Action;
use std::collections::HashMap;
use store::organisation::Organisation;

/// An organisation the person may read.
pub struct ReadOrg(pub Organisation);

/// An organisation whose people the person manages (its leadership, an office
/// above it).
pub struct ManageOrg(pub Organisation);

async fn org_for(
    parts: &mut Parts,
    state: &AppState,
    action: Action,
) -> Result<Organisation, AppError> {
    let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
        .await
        .map_err(|_| AppError::bad_request("error-bad-request"))?;
    let id: i64 = params
        .get("id")
        .and_then(|v| v.parse().ok())
        .ok_or(AppError::bad_request("error-bad-request"))?;
    let ctx = Ctx::from_request_parts(parts, state).await?;
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, action)?;
    Ok(org)
}

impl FromRequestParts<AppState> for ReadOrg {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        org_for(parts, state, Action::Read).await.map(ReadOrg)
    }
}

impl FromRequestParts<AppState> for ManageOrg {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        org_for(parts, state, Action::ManagePeople)
            .await
            .map(ManageOrg)
    }
}
