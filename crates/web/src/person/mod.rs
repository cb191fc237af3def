//! People: the roster of an organisation's subtree, each person's page, adding
//! people by hand or from a roster file, accounts and roles.

mod api;
pub mod import_progress;
mod pages;
pub mod roster;
pub mod rules;
pub mod sheet;

use crate::http::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/organisations/{id}/people", get(pages::list::list))
        .route("/organisations/{id}/people.xlsx", get(pages::list::export))
        .route("/roster-template.xlsx", get(pages::list::template))
        .route(
            "/organisations/{id}/import",
            get(pages::import::form).post(pages::import::upload),
        )
        .route(
            "/organisations/{id}/import/{upload}",
            post(pages::import::confirm),
        )
        .route(
            "/organisations/{id}/import/progress",
            get(pages::import::progress),
        )
        .route(
            "/organisations/{id}/people/new",
            get(pages::new::form).post(pages::new::create),
        )
        .route("/people/{id}", get(pages::show::show))
        .route("/people/{id}/account", post(pages::account::open_account))
        .route(
            "/people/{id}/password",
            post(pages::account::issue_password),
        )
        .route("/people/{id}/roles", post(pages::roles::grant))
        .route("/people/{id}/roles/revoke", post(pages::roles::revoke))
        .routes(routes!(api::list::list_people))
        .routes(routes!(api::import::import_roster))
}
