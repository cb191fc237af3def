//! The rule library (长效机制, 七.4): the rules (制度) a branch turns its good
//! practice into, each with its versions, the day each takes effect and the
//! practice it came from; versions compared line by line; printed on A4,
//! listed in a workbook, the public ones in force on the portal.

mod api;
mod pages;
pub mod rules;
pub mod writing;

use crate::http::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route(
            "/organisations/{id}/rules",
            get(pages::list::list).post(pages::list::write),
        )
        .route("/organisations/{id}/rules.xlsx", get(pages::list::export))
        .route("/rules/{id}", get(pages::show::show))
        .route("/rules/{id}/print", get(pages::show::print))
        .route("/rules/{id}/versions", post(pages::versions::add))
        .route("/rules/{id}/repeal", post(pages::versions::repeal))
        .route("/rule-versions/{id}", post(pages::versions::edit))
        .route("/rule-versions/{id}/adoption", post(pages::versions::adopt))
        .route("/p/{id}/rules", get(pages::public::list))
        .routes(routes!(api::rules::list_rules, api::rules::write_rule))
        .routes(routes!(api::rules::show_rule))
        .routes(routes!(api::rules::add_version))
        .routes(routes!(api::rules::adopt_version))
        .routes(routes!(api::rules::repeal_rule))
        .routes(routes!(api::rules::diff_rule))
}
