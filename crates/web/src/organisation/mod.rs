//! Organisations: the site's home page, each organisation's page in the tree,
//! and its public portal.

mod api;
mod pages;

use crate::http::state::AppState;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/", get(pages::home::home))
        .route("/p/{id}", get(pages::portal::show))
        .route("/orgs/{id}", get(pages::show::show))
        .routes(routes!(api::show::show_organisation))
}
