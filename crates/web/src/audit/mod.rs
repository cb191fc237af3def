//! The audit log: every change people make, hash-chained in storage, read by the
//! campaign offices, each its own tree's part.

mod api;
mod pages;
pub mod rules;

use crate::http::state::AppState;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/admin/audit", get(pages::log::show))
        .routes(routes!(api::entries::list_entries))
}
