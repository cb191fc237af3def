//! A branch's incentive and constraint records (激励约束), and the form that
//! adds one; the form comes back with each problem beside its field.

use crate::assessment::incentive::{self, IncentiveInput, may_record};
use crate::assessment::rules::may_read_all;
use crate::http::clock::today;
use crate::http::context::{Ctx, flash};
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::Response;
use domain::plan::Veto;
use serde::Deserialize;
use std::collections::HashMap;
use store::assessment::IncentiveRecord;
use store::organisation::Organisation;
use store::person::Person;

#[derive(Template)]
#[template(path = "assessment/incentives.html")]
struct IncentivesPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    records: Vec<IncentiveRecord>,
    members: Vec<Person>,
    vetoes: Vec<Veto>,
    for_members: bool,
    for_branch: bool,
    form: IncentiveForm,
    errors: HashMap<String, String>,
}

#[derive(Deserialize, Default)]
pub struct IncentiveForm {
    #[serde(default)]
    person: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    points: String,
    #[serde(default)]
    veto: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    on_day: String,
}

async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    org: Organisation,
    form: IncentiveForm,
) -> Result<IncentivesPage<'a>, AppError> {
    if !may_read_all(ctx, &org) {
        return Err(ctx.refused());
    }
    let vetoes = plan_of(&state.store, &org)
        .await
        .ok()
        .and_then(|p| p.assessment)
        .map(|a| a.vetoes)
        .unwrap_or_default();
    let members = state.store.all_people(&org.path).await?;
    let t = ctx.tr(&state.i18n);
    let mut form = form;
    if form.on_day.is_empty() {
        form.on_day = today(state.config.utc_offset).to_string();
    }
    Ok(IncentivesPage {
        base: base(
            state,
            ctx,
            t.a1("incentives-title", "org", &org.name),
            &format!("/organisations/{}/incentives", org.id),
        )
        .await,
        t,
        records: state.store.incentives_of(org.id).await?,
        members,
        vetoes,
        for_members: may_record(ctx, &org, false),
        for_branch: may_record(ctx, &org, true),
        form,
        errors: HashMap::new(),
        org,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    html(&page(&state, &ctx, org, IncentiveForm::default()).await?)
}

pub async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Form(form): Form<IncentiveForm>,
) -> Result<Response, AppError> {
    let input = IncentiveInput {
        person: form.person.clone(),
        kind: form.kind.clone(),
        points: form.points.clone(),
        veto: form.veto.clone(),
        reason: form.reason.clone(),
        on_day: form.on_day.clone(),
    };
    match incentive::record(&state, &ctx, &org, &input).await {
        Ok(_) => Ok(flash(
            &format!("/organisations/{}/incentives", org.id),
            "flash-incentive-added",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) if !r.errors.is_empty() || r.field.is_some() => {
            let mut page = page(&state, &ctx, org, form).await?;
            for e in &r.errors {
                let message = page.t.refusal_field(e);
                page.errors.insert(e.field.clone(), message);
            }
            if let Some(f) = &r.field {
                let message = page.t.refusal(&r);
                page.errors.insert(f.clone(), message);
            }
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}
