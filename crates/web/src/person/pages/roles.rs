//! Appointing and removing roles: the leadership over a place appoints the roles
//! its own role may grant there; a secretary only by the secretary or from above.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::person::rules::{managed, may_seat_secretary};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::{Action, Role};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
    org_id: i64,
}

async fn role_change(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    f: &RoleForm,
) -> Result<(i64, Role, String), AppError> {
    let (person, _, _) = managed(state, ctx, id).await?;
    let role = Role::parse(&f.role).ok_or(AppError::bad_request("error-bad-request"))?;
    let place = state.store.organisation(f.org_id).await?;
    // The viewer must manage the place and hold a role there that may appoint this one.
    let allowed = ctx
        .roles_at(&place.path)
        .iter()
        .any(|r| r.allows(Action::ManagePeople) && r.may_grant(role));
    if !allowed || (role == Role::Secretary && !may_seat_secretary(ctx, &place)?) {
        return Err(AppError::Forbidden);
    }
    let account = state
        .store
        .account_of_person(person.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((account, role, ctx.user()?.username.clone()))
}

pub async fn grant(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<RoleForm>,
) -> Result<Response, AppError> {
    let (account, role, actor) = role_change(&state, &ctx, id, &f).await?;
    state
        .store
        .grant_role(&actor, account, role, f.org_id)
        .await?;
    Ok(Redirect::to(&format!("/people/{id}")).into_response())
}

pub async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<RoleForm>,
) -> Result<Response, AppError> {
    let (account, role, actor) = role_change(&state, &ctx, id, &f).await?;
    state
        .store
        .revoke_role(&actor, account, role, f.org_id)
        .await?;
    Ok(Redirect::to(&format!("/people/{id}")).into_response())
}
