//! Organisations: the site's home page, each organisation's page in the tree,
//! and its public portal.

mod api;
mod pages;

pub use pages::portal::fresh_answer as fresh_portal;
pub mod todo;

use crate::http::state::AppState;
use axum::routing::{any, get};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/", get(pages::home::home))
        .route("/p/{id}", get(pages::portal::show))
        .route("/organisations/{id}", get(pages::show::show))
        .route("/orgs/{*rest}", any(pages::moved::moved))
        .routes(routes!(api::show::show_organisation))
}
