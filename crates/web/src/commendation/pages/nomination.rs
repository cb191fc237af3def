//! One nomination: its candidate, 主要事迹, score, photos and files, where it
//! stands and why; the step the viewer may take; its files.

use crate::commendation::nominating::{self, steps};
use crate::commendation::rules::{may_see, selection_and_decider};
use crate::http::context::{Ctx, flash};
use crate::http::download::inline_file;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use store::commendation::{Nomination, NominationStatus, Selection, SelectionStatus};
use store::organisation::Organisation;

#[derive(Template)]
#[template(path = "commendation/nomination.html")]
struct NominationPage<'a> {
    t: Tr<'a>,
    base: Base,
    s: Selection,
    n: Nomination,
    can: Vec<NominationStatus>,
}

/// A nomination, its selection and decider, and its nominating organisation,
/// when the viewer may see it.
async fn readable(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Nomination, Selection, Organisation, Organisation), AppError> {
    let n = state.store.nomination(id).await?;
    let (s, decider) = selection_and_decider(state, n.selection_id).await?;
    let nominator = state.store.organisation(n.nominator_org_id).await?;
    if !may_see(ctx, &decider, &nominator, &n) {
        return Err(ctx.refused());
    }
    Ok((n, s, decider, nominator))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (n, s, decider, nominator) = readable(&state, &ctx, id).await?;
    let t = ctx.tr(&state.i18n);
    html(&NominationPage {
        base: base(
            &state,
            &ctx,
            t.a1("nomination-title", "name", &n.name),
            &format!("/nominations/{id}"),
        )
        .await,
        t,
        can: steps(&ctx, &s, &decider, &nominator, &n),
        s,
        n,
    })
}

#[derive(Deserialize)]
pub struct StepForm {
    to: String,
    #[serde(default)]
    reason: String,
}

pub async fn step(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<StepForm>,
) -> Result<Response, AppError> {
    let n = state.store.nomination(id).await?;
    let (s, decider) = selection_and_decider(&state, n.selection_id).await?;
    let to = NominationStatus::parse(&f.to).ok_or(AppError::bad_request("error-bad-request"))?;
    nominating::step(&state, &ctx, &s, &decider, &n, to, &f.reason).await?;
    Ok(flash(
        &format!("/selections/{}", s.id),
        "flash-nomination-moved",
        state.config.secure_cookies,
    ))
}

/// A nomination's file: public once the candidate is on a 公示 list, before
/// that to those who may see the nomination.
pub async fn file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (nid, f) = state.store.nomination_file(id).await?;
    let n = state.store.nomination(nid).await?;
    let s = state.store.selection(n.selection_id).await?;
    let public = n.status == NominationStatus::Approved && s.status != SelectionStatus::Nominating;
    if !public {
        readable(&state, &ctx, nid).await?;
    }
    Ok(inline_file(&f.filename, f.content_type, f.body))
}
