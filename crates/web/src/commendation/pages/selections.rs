//! The selections an organisation's people take part in: those its own office
//! decides and those decided above it; and the form that opens one.

use crate::commendation::rules::{inside, may_open};
use crate::commendation::selection;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use domain::plan::{Phase, Title};
use serde::Deserialize;
use store::commendation::Selection;
use store::organisation::Organisation;

#[derive(Template)]
#[template(path = "commendation/selections.html")]
struct SelectionsPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    selections: Vec<Selection>,
    can_open: bool,
    titles: Vec<Title>,
    phases: Vec<Phase>,
    form: OpenForm,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct OpenForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    phase: String,
}

async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    org: Organisation,
    form: OpenForm,
) -> Result<SelectionsPage<'a>, AppError> {
    if !inside(ctx, &org) {
        return Err(ctx.refused());
    }
    let plan = plan_of(&state.store, &org).await.ok();
    let titles = plan
        .as_ref()
        .and_then(|p| p.commendation.as_ref())
        .map(|c| c.titles.clone())
        .unwrap_or_default();
    let phases = plan.map(|p| p.phases).unwrap_or_default();
    let selections = state.store.selections_of(&org.path.ids()).await?;
    let t = ctx.tr(&state.i18n);
    Ok(SelectionsPage {
        base: base(
            state,
            ctx,
            t.a1("selections-title", "org", &org.name),
            &format!("/organisations/{}/selections", org.id),
        )
        .await,
        t,
        can_open: may_open(ctx, &org) && !titles.is_empty(),
        selections,
        titles,
        phases,
        form,
        error: None,
        org,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    html(&page(&state, &ctx, org, OpenForm::default()).await?)
}

pub async fn open(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Form(form): Form<OpenForm>,
) -> Result<Response, AppError> {
    match selection::open(&state, &ctx, &org, &form.title, &form.phase).await {
        Ok(id) => Ok(Redirect::to(&format!("/selections/{id}")).into_response()),
        Err(AppError::Refused(r)) => {
            let mut page = page(&state, &ctx, org, form).await?;
            page.error = Some(page.t.refusal(&r));
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}
