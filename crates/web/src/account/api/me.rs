//! Who the caller is.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MeView {
    pub username: String,
    pub name: String,
    pub locale: Option<String>,
    pub grants: Vec<GrantView>,
}

#[derive(Serialize, ToSchema)]
pub struct GrantView {
    /// campaign_office, leader, secretary, deputy or member.
    pub role: String,
    pub organisation_id: i64,
    pub organisation: String,
}

#[utoipa::path(get, path = "/api/v1/me", tag = "account",
    responses((status = 200, body = MeView), (status = 401, description = "not signed in")))]
pub async fn me(ctx: Ctx) -> Result<Json<MeView>, AppError> {
    let a = ctx.user()?;
    Ok(Json(MeView {
        username: a.username.clone(),
        name: a.person_name.clone(),
        locale: a.locale.clone(),
        grants: a
            .grants
            .iter()
            .map(|g| GrantView {
                role: g.role.as_str().to_string(),
                organisation_id: g.org_id,
                organisation: g.org_name.clone(),
            })
            .collect(),
    }))
}
