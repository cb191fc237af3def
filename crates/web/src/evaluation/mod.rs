//! Mass evaluation (群众评议): rounds an organisation runs over its members or
//! the branches below it, anonymous codes handed out on slips or by message,
//! voting on a phone or on paper, closing, results above a minimum, the public
//! receipt board, and rectification raised from a result.

mod api;
pub mod cache;
pub mod closing;
pub mod codes;
pub mod manage;
mod pages;
pub mod round;
pub mod rules;
mod sheet;
pub mod voting;

use crate::http::state::AppState;
use axum::response::Redirect;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/organisations/{id}/evaluations", get(pages::list::list))
        .route(
            "/organisations/{id}/evaluations/new",
            get(pages::new::new_form).post(pages::new::create),
        )
        .route("/evaluations/{id}", get(pages::show::show))
        .route("/evaluations/{id}/close", post(pages::manage::close_now))
        .route("/evaluations/{id}/forums", post(pages::manage::add_forum))
        .route(
            "/evaluations/{id}/opinions",
            post(pages::manage::add_opinion),
        )
        .route(
            "/evaluations/{id}/publication",
            post(pages::manage::set_publication),
        )
        .route(
            "/evaluations/{id}/feedback",
            post(pages::manage::set_feedback),
        )
        .route("/evaluations/{id}/slips", post(pages::codes::slips))
        .route("/evaluations/{id}/deliveries", post(pages::codes::deliver))
        .route("/evaluations/{id}/revocations", post(pages::codes::revoke))
        .route(
            "/evaluations/{id}/paper",
            get(pages::paper::form).post(pages::paper::cast),
        )
        .route("/evaluations/{id}/paper/open", post(pages::paper::open))
        .route(
            "/evaluations/{id}/targets/{target}",
            get(pages::target::target),
        )
        .route(
            "/evaluations/{id}/targets/{target}/rectifications",
            post(pages::target::raise),
        )
        .route("/evaluations/{id}/notice", get(pages::notice::notice))
        .route("/evaluations/{id}/results.xlsx", get(pages::notice::export))
        .route("/evaluations/{id}/public", get(pages::public::public))
        .route("/p/{id}/results.atom", get(pages::feed::results))
        .route("/vote", get(pages::vote::start).post(pages::vote::open))
        .route("/vote/cast", post(pages::vote::cast))
        .routes(routes!(api::rounds::list_rounds, api::rounds::create_round))
        .routes(routes!(api::rounds::show_round))
        .routes(routes!(api::rounds::close_round))
        .routes(routes!(api::codes::issue_codes))
        // The old name of the codes' operation; a 308 keeps the method and body.
        .route(
            "/api/v1/evaluations/{id}/tokens",
            post(
                |axum::extract::Path(id): axum::extract::Path<i64>| async move {
                    Redirect::permanent(&format!("/api/v1/evaluations/{id}/codes"))
                },
            ),
        )
        .routes(routes!(api::codes::revoke_codes))
        .routes(routes!(api::results::show_results))
        .routes(routes!(api::results::list_receipts))
        .routes(routes!(api::results::raise_result_rectification))
        .routes(routes!(api::records::add_forum))
        .routes(routes!(api::records::add_solicited_opinion))
        .routes(routes!(api::records::set_publication))
        .routes(routes!(api::records::set_feedback))
        .routes(routes!(api::vote::open_ballot_by_code))
        .routes(routes!(api::vote::cast_ballot))
}
