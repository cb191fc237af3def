//! Supervision (督促检查): the office's dashboard over its branches, the
//! overdue list, random spot checks whose draw anyone can redo, with the
//! inspectors' findings becoming rectification items, and the progress
//! circulars (通报) drafted each period and published by the office.

mod api;
pub mod circular;
pub mod dashboard;
pub mod figures;
pub mod line;
pub mod line_cache;
pub mod overdue;
mod pages;
pub mod rules;
pub mod spot_check;

use crate::http::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route(
            "/organisations/{id}/supervision",
            get(pages::dashboard::show),
        )
        .route(
            "/organisations/{id}/supervision.xlsx",
            get(pages::dashboard::export),
        )
        .route("/organisations/{id}/overdue", get(pages::overdue::show))
        .route(
            "/organisations/{id}/overdue.xlsx",
            get(pages::overdue::export),
        )
        .route(
            "/organisations/{id}/spot-checks",
            get(pages::spot_checks::list).post(pages::spot_checks::announce_check),
        )
        .route("/spot-checks/{id}", get(pages::spot_check::show))
        .route("/spot-checks/{id}/draw", post(pages::spot_check::draw))
        .route(
            "/spot-check-samples/{id}/finding",
            post(pages::spot_check::finding),
        )
        .route("/spot-check-files/{id}", get(pages::spot_check::file))
        .route(
            "/organisations/{id}/circulars",
            get(pages::circulars::list).post(pages::circulars::draft),
        )
        .route(
            "/circulars/{id}",
            get(pages::circulars::show).post(pages::circulars::edit),
        )
        .route("/circulars/{id}/publish", post(pages::circulars::publish))
        .route(
            "/circulars/{id}/circular.xlsx",
            get(pages::circulars::export),
        )
        .route("/p/{id}/spot-checks", get(pages::public::list))
        .route("/p/spot-checks/{id}", get(pages::public::show))
        .route(
            "/p/spot-checks/{id}/record.json",
            get(pages::spot_check::json),
        )
        .routes(routes!(api::dashboard::show_dashboard))
        .routes(routes!(api::dashboard::list_overdue))
        .routes(routes!(
            api::spot_checks::list_spot_checks,
            api::spot_checks::announce_spot_check
        ))
        .routes(routes!(api::spot_checks::show_spot_check))
        .routes(routes!(api::spot_checks::draw_spot_check))
        .routes(routes!(
            api::circulars::list_circulars,
            api::circulars::draft_circular
        ))
        .routes(routes!(
            api::circulars::show_circular,
            api::circulars::edit_circular
        ))
        .routes(routes!(api::circulars::publish_circular))
}
