//! One publication: read by anyone once published and by its writers and
//! reviewers before; the steps the viewer may take on it; its A4 print (a
//! bulletin with its masthead); its images.

use crate::http::clock::{local_day, today};
use crate::http::context::{Ctx, flash};
use crate::http::download::inline_file;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::publicity::rules::{may_write, readable};
use crate::publicity::writing::{self, may_step};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::date::Day;
use domain::publicity::PublicationStep;
use serde::Deserialize;
use store::publicity::Publication;

#[derive(Template)]
#[template(path = "publicity/show.html")]
struct ShowPage<'a> {
    t: Tr<'a>,
    base: Base,
    p: Publication,
    /// The steps the viewer may take now.
    steps: Vec<PublicationStep>,
    can_edit: bool,
    error: Option<String>,
}

async fn show_page<'a>(state: &'a AppState, ctx: &Ctx, id: i64) -> Result<ShowPage<'a>, AppError> {
    let (p, org) = readable(state, ctx, id).await?;
    let t = ctx.tr(&state.i18n);
    let steps = PublicationStep::ALL
        .into_iter()
        .filter(|s| may_step(ctx, &p, &org, *s))
        .collect();
    Ok(ShowPage {
        base: base(state, ctx, p.title.clone(), &format!("/publications/{id}")).await,
        t,
        steps,
        can_edit: p.status.editable() && may_write(ctx, &org),
        p,
        error: None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&show_page(&state, &ctx, id).await?)
}

#[derive(Deserialize)]
pub struct StepForm {
    #[serde(default)]
    step: String,
    #[serde(default)]
    reason: String,
}

pub async fn step(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<StepForm>,
) -> Result<Response, AppError> {
    let (p, org) = readable(&state, &ctx, id).await?;
    let step =
        PublicationStep::parse(&f.step).ok_or(AppError::bad_request("publication-error-step"))?;
    match writing::step(&state, &ctx, &p, &org, step, &f.reason).await {
        Ok(()) => Ok(flash(
            &format!("/publications/{id}"),
            "flash-publication-stepped",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) if r.field.is_some() => {
            let mut page = show_page(&state, &ctx, id).await?;
            page.error = Some(page.t.refusal(&r));
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "publicity/print.html")]
struct PrintPage<'a> {
    t: Tr<'a>,
    base: Base,
    p: Publication,
    /// The day it is dated: published, else today for a proof.
    dated: Day,
}

/// The A4 print: a bulletin under its masthead (the organisation, 第N期, the
/// 编发单位 and the day), news as a plain document.
pub async fn print(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (p, _) = readable(&state, &ctx, id).await?;
    let offset = state.config.utc_offset;
    let dated = p
        .published_at
        .as_deref()
        .and_then(|at| local_day(at, offset))
        .unwrap_or_else(|| today(offset));
    let t = ctx.tr(&state.i18n);
    html(&PrintPage {
        base: base(
            &state,
            &ctx,
            p.title.clone(),
            &format!("/publications/{id}/print"),
        )
        .await,
        t,
        p,
        dated,
    })
}

pub async fn image(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (publication, f) = state.store.publication_image(id).await?;
    readable(&state, &ctx, publication).await?;
    Ok(inline_file(&f.filename, f.content_type, f.body))
}
