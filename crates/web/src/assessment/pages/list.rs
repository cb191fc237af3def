//! An organisation's assessments, every version, and the form that opens the
//! next one for a phase.

use crate::assessment::rules::{kinds_for, may_assess, may_read_all};
use crate::assessment::scoring;
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
use domain::plan::Phase;
use serde::Deserialize;
use store::assessment::{Assessment, SubjectKind};
use store::organisation::Organisation;

#[derive(Template)]
#[template(path = "assessment/list.html")]
struct AssessmentsPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    assessments: Vec<Assessment>,
    /// The kinds this person may open here.
    kinds: Vec<SubjectKind>,
    phases: Vec<Phase>,
    has_scheme: bool,
    form: OpenForm,
    error: Option<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct OpenForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    phase: String,
}

async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    org: Organisation,
    form: OpenForm,
) -> Result<AssessmentsPage<'a>, AppError> {
    if !may_read_all(ctx, &org) {
        return Err(ctx.refused());
    }
    let plan = plan_of(&state.store, &org).await.ok();
    let scheme = plan.as_ref().and_then(|p| p.assessment.clone());
    let phases = match (&plan, &scheme) {
        (Some(p), Some(s)) => p
            .phases
            .iter()
            .filter(|x| s.in_phase(&x.key))
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    let kinds = kinds_for(&org)
        .into_iter()
        .filter(|k| may_assess(ctx, &org, *k))
        .collect();
    let t = ctx.tr(&state.i18n);
    Ok(AssessmentsPage {
        base: base(
            state,
            ctx,
            t.a1("assessments-title", "org", &org.name),
            &format!("/organisations/{}/assessments", org.id),
        )
        .await,
        t,
        assessments: state.store.assessments_of(org.id).await?,
        kinds,
        phases,
        has_scheme: scheme.is_some(),
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
    let kind = SubjectKind::parse(&form.kind)
        .or_else(|| kinds_for(&org).first().copied())
        .ok_or(AppError::bad_request("error-bad-request"))?;
    match scoring::open(&state, &ctx, &org, kind, &form.phase).await {
        Ok(id) => Ok(Redirect::to(&format!("/assessments/{id}")).into_response()),
        Err(AppError::Refused(r)) => {
            let mut page = page(&state, &ctx, org, form).await?;
            let field = r.field.clone().unwrap_or_else(|| "phase".into());
            page.error = Some((field, page.t.refusal(&r)));
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}
