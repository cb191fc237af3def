//! The office's view of a selection's objections, never public: each with the
//! candidate, what was said and who left a name or contact, and the form that
//! records its outcome; and the list as xlsx.

use crate::commendation::objection;
use crate::commendation::rules::{is_office, selection_and_decider};
use crate::commendation::sheet::objections_xlsx;
use crate::http::context::{Ctx, flash};
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use store::commendation::{Objection, Selection};

#[derive(Template)]
#[template(path = "commendation/objections.html")]
struct ObjectionsPage<'a> {
    t: Tr<'a>,
    base: Base,
    s: Selection,
    objections: Vec<Objection>,
    error: Option<(i64, String)>,
}

async fn page<'a>(state: &'a AppState, ctx: &Ctx, id: i64) -> Result<ObjectionsPage<'a>, AppError> {
    let (s, decider) = selection_and_decider(state, id).await?;
    if !is_office(ctx, &decider) {
        return Err(ctx.refused());
    }
    let t = ctx.tr(&state.i18n);
    Ok(ObjectionsPage {
        base: base(
            state,
            ctx,
            t.a1("objections-title", "title", &s.rule.title.name),
            &format!("/selections/{id}/objections"),
        )
        .await,
        t,
        objections: state.store.objections(id).await?,
        s,
        error: None,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&page(&state, &ctx, id).await?)
}

#[derive(Deserialize)]
pub struct OutcomeForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    outcome: String,
}

pub async fn handle(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<OutcomeForm>,
) -> Result<Response, AppError> {
    let sid = state.store.objection_selection(id).await?;
    let (_, decider) = selection_and_decider(&state, sid).await?;
    match objection::handle(&state, &ctx, &decider, id, &f.status, &f.outcome).await {
        Ok(_) => Ok(flash(
            &format!("/selections/{sid}/objections"),
            "flash-objection-handled",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) if r.field.is_some() => {
            let mut page = page(&state, &ctx, sid).await?;
            page.error = Some((id, page.t.refusal(&r)));
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let page = page(&state, &ctx, id).await?;
    let title = page
        .t
        .a1("objections-title", "title", &page.s.rule.title.name);
    let bytes = objections_xlsx(&page.t, &title, &page.objections)?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}
