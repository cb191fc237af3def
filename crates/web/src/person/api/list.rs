//! The people of an organisation's subtree, a page at a time.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::paging::PageQuery;
use crate::http::state::AppState;
use crate::person::rules::sees_personal;
use axum::Json;
use axum::extract::{Path, Query, State};
use domain::access::Action;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
/// A person as the caller may read them: the personal fields (gender, dates,
/// status, phone, e-mail, username) are null unless the caller is the person or
/// the leadership over them.
pub struct PersonView {
    pub id: i64,
    pub name: String,
    pub gender: Option<String>,
    /// full, probationary or masses.
    pub status: Option<String>,
    pub born_on: Option<String>,
    pub joined_on: Option<String>,
    pub confirmed_on: Option<String>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub organisation_id: i64,
    pub organisation: String,
    pub party_group: Option<String>,
    pub username: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PeoplePage {
    pub items: Vec<PersonView>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}/people", tag = "people",
    params(("id" = i64, Path), PageQuery),
    responses((status = 200, body = PeoplePage), (status = 403), (status = 404)))]
pub async fn list_people(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Json<PeoplePage>, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    let (page, per_page) = q.get(50);
    let page = state.store.people(&org.path, page, per_page).await?;
    let text = |d: Option<domain::date::Day>| d.map(|d| d.to_string());
    Ok(Json(PeoplePage {
        items: page
            .items
            .into_iter()
            .map(|p| {
                let personal = sees_personal(&ctx, &org, p.id);
                let mine = |v: Option<String>| v.filter(|_| personal);
                PersonView {
                    id: p.id,
                    gender: mine(p.gender.map(|g| g.as_str().to_string())),
                    status: mine(Some(p.status.as_str().to_string())),
                    born_on: mine(text(p.born_on)),
                    joined_on: mine(text(p.joined_on)),
                    confirmed_on: mine(text(p.confirmed_on)),
                    name: p.name,
                    position: p.position,
                    phone: mine(p.phone),
                    email: mine(p.email),
                    organisation_id: p.org_id,
                    organisation: p.org_name,
                    party_group: p.party_group,
                    username: mine(p.username),
                }
            })
            .collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}
