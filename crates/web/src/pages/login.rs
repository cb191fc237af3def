//! Signing in and out, and the language switch. Login answers one generic message
//! for a wrong name or password; repeated failures per account and per address
//! lock for a while (see `store::throttle`).

use super::{Base, base, html_status};
use crate::http::context::{ClientIp, Ctx, LANG_COOKIE, SESSION_COOKIE, set_cookie};
use crate::http::error::AppError;
use crate::http::i18n::{Locale, Tr};
use crate::http::page::local_path;
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use store::throttle::LoginKey;

#[derive(Template)]
#[template(path = "account/login.html")]
struct LoginPage<'a> {
    t: Tr<'a>,
    base: Base,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    let t = ctx.tr(&state.i18n);
    html_status(
        StatusCode::OK,
        &LoginPage {
            base: base(&state, &ctx, t.t("login-title"), "/login").await,
            t,
            next: local_path(q.next.as_deref()),
            username: String::new(),
            error: None,
        },
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    Form(f): Form<LoginForm>,
) -> Result<Response, AppError> {
    let t = ctx.tr(&state.i18n);
    let username = f.username.trim().to_lowercase();
    let keys = [
        LoginKey::Account(username.clone()),
        LoginKey::Address(ip.to_string()),
    ];
    let again = |error: String| async {
        html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &LoginPage {
                base: base(&state, &ctx, t.t("login-title"), "/login").await,
                t,
                next: local_path(f.next.as_deref()),
                username: f.username.clone(),
                error: Some(error),
            },
        )
    };
    if let Some(until) = state.store.locked_until(&keys).await? {
        let time = crate::http::clock::local_text(&until, state.config.utc_offset);
        return again(t.a1("login-locked", "time", time)).await;
    }
    let Some(account_id) = state.store.check_login(&username, &f.password).await? else {
        state.store.record_login_failure(&keys).await?;
        tracing::info!(user = %username, "login failed");
        return again(t.t("login-failed")).await;
    };
    state.store.clear_login_failures(&username).await?;
    let session = state
        .store
        .create_session(&username, account_id, ctx.session_secret.as_deref())
        .await?;
    let mut res = Redirect::to(&local_path(f.next.as_deref())).into_response();
    res.headers_mut().append(
        SET_COOKIE,
        set_cookie(
            SESSION_COOKIE,
            &session.secret,
            store::session::SESSION_LIFETIME.whole_seconds(),
            state.config.secure_cookies,
        ),
    );
    Ok(res)
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    if let Some(secret) = &ctx.session_secret {
        state.store.end_session(secret).await?;
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut().append(
        SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies),
    );
    Ok(res)
}

/// A language to switch to, and the page to go back to.
#[derive(Deserialize)]
pub struct LanguageChoice {
    #[serde(default)]
    lang: String,
    back: Option<String>,
}

/// Back to the page, with the language remembered in a cookie for a year.
/// A missing or unknown language changes nothing and goes back all the same.
fn remember_language(
    state: &AppState,
    choice: &LanguageChoice,
) -> Result<(Option<Locale>, Response), AppError> {
    let mut res = Redirect::to(&local_path(choice.back.as_deref())).into_response();
    let Some(locale) = Locale::parse(&choice.lang) else {
        return Ok((None, res));
    };
    res.headers_mut().append(
        SET_COOKIE,
        set_cookie(
            LANG_COOKIE,
            locale.code(),
            60 * 60 * 24 * 365,
            state.config.secure_cookies,
        ),
    );
    Ok((Some(locale), res))
}

/// Switches the interface language: a cookie for everyone, and remembered on the
/// account of a signed-in person.
pub async fn switch_language(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<LanguageChoice>,
) -> Result<Response, AppError> {
    let (locale, res) = remember_language(&state, &f)?;
    if let (Some(account), Some(locale)) = (&ctx.account, locale) {
        state
            .store
            .set_locale(&account.username, account.id, locale.code())
            .await?;
    }
    Ok(res)
}

/// The language switch of public pages, which carry no form token: it sets the
/// cookie only, never the account's setting.
pub async fn switch_language_link(
    State(state): State<AppState>,
    Query(q): Query<LanguageChoice>,
) -> Result<Response, AppError> {
    remember_language(&state, &q).map(|(_, res)| res)
}
