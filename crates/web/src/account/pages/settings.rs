//! A person's own account: password change (errors beside their fields),
//! personal access tokens for the API (the secret is shown once), and the
//! channels their notices take.

use crate::http::context::{Ctx, SESSION_COOKIE, set_cookie};
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use store::account::Account;
use store::account::session::AccessToken;
use store::inbox::ChannelPreference;

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 8;

#[derive(Template)]
#[template(path = "account/settings.html")]
pub(super) struct AccountPage<'a> {
    pub(super) t: Tr<'a>,
    base: Base,
    account: Account,
    tokens: Vec<AccessToken>,
    current_error: Option<String>,
    new_error: Option<String>,
    confirm_error: Option<String>,
    token_name_error: Option<String>,
    new_token: Option<String>,
    saved: bool,
    /// The channels chosen for notices, and where they go.
    pub(super) preference: ChannelPreference,
    pub(super) email_on_file: Option<String>,
    pub(super) phone_on_file: Option<String>,
    pub(super) quiet_error: Option<String>,
    pub(super) preference_saved: bool,
}

pub(super) async fn page<'a>(state: &'a AppState, ctx: &Ctx) -> Result<AccountPage<'a>, AppError> {
    let account = ctx.user()?.clone();
    let tokens = state.store.access_tokens(account.id).await?;
    let person = state.store.person(account.person_id).await?;
    let preference = state.store.channel_preference(account.person_id).await?;
    let t = ctx.tr(&state.i18n);
    Ok(AccountPage {
        base: base(state, ctx, t.t("account-title"), "/account").await,
        t,
        account,
        tokens,
        current_error: None,
        new_error: None,
        confirm_error: None,
        token_name_error: None,
        new_token: None,
        saved: false,
        preference,
        email_on_file: person.email.filter(|e| !e.is_empty()),
        phone_on_file: person.phone.filter(|p| !p.is_empty()),
        quiet_error: None,
        preference_saved: false,
    })
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    html(&page(&state, &ctx).await?)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let mut p = page(&state, &ctx).await?;
    let username = p.account.username.clone();
    if state.store.check_login(&username, &f.current).await? != Some(p.account.id) {
        p.current_error = Some(p.t.t("account-current-wrong"));
    }
    if f.new.chars().count() < MIN_PASSWORD {
        p.new_error = Some(p.t.a1("account-new-short", "min", MIN_PASSWORD));
    } else if f.new != f.confirm {
        p.confirm_error = Some(p.t.t("account-confirm-mismatch"));
    }
    if p.current_error.is_some() || p.new_error.is_some() || p.confirm_error.is_some() {
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
    }
    state
        .store
        .set_password(&username, p.account.id, &f.new)
        .await?;
    // Every session ended with the old password; this one goes on under a new id.
    let session = state
        .store
        .create_session(&username, p.account.id, None)
        .await?;
    p.saved = true;
    let mut res = html(&p)?;
    res.headers_mut().append(
        SET_COOKIE,
        set_cookie(
            SESSION_COOKIE,
            &session.secret,
            store::account::session::SESSION_LIFETIME.whole_seconds(),
            state.config.secure_cookies,
        ),
    );
    Ok(res)
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<TokenForm>,
) -> Result<Response, AppError> {
    let mut p = page(&state, &ctx).await?;
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        p.token_name_error = Some(p.t.t("account-token-name-invalid"));
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
    }
    let secret = state
        .store
        .create_access_token(p.account.id, &p.account.username, name)
        .await?;
    p.tokens = state.store.access_tokens(p.account.id).await?;
    p.new_token = Some(secret);
    html(&p)
}

pub async fn revoke_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let account = ctx.user()?;
    state
        .store
        .revoke_access_token(account.id, &account.username, id)
        .await?;
    Ok(Redirect::to("/account").into_response())
}
