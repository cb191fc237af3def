//! Assessment (考核), step 4 of the campaign. The plan's scheme names the
//! indicators and where each is read from; an organisation opens an assessment
//! of a phase over its members (a branch) or its branches (a campaign office);
//! scores follow the records, explain themselves, are adjusted with a reason,
//! ranked with ties, and frozen when the assessor finalises. Incentive and
//! constraint records (激励约束) feed one indicator and the veto items.

mod api;
pub mod incentive;
mod pages;
pub mod rules;
pub mod scoring;
mod sheet;

use crate::http::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route(
            "/organisations/{id}/assessments",
            get(pages::list::list).post(pages::list::open),
        )
        .route(
            "/organisations/{id}/incentives",
            get(pages::incentives::list).post(pages::incentives::add),
        )
        .route("/assessments/{id}", get(pages::show::show))
        .route("/assessments/{id}/finalise", post(pages::show::finalise))
        .route("/assessments/{id}/scores.xlsx", get(pages::show::export))
        .route(
            "/assessments/{id}/subjects/{subject_id}",
            get(pages::subject::show),
        )
        .route(
            "/assessments/{id}/subjects/{subject_id}/adjustment",
            post(pages::subject::adjust),
        )
        .routes(routes!(
            api::assessments::list_assessments,
            api::assessments::open_assessment
        ))
        .routes(routes!(api::assessments::show_assessment))
        .routes(routes!(api::assessments::show_score))
        .routes(routes!(api::assessments::adjust_score))
        .routes(routes!(api::assessments::finalise_assessment))
        .routes(routes!(
            api::incentives::list_incentives,
            api::incentives::add_incentive
        ))
}
