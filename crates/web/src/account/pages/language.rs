//! The language switch: a cookie for everyone, remembered on the account of a
//! signed-in person.

use crate::http::context::{Ctx, LANG_COOKIE, set_cookie};
use crate::http::error::AppError;
use crate::http::i18n::Locale;
use crate::http::page::local_path;
use crate::http::state::AppState;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

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
pub async fn switch(
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
pub async fn switch_link(
    State(state): State<AppState>,
    Query(q): Query<LanguageChoice>,
) -> Result<Response, AppError> {
    remember_language(&state, &q).map(|(_, res)| res)
}
