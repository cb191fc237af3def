//! The leadership opens a person's account and hands out a one-time password,
//! shown once on the person's page.

use super::show::person_page;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::page::{html, html_status};
use crate::http::state::AppState;
use crate::person::rules::{managed, one_time_password};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::person::check_username;
use serde::Deserialize;
use store::StoreError;

#[derive(Deserialize)]
pub struct AccountForm {
    username: String,
}

pub async fn open_account(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<AccountForm>,
) -> Result<Response, AppError> {
    let (person, _, actor) = managed(&state, &ctx, id).await?;
    let mut page = person_page(&state, &ctx, id).await?;
    let username = match check_username(&f.username) {
        Ok(Some(u)) => u,
        Ok(None) => {
            page.username_error = Some(page.t.t("field-missing"));
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
        Err(p) => {
            page.username_error = Some(page.t.t(p.message_id()));
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    match state.store.open_account(&actor, person.id, &username).await {
        Ok(_) => Ok(Redirect::to(&format!("/people/{id}")).into_response()),
        Err(StoreError::Taken(_)) => {
            page.username_error = Some(page.t.a1("roster-duplicate-username", "value", &username));
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e.into()),
    }
}

/// Sets a fresh random password and shows it once, to hand to the person.
pub async fn issue_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (person, _, actor) = managed(&state, &ctx, id).await?;
    let account = state
        .store
        .account_of_person(person.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let password = one_time_password()?;
    state.store.set_password(&actor, account, &password).await?;
    let mut page = person_page(&state, &ctx, id).await?;
    page.new_password = Some(password);
    html(&page)
}
