//! Voting, for anyone holding a code: type it (or scan a slip, whose link
//! carries it after `#`, which no server sees, and which the page moves into
//! the form and out of the address bar), rate each target, get a receipt. The
//! code travels only in POST bodies; these pages are never cached and send no
//! referrer. An officer types in paper ballots through the same path (`paper`).

use super::ballot::{BallotForm, ballot_input, render};
use crate::evaluation::voting::{
    CodeRefused, Receipt, VoteError, cast_code, incomplete_message, open_ballot,
};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::form::FormPairs;
use crate::http::i18n::{Locale, Tr};
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "evaluation/vote_start.html")]
struct StartPage<'a> {
    t: Tr<'a>,
    lang: &'static str,
    other_lang: &'static str,
    code: String,
    error: Option<String>,
    receipt: Option<String>,
}

#[derive(Template)]
#[template(path = "evaluation/vote_ballot.html")]
struct BallotPage<'a> {
    t: Tr<'a>,
    lang: &'static str,
    other_lang: &'static str,
    form: BallotForm,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "evaluation/vote_receipt.html")]
struct ReceiptPage<'a> {
    t: Tr<'a>,
    lang: &'static str,
    other_lang: &'static str,
    receipt: Receipt,
}

fn start_page(state: &AppState, locale: Locale, code: String) -> StartPage<'_> {
    StartPage {
        t: Tr {
            i18n: &state.i18n,
            locale,
        },
        lang: locale.code(),
        other_lang: locale.other().code(),
        code,
        error: None,
        receipt: None,
    }
}

/// A refusal as the start page shows it, keeping what was typed.
fn refused(
    state: &AppState,
    locale: Locale,
    code: String,
    why: &CodeRefused,
) -> Result<Response, AppError> {
    let mut page = start_page(state, locale, code);
    page.error = Some(page.t.t(why.message_id()));
    page.receipt = why.receipt().map(str::to_string);
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(Deserialize)]
pub struct StartQuery {
    /// A code from a link that put it in the query: the page takes it out.
    t: Option<String>,
}

/// The code entry page. The code is never read from the URL by the server
/// except from a `?t=` link, which the page's script then drops from the
/// address bar; links made here put it after `#`.
pub async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<StartQuery>,
) -> Result<Response, AppError> {
    render(
        StatusCode::OK,
        &start_page(&state, ctx.locale, q.t.unwrap_or_default()),
    )
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    pub(super) code: String,
}

/// Opens the ballot a code covers.
pub async fn open(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<CodeForm>,
) -> Result<Response, AppError> {
    match open_ballot(&state, &f.code).await {
        Ok(open) => {
            let page = BallotPage {
                t: ctx.tr(&state.i18n),
                lang: ctx.locale.code(),
                other_lang: ctx.locale.other().code(),
                form: BallotForm::new(&open, f.code.trim(), "/vote/cast".into()),
                error: None,
            };
            render(StatusCode::OK, &page)
        }
        Err(VoteError::Refused(why)) => refused(&state, ctx.locale, f.code, &why),
        Err(VoteError::Incomplete(_)) => Err(AppError::bad_request("error-bad-request")),
        Err(VoteError::App(e)) => Err(e),
    }
}

/// Casts a filled-in ballot and shows its receipt.
pub async fn cast(
    State(state): State<AppState>,
    ctx: Ctx,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let form = FormPairs::parse(&body)?;
    let code = form.get("code");
    let input = ballot_input(form.pairs());
    let t = ctx.tr(&state.i18n);
    match cast_code(&state, &code, &input, None).await {
        Ok(receipt) => render(
            StatusCode::OK,
            &ReceiptPage {
                t,
                lang: ctx.locale.code(),
                other_lang: ctx.locale.other().code(),
                receipt,
            },
        ),
        Err(VoteError::Incomplete(problems)) => {
            let form =
                match BallotForm::refilled(&state, &code, "/vote/cast".into(), input, &problems)
                    .await
                {
                    Ok(form) => form,
                    Err(VoteError::Refused(why)) => return refused(&state, ctx.locale, code, &why),
                    Err(VoteError::Incomplete(_)) => {
                        return Err(AppError::bad_request("error-bad-request"));
                    }
                    Err(VoteError::App(e)) => return Err(e),
                };
            let error = Some(t.t(incomplete_message(&problems)));
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &BallotPage {
                    t,
                    lang: ctx.locale.code(),
                    other_lang: ctx.locale.other().code(),
                    form,
                    error,
                },
            )
        }
        Err(VoteError::Refused(why)) => refused(&state, ctx.locale, code, &why),
        Err(VoteError::App(e)) => Err(e),
    }
}
