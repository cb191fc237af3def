//! Commitments (公开承诺): a member's and a branch's promises under the plan's
//! standards, their approval, progress with evidence, the public board with the
//! masses' opinions, and the A4 poster.

mod api;
pub mod board;
pub mod board_cache;
pub mod opinion;
mod pages;
pub mod rules;
mod sheet;

use crate::http::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route(
            "/commitments",
            get(pages::edit::mine).post(pages::edit::save_mine),
        )
        .route(
            "/organisations/{id}/commitment",
            get(pages::edit::branch).post(pages::edit::save_branch),
        )
        .route(
            "/commitments/{id}/items/{key}/progress",
            post(pages::progress::record),
        )
        .route("/commitments/{id}/follow", post(pages::follow::follow))
        .route("/commitments/{id}/decision", post(pages::decide::decide))
        .route("/organisations/{id}/commitments", get(pages::list::list))
        .route(
            "/organisations/{id}/commitments.xlsx",
            get(pages::list::export),
        )
        .route(
            "/organisations/{id}/opinions.xlsx",
            get(pages::opinions::export),
        )
        .route("/opinions/{id}/moderate", post(pages::opinions::moderate))
        .route("/opinions/{id}/reply", post(pages::opinions::reply))
        .route("/board/{id}", get(pages::board::board))
        .route("/board/{id}/opinions", post(pages::board::leave_opinion))
        .route("/board/{id}/poster", get(pages::board::poster))
        .route("/evidence/{id}", get(pages::evidence::evidence))
        .routes(routes!(
            api::mine::my_commitment,
            api::mine::save_my_commitment
        ))
        .routes(routes!(api::list::list_commitments))
        .routes(routes!(api::decide::decide_commitment))
        .routes(routes!(api::progress::record_progress))
        .routes(routes!(api::board::show_board))
        .routes(routes!(api::opinions::leave_opinion))
        .routes(routes!(api::opinions::pending_opinions))
        .routes(routes!(api::opinions::moderate_opinion))
        .routes(routes!(api::opinions::reply_to_opinion))
}
