//! Selection and commendation (评选表彰), step 4 after the assessment. The
//! deciding organisation's office opens a selection of one of the plan's
//! titles; branches nominate their members (or the office its branches), each
//! nomination climbing branch → office → the deciders under the plan's
//! quotas; the shortlist goes into 公示 on the public pages, where anyone may
//! object; after it the office records the decision, and the candidates gain
//! the honour, with a certificate. Exemplary cases (先进典型) are published
//! beside them.

mod api;
pub mod case;
pub mod nominating;
pub mod objection;
mod pages;
pub mod rules;
pub mod selection;
mod sheet;

use crate::http::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route(
            "/organisations/{id}/selections",
            get(pages::selections::list).post(pages::selections::open),
        )
        .route("/selections/{id}", get(pages::selection::show))
        .route(
            "/selections/{id}/nominations",
            post(pages::selection::nominate),
        )
        .route(
            "/selections/{id}/nominations.xlsx",
            get(pages::selection::export),
        )
        .route(
            "/selections/{id}/publicity",
            post(pages::selection::publicise),
        )
        .route("/selections/{id}/extension", post(pages::selection::extend))
        .route(
            "/selections/{id}/commendation",
            post(pages::selection::commend),
        )
        .route("/selections/{id}/decision", get(pages::print::decision))
        .route("/selections/{id}/objections", get(pages::objections::list))
        .route(
            "/selections/{id}/objections.xlsx",
            get(pages::objections::export),
        )
        .route("/objections/{id}/outcome", post(pages::objections::handle))
        .route("/nominations/{id}", get(pages::nomination::show))
        .route("/nominations/{id}/steps", post(pages::nomination::step))
        .route("/nomination-files/{id}", get(pages::nomination::file))
        .route("/honours/{id}", get(pages::honours::show))
        .route("/honours/{id}/certificate", get(pages::print::certificate))
        .route(
            "/organisations/{id}/honours.xlsx",
            get(pages::honours::export),
        )
        .route(
            "/organisations/{id}/cases",
            get(pages::cases::list).post(pages::cases::write),
        )
        .route("/cases/{id}", get(pages::cases::show))
        .route("/cases/{id}/review", post(pages::cases::review))
        .route("/case-files/{id}", get(pages::cases::file))
        .route("/p/{id}/publicity", get(pages::public::publicity))
        .route("/p/{id}/honours", get(pages::public::honours))
        .route("/p/{id}/honours.atom", get(pages::feed::honours))
        .route("/p/{id}/cases", get(pages::public::cases))
        .route("/p/selections/{id}", get(pages::public::notice))
        .route("/p/selections/{id}/notice", get(pages::print::notice))
        .route("/p/selections/{id}/objections", post(pages::public::object))
        .routes(routes!(
            api::selections::list_selections,
            api::selections::open_selection
        ))
        .routes(routes!(api::selections::show_selection))
        .routes(routes!(api::selections::nominate))
        .routes(routes!(api::selections::open_publicity))
        .routes(routes!(api::selections::extend_publicity))
        .routes(routes!(api::selections::commend))
        .routes(routes!(api::nominations::step_nomination))
        .routes(routes!(api::nominations::list_objections))
        .routes(routes!(api::nominations::handle_objection))
        .routes(routes!(api::honours::list_honours))
        .routes(routes!(api::honours::list_cases, api::honours::write_case))
        .routes(routes!(api::honours::review_case))
}
