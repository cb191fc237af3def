//! The campaign plan as data: shown in full to members and to the public, and
//! the plan and phase in force, which every other area follows.

mod api;
mod pages;
pub mod rules;

use crate::http::state::AppState;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/p/{id}/plan", get(pages::show::public))
        .route("/organisations/{id}/plan", get(pages::show::show))
        .routes(routes!(api::show::show_plan))
}
