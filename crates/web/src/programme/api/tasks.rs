//! Tasks over JSON: an organisation's list, assigning, one's own, one task
//! and its steps.

use super::view::TaskView;
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use crate::programme::task::{self, StepInput, TaskInput, may_read};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::programme::TaskStatus;
use serde::Deserialize;
use store::programme::TaskFilter;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct TaskQuery {
    /// Only tasks in this status.
    pub status: Option<String>,
    /// Only open tasks past their due day.
    pub overdue: Option<bool>,
}

/// Tasks done in the organisation's subtree or assigned by it, soonest due first.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/tasks", tag = "programme",
    params(("id" = i64, Path), TaskQuery),
    responses((status = 200, body = Vec<TaskView>), (status = 403)))]
pub async fn list_tasks(
    State(state): State<AppState>,
    ReadOrg(org): ReadOrg,
    Query(q): Query<TaskQuery>,
) -> Result<Json<Vec<TaskView>>, AppError> {
    let today = crate::http::clock::today(state.config.utc_offset);
    let filter = TaskFilter {
        status: q.status.as_deref().and_then(TaskStatus::parse),
        overdue_on: q.overdue.unwrap_or(false).then_some(today),
    };
    let list = state.store.tasks_within(&org, filter, 1_000).await?;
    Ok(Json(list.iter().map(TaskView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct AssignBody {
    /// `person:ID` or `org:ID`, inside the organisation's subtree.
    pub assignee: String,
    pub programme: Option<String>,
    pub title: String,
    #[serde(default)]
    pub text: String,
    /// YYYY-MM-DD, not in the past nor after the campaign.
    pub due_on: String,
}

/// Assigns a task from the organisation.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/tasks", tag = "programme",
    request_body = AssignBody, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 422)))]
pub async fn assign_task(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Json(b): Json<AssignBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let input = TaskInput {
        assignee: b.assignee,
        programme: b.programme.unwrap_or_default(),
        title: b.title,
        text: b.text,
        due_on: b.due_on,
    };
    let id = task::assign(&state, &ctx, &org, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The signed-in person's own tasks.
#[utoipa::path(get, path = "/api/v1/tasks", tag = "programme",
    responses((status = 200, body = Vec<TaskView>), (status = 401)))]
pub async fn my_tasks(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<TaskView>>, AppError> {
    let list = state.store.tasks_of_person(ctx.user()?.person_id).await?;
    Ok(Json(list.iter().map(TaskView::from).collect()))
}

/// One task.
#[utoipa::path(get, path = "/api/v1/tasks/{id}", tag = "programme",
    params(("id" = i64, Path)),
    responses((status = 200, body = TaskView), (status = 403), (status = 404)))]
pub async fn show_task(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<TaskView>, AppError> {
    let k = state.store.task(id).await?;
    if !may_read(&state, &ctx, &k).await? {
        return Err(ctx.refused());
    }
    Ok(Json(TaskView::from(&k)))
}

#[derive(Deserialize, ToSchema)]
pub struct TaskStepBody {
    /// `start`, `submit`, `send_back` or `accept`.
    pub step: String,
    /// What was done (to submit).
    #[serde(default)]
    pub evidence: String,
    /// Why it goes back (to send back).
    #[serde(default)]
    pub reason: String,
}

/// Takes a step of a task's flow; files go with the page's form.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/steps", tag = "programme",
    request_body = TaskStepBody, params(("id" = i64, Path)),
    responses((status = 200, body = TaskView), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn step_task(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<TaskStepBody>,
) -> Result<Json<TaskView>, AppError> {
    let k = state.store.task(id).await?;
    let input = StepInput {
        step: b.step,
        evidence: b.evidence,
        reason: b.reason,
    };
    task::step(&state, &ctx, &k, &input, Vec::new()).await?;
    Ok(Json(TaskView::from(&state.store.task(id).await?)))
}
