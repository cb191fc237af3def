//! One task: what it asks and by when, its evidence and files, the reason it
//! was sent back, and the step forms for its assignee and its checker.

use crate::http::context::{Ctx, flash};
use crate::http::download::inline_file;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::http::upload::{evidence_files, read_multipart};
use crate::programme::rules::{is_checker, is_doer};
use crate::programme::task::{self, StepInput, may_read};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use domain::programme::TaskStep;
use store::programme::Task;

#[derive(Template)]
#[template(path = "programme/task.html")]
struct TaskPage<'a> {
    t: Tr<'a>,
    base: Base,
    k: Task,
    overdue: bool,
    /// The steps the viewer may take now.
    steps: Vec<TaskStep>,
    evidence: String,
    error: Option<(String, String)>,
}

impl TaskPage<'_> {
    fn may(&self, step: &str) -> bool {
        self.steps.iter().any(|s| s.as_str() == step)
    }
}

async fn page<'a>(state: &'a AppState, ctx: &Ctx, id: i64) -> Result<TaskPage<'a>, AppError> {
    let k = state.store.task(id).await?;
    if !may_read(state, ctx, &k).await? {
        return Err(ctx.refused());
    }
    let issuer = state.store.organisation(k.issuer_org_id).await?;
    let assignee_org = match k.assignee_org_id {
        Some(o) => Some(state.store.organisation(o).await?),
        None => None,
    };
    let steps = TaskStep::ALL
        .into_iter()
        .filter(|s| s.from(k.status).is_some())
        .filter(|s| {
            if s.by_assigner() {
                is_checker(ctx, &issuer)
            } else {
                is_doer(ctx, &k, assignee_org.as_ref())
            }
        })
        .collect();
    let today = crate::http::clock::today(state.config.utc_offset);
    let t = ctx.tr(&state.i18n);
    Ok(TaskPage {
        base: base(state, ctx, k.title.clone(), &format!("/tasks/{id}")).await,
        t,
        overdue: k.status.is_open() && k.due_on < today,
        evidence: k.evidence.clone(),
        steps,
        k,
        error: None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&page(&state, &ctx, id).await?)
}

pub async fn step(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let k = state.store.task(id).await?;
    let form = read_multipart(multipart, "files").await?;
    let input = StepInput {
        step: form.text("step").to_string(),
        evidence: form.text("evidence").to_string(),
        reason: form.text("reason").to_string(),
    };
    let result = match evidence_files(form.files.clone(), "files") {
        Ok(files) => task::step(&state, &ctx, &k, &input, files).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(flash(
            &format!("/tasks/{id}"),
            "flash-task-stepped",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) if r.field.is_some() => {
            let mut page = page(&state, &ctx, id).await?;
            page.evidence = input.evidence;
            let m = page.t.refusal(&r);
            page.error = r.field.clone().map(|f| (f, m));
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

/// A file handed in with a task, for whoever may read the task.
pub async fn file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (task_id, f) = state.store.task_file(id).await?;
    let k = state.store.task(task_id).await?;
    if !may_read(&state, &ctx, &k).await? {
        return Err(ctx.refused());
    }
    Ok(inline_file(&f.filename, f.content_type, f.body))
}
