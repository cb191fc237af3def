//! The officer's page for typing in paper ballots: a slip's code opens its
//! ballot (of this round only), and it is cast through the voter's path.

use super::ballot::{BallotForm, ballot_input, render};
use super::vote::CodeForm;
use crate::evaluation::round::managed;
use crate::evaluation::voting::Receipt;
use crate::evaluation::voting::{
    CodeRefused, VoteError, cast_code, incomplete_message, open_ballot,
};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::form::FormPairs;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base};
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

#[derive(Template)]
#[template(path = "evaluation/paper.html")]
struct PaperPage<'a> {
    t: Tr<'a>,
    base: Base,
    round_id: i64,
    round_title: String,
    code: String,
    form: Option<BallotForm>,
    error: Option<String>,
    receipt: Option<Receipt>,
}

async fn paper_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<PaperPage<'a>, AppError> {
    let (round, _) = managed(state, ctx, id).await?;
    let t = ctx.tr(&state.i18n);
    Ok(PaperPage {
        base: base(
            state,
            ctx,
            t.t("paper-title"),
            &format!("/evaluations/{id}/paper"),
        )
        .await,
        t,
        round_id: id,
        round_title: round.title,
        code: String::new(),
        form: None,
        error: None,
        receipt: None,
    })
}

/// The officer's page for typing in paper ballots.
pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let page = paper_page(&state, &ctx, id).await?;
    render(StatusCode::OK, &page)
}

/// The officer typed a slip's code: the ballot it covers, to fill in.
pub async fn open(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<CodeForm>,
) -> Result<Response, AppError> {
    let mut page = paper_page(&state, &ctx, id).await?;
    page.code = f.code.trim().to_string();
    match open_ballot(&state, &f.code).await {
        Ok(open) if open.round.id == id => {
            let mut form =
                BallotForm::new(&open, f.code.trim(), format!("/evaluations/{id}/paper"));
            form.csrf = page.base.csrf.clone();
            page.form = Some(form);
            render(StatusCode::OK, &page)
        }
        Ok(_) => {
            page.error = Some(page.t.t(CodeRefused::Unknown.message_id()));
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(VoteError::Refused(why)) => {
            page.error = Some(page.t.t(why.message_id()));
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(VoteError::Incomplete(_)) => Err(AppError::bad_request("error-bad-request")),
        Err(VoteError::App(e)) => Err(e),
    }
}

/// Casts a paper ballot through the same path as a voter's, then offers the
/// next one.
pub async fn cast(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let mut page = paper_page(&state, &ctx, id).await?;
    let form = FormPairs::parse(&body)?;
    let code = form.get("code");
    let input = ballot_input(form.pairs());
    match cast_code(&state, &code, &input, Some(id)).await {
        Ok(receipt) => {
            // The officer's entry is audited; no code or receipt goes with it.
            state
                .store
                .record_paper_ballot(&ctx.user()?.username, id)
                .await?;
            page.receipt = Some(receipt);
            render(StatusCode::OK, &page)
        }
        Err(VoteError::Incomplete(problems)) => {
            let action = format!("/evaluations/{id}/paper");
            let mut form = BallotForm::refilled(&state, &code, action, input, &problems)
                .await
                .map_err(|e| match e {
                    VoteError::App(e) => e,
                    _ => AppError::bad_request("error-bad-request"),
                })?;
            form.csrf = page.base.csrf.clone();
            page.code = code.trim().to_string();
            page.form = Some(form);
            page.error = Some(page.t.t(incomplete_message(&problems)));
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(VoteError::Refused(why)) => {
            page.code = code.trim().to_string();
            page.error = Some(page.t.t(why.message_id()));
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(VoteError::App(e)) => Err(e),
    }
}
