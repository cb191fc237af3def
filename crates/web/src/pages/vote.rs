//! Voting, for anyone holding a code: type it (or scan a slip, whose link
//! carries it after `#`, which no server sees, and which the page moves into
//! the form and out of the address bar), rate each target, get a receipt. The
//! code travels only in POST bodies; these pages are never cached and send no
//! referrer. An officer types in paper ballots through the same path.

use super::{Base, base};
use crate::evaluation::{OpenBallot, Receipt, Refusal, VoteError, cast_code, open_ballot};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::{Locale, Tr};
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, REFERRER_POLICY};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use domain::evaluation::Level;
use domain::evaluation::RoundCriterion;
use domain::evaluation::ballot::{BallotInput, BallotProblem};
use serde::Deserialize;
use std::collections::HashSet;
use store::evaluation::Target;

/// A page that holds a code or a receipt: not kept by caches, and no link on it
/// tells the next site where the visitor came from.
pub fn private_page(status: StatusCode, body: String) -> Response {
    let mut res = (status, Html(body)).into_response();
    let h = res.headers_mut();
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn render<T: Template>(status: StatusCode, page: &T) -> Result<Response, AppError> {
    page.render()
        .map(|body| private_page(status, body))
        .map_err(AppError::from)
}

/// The ballot a code opened, as a form: filled in again after a problem.
pub struct BallotForm {
    pub code: String,
    pub round_title: String,
    pub targets: Vec<Target>,
    pub criteria: Vec<RoundCriterion>,
    pub scale: Vec<Level>,
    pub input: BallotInput,
    pub unrated: HashSet<(i64, u32)>,
    pub too_long: HashSet<i64>,
    /// Where the form goes: `/vote/cast`, or the officer's paper entry.
    pub action: String,
    /// The officer's CSRF code; empty on the public form, which needs none.
    pub csrf: String,
}

impl BallotForm {
    pub fn new(open: &OpenBallot, code: &str, action: String) -> BallotForm {
        BallotForm {
            code: code.to_string(),
            round_title: open.round.title.clone(),
            targets: open.targets.clone(),
            criteria: open.round.criteria.clone(),
            scale: open.round.scale.clone(),
            input: BallotInput::default(),
            unrated: HashSet::new(),
            too_long: HashSet::new(),
            action,
            csrf: String::new(),
        }
    }

    pub fn checked(&self, target: &i64, criterion: &usize, level: &usize) -> bool {
        self.input.ratings.get(&(*target, *criterion as u32)) == Some(&(*level as u32))
    }

    pub fn is_unrated(&self, target: &i64, criterion: &usize) -> bool {
        self.unrated.contains(&(*target, *criterion as u32))
    }

    pub fn comment(&self, target: &i64) -> &str {
        self.input.comments.get(target).map_or("", String::as_str)
    }

    /// The ballot `code` opens, filled in again with what was sent and its
    /// problems marked, for the form to come back.
    async fn refilled(
        state: &AppState,
        code: &str,
        action: String,
        input: BallotInput,
        problems: &[BallotProblem],
    ) -> Result<BallotForm, VoteError> {
        let open = open_ballot(state, code).await?;
        let mut form = BallotForm::new(&open, code.trim(), action);
        form.input = input;
        form.show_problems(problems);
        Ok(form)
    }

    /// Marks what the submitted ballot lacked.
    pub fn show_problems(&mut self, problems: &[BallotProblem]) {
        for p in problems {
            match p {
                BallotProblem::Unrated { target, criterion } => {
                    self.unrated.insert((*target, *criterion));
                }
                BallotProblem::CommentTooLong { target } => {
                    self.too_long.insert(*target);
                }
                BallotProblem::Foreign => {}
            }
        }
    }
}

/// What a ballot that came back says above the form.
fn incomplete_message(problems: &[BallotProblem]) -> &'static str {
    if problems.contains(&BallotProblem::Foreign) {
        "vote-error-foreign"
    } else {
        "vote-error-incomplete"
    }
}

/// Reads a ballot form: `r-TARGET-CRITERION` = level, `c-TARGET` = comment.
pub fn ballot_input(pairs: &[(String, String)]) -> BallotInput {
    let mut input = BallotInput::default();
    for (k, v) in pairs {
        if let Some(rest) = k.strip_prefix("r-") {
            let mut parts = rest.splitn(2, '-');
            if let (Some(Ok(t)), Some(Ok(c)), Ok(l)) = (
                parts.next().map(str::parse::<i64>),
                parts.next().map(str::parse::<u32>),
                v.parse::<u32>(),
            ) {
                input.ratings.insert((t, c), l);
            }
        } else if let Some(Ok(t)) = k.strip_prefix("c-").map(str::parse::<i64>) {
            input.comments.insert(t, v.clone());
        }
    }
    input
}

fn field(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

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
    why: &Refusal,
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
    code: String,
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
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::bad_request("error-bad-request"))?;
    let code = field(&pairs, "code");
    let input = ballot_input(&pairs);
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
    let round = crate::evaluation::current_round(state, id).await?;
    let org = state.store.organisation(round.org_id).await?;
    if !crate::evaluation::may_manage(ctx, &org, &round) {
        return Err(if ctx.account.is_some() {
            AppError::Forbidden
        } else {
            AppError::Unauthorized
        });
    }
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
pub async fn paper_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let page = paper_page(&state, &ctx, id).await?;
    render(StatusCode::OK, &page)
}

/// The officer typed a slip's code: the ballot it covers, to fill in.
pub async fn paper_open(
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
            page.error = Some(page.t.t(Refusal::Unknown.message_id()));
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
pub async fn paper_cast(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let mut page = paper_page(&state, &ctx, id).await?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::bad_request("error-bad-request"))?;
    let code = field(&pairs, "code");
    let input = ballot_input(&pairs);
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
