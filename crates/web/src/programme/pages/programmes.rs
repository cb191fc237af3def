//! An organisation's programmes page: each programme with its completion,
//! the plan's activities (started, or a button to start them), the branch's
//! own, and the plan's tasks with the button that assigns them to the
//! members; the form that adds an activity of the branch's own; the workbook.

use crate::http::context::Ctx;
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::programme::activity::{self, OwnActivityInput};
use crate::programme::overview::{Block, blocks};
use crate::programme::rules::may_run;
use crate::programme::sheet::activities_xlsx;
use crate::programme::task::assign_plan_task;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use domain::plan::Phase;
use serde::Deserialize;
use std::collections::HashMap;
use store::organisation::Organisation;

#[derive(Template)]
#[template(path = "programme/programmes.html")]
struct ProgrammesPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    blocks: Vec<Block>,
    /// Percent, rounded.
    overall: u32,
    phases: Vec<Phase>,
    can_run: bool,
    is_branch: bool,
    form: HashMap<String, String>,
    errors: HashMap<String, String>,
}

impl ProgrammesPage<'_> {
    fn typed(&self, field: &str) -> String {
        self.form.get(field).cloned().unwrap_or_default()
    }
}

async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    org: Organisation,
) -> Result<ProgrammesPage<'a>, AppError> {
    let t = ctx.tr(&state.i18n);
    let (blocks, overall, phases) = blocks(state, &org).await?;
    Ok(ProgrammesPage {
        base: base(
            state,
            ctx,
            t.a1("programmes-title", "org", &org.name),
            &format!("/organisations/{}/programmes", org.id),
        )
        .await,
        t,
        blocks,
        overall: overall.round() as u32,
        phases,
        can_run: may_run(ctx, &org),
        is_branch: org.kind == domain::organisation::OrgKind::Branch,
        form: HashMap::new(),
        errors: HashMap::new(),
        org,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    html(&page(&state, &ctx, org).await?)
}

#[derive(Deserialize, Default)]
pub struct ActivityForm {
    /// A plan activity to start; else the fields of the branch's own.
    #[serde(default)]
    plan_activity: String,
    #[serde(default)]
    programme: String,
    #[serde(default)]
    phase: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    times: String,
}

pub async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Form(f): Form<ActivityForm>,
) -> Result<Response, AppError> {
    let result = if f.plan_activity.is_empty() {
        let input = OwnActivityInput {
            programme: f.programme.clone(),
            phase: f.phase.clone(),
            name: f.name.clone(),
            starts_on: f.starts_on.clone(),
            ends_on: f.ends_on.clone(),
            times: f.times.clone(),
        };
        activity::add_own(&state, &ctx, &org, &input).await
    } else {
        activity::start(&state, &ctx, &org, &f.plan_activity).await
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/activities/{id}")).into_response()),
        Err(AppError::Refused(r)) => {
            let mut page = page(&state, &ctx, org).await?;
            for (k, v) in [
                ("programme", &f.programme),
                ("phase", &f.phase),
                ("name", &f.name),
                ("starts_on", &f.starts_on),
                ("ends_on", &f.ends_on),
                ("times", &f.times),
            ] {
                page.form.insert(k.into(), v.clone());
            }
            page.errors = page.t.field_messages(&r);
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct PlanTaskForm {
    #[serde(default)]
    task: String,
}

/// Assigns a plan task to the branch's members and goes to the task list.
pub async fn assign_plan(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Form(f): Form<PlanTaskForm>,
) -> Result<Response, AppError> {
    assign_plan_task(&state, &ctx, &org, &f.task).await?;
    Ok(crate::http::context::flash(
        &format!("/organisations/{}/tasks", org.id),
        "flash-plan-task-assigned",
        state.config.secure_cookies,
    ))
}

pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    let page = page(&state, &ctx, org).await?;
    let bytes = activities_xlsx(&page.t, &page.blocks)?;
    Ok(xlsx_download(&format!("{}.xlsx", page.base.title), bytes))
}
