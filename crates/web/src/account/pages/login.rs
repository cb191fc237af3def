//! Signing in and out. Login answers one generic message for a wrong name or
//! password; repeated failures per account and per address lock for a while (see
//! `store::account::throttle`).

use crate::http::context::{ClientIp, Ctx, SESSION_COOKIE, set_cookie};
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html_status, local_path};
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use store::account::throttle::LoginKey;

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
            store::account::session::SESSION_LIFETIME.whole_seconds(),
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
