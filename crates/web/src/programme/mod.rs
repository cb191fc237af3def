//! The work programmes (工程) as branches run them: the plan's activities
//! and a branch's own, recorded with owner, dates, counts, outcome and
//! photos; tasks assigned to people or organisations and checked by whoever
//! assigned them; each programme's completion and the phase's timeline.

pub mod activity;
mod api;
pub mod overview;
mod pages;
pub mod rules;
mod sheet;
pub mod task;

use crate::http::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route(
            "/organisations/{id}/programmes",
            get(pages::programmes::show),
        )
        .route(
            "/organisations/{id}/activities",
            post(pages::programmes::add),
        )
        .route(
            "/organisations/{id}/activities.xlsx",
            get(pages::programmes::export),
        )
        .route(
            "/organisations/{id}/plan-tasks",
            post(pages::programmes::assign_plan),
        )
        .route("/organisations/{id}/timeline", get(pages::timeline::show))
        .route("/p/{id}/timeline", get(pages::timeline::public))
        .route(
            "/activities/{id}",
            get(pages::activity::show).post(pages::activity::record),
        )
        .route("/activity-files/{id}", get(pages::activity::file))
        .route(
            "/organisations/{id}/tasks",
            get(pages::tasks::list).post(pages::tasks::assign),
        )
        .route("/organisations/{id}/tasks.xlsx", get(pages::tasks::export))
        .route("/tasks", get(pages::tasks::mine))
        .route("/tasks/{id}", get(pages::task::show))
        .route("/tasks/{id}/steps", post(pages::task::step))
        .route("/task-files/{id}", get(pages::task::file))
        .routes(routes!(
            api::activities::list_activities,
            api::activities::add_activity
        ))
        .routes(routes!(
            api::activities::show_activity,
            api::activities::record_activity
        ))
        .routes(routes!(api::tasks::list_tasks, api::tasks::assign_task))
        .routes(routes!(api::tasks::my_tasks))
        .routes(routes!(api::tasks::show_task))
        .routes(routes!(api::tasks::step_task))
}
