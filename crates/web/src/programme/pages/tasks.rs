//! Task lists: an organisation's (done in its subtree or assigned by it),
//! filtered by status or overdue, with the form that assigns one and the
//! workbook; and a person's own.

use crate::http::context::Ctx;
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use crate::programme::rules::may_run;
use crate::programme::sheet::tasks_xlsx;
use crate::programme::task::{self, TaskInput};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::programme::TaskStatus;
use serde::Deserialize;
use std::collections::HashMap;
use store::organisation::Organisation;
use store::person::Person;
use store::programme::{Task, TaskFilter};

/// Most tasks a list shows; the workbook has the same.
const LIST_LIMIT: i64 = 1_000;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    overdue: String,
}

#[derive(Template)]
#[template(path = "programme/tasks.html")]
struct TasksPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    tasks: Vec<Task>,
    today: domain::date::Day,
    status: String,
    overdue: bool,
    statuses: [TaskStatus; 5],
    can_assign: bool,
    people: Vec<Person>,
    units: Vec<Organisation>,
    programmes: Vec<(String, String)>,
    form: HashMap<String, String>,
    errors: HashMap<String, String>,
}

impl TasksPage<'_> {
    fn typed(&self, field: &str) -> String {
        self.form.get(field).cloned().unwrap_or_default()
    }
}

async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    org: Organisation,
    q: &ListQuery,
) -> Result<TasksPage<'a>, AppError> {
    let today = crate::http::clock::today(state.config.utc_offset);
    let status = TaskStatus::parse(&q.status);
    let overdue = q.overdue == "1";
    let filter = TaskFilter {
        status,
        overdue_on: overdue.then_some(today),
    };
    let can_assign = may_run(ctx, &org);
    let (people, units) = if can_assign {
        let units = state
            .store
            .subtree(&org.path)
            .await?
            .into_iter()
            .filter(|o| o.id != org.id)
            .collect();
        (state.store.all_people(&org.path).await?, units)
    } else {
        (Vec::new(), Vec::new())
    };
    let programmes = plan_of(&state.store, &org)
        .await?
        .programmes
        .into_iter()
        .map(|p| (p.key, p.name))
        .collect();
    let t = ctx.tr(&state.i18n);
    Ok(TasksPage {
        base: base(
            state,
            ctx,
            t.a1("tasks-title", "org", &org.name),
            &format!("/organisations/{}/tasks", org.id),
        )
        .await,
        t,
        tasks: state.store.tasks_within(&org, filter, LIST_LIMIT).await?,
        today,
        status: status.map(|s| s.as_str().to_string()).unwrap_or_default(),
        overdue,
        statuses: TaskStatus::ALL,
        can_assign,
        people,
        units,
        programmes,
        form: HashMap::new(),
        errors: HashMap::new(),
        org,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    html(&page(&state, &ctx, org, &q).await?)
}

#[derive(Deserialize, Default)]
pub struct AssignForm {
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    programme: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    due_on: String,
}

pub async fn assign(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Form(f): Form<AssignForm>,
) -> Result<Response, AppError> {
    let input = TaskInput {
        assignee: f.assignee.clone(),
        programme: f.programme.clone(),
        title: f.title.clone(),
        text: f.text.clone(),
        due_on: f.due_on.clone(),
    };
    match task::assign(&state, &ctx, &org, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/tasks/{id}")).into_response()),
        Err(AppError::Refused(r)) => {
            let mut page = page(&state, &ctx, org, &ListQuery::default()).await?;
            for (k, v) in [
                ("assignee", f.assignee),
                ("programme", f.programme),
                ("title", f.title),
                ("text", f.text),
                ("due_on", f.due_on),
            ] {
                page.form.insert(k.into(), v);
            }
            page.errors = page.t.field_messages(&r);
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let page = page(&state, &ctx, org, &q).await?;
    let bytes = tasks_xlsx(&page.t, &page.base.title, &page.tasks, page.today)?;
    Ok(xlsx_download(&format!("{}.xlsx", page.base.title), bytes))
}

#[derive(Template)]
#[template(path = "programme/my_tasks.html")]
struct MyTasksPage<'a> {
    t: Tr<'a>,
    base: Base,
    tasks: Vec<Task>,
    today: domain::date::Day,
}

/// The signed-in person's own tasks, open ones first.
pub async fn mine(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let person = ctx.user()?.person_id;
    let t = ctx.tr(&state.i18n);
    html(&MyTasksPage {
        base: base(&state, &ctx, t.t("tasks-mine"), "/tasks").await,
        t,
        tasks: state.store.tasks_of_person(person).await?,
        today: crate::http::clock::today(state.config.utc_offset),
    })
}
