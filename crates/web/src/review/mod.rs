//! Leader reviews (领导点评) and rectification (整改). A leader of a superior
//! reviews a branch or a member: achievements, problems, direction. It is
//! private to the reviewer, the reviewed side and the branch leadership until
//! the leader publishes it. The reviewed side replies; each problem can become a
//! rectification item with an owner and a due date, which only the reviewer or
//! the branch leadership closes.

mod api;
mod pages;
pub mod rectification;
pub mod rules;
mod sheet;
pub mod writing;

use crate::http::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/organisations/{id}/reviews", get(pages::list::list))
        .route(
            "/organisations/{id}/reviews/new",
            get(pages::new::new_form).post(pages::new::create),
        )
        .route(
            "/organisations/{id}/rectifications.xlsx",
            get(pages::list::export_rectifications),
        )
        .route(
            "/organisations/{id}/reviews.xlsx",
            get(pages::list::export_reviews),
        )
        .route("/reviews/{id}", get(pages::show::show))
        .route("/reviews/{id}/replies", post(pages::reply::reply))
        .route("/reviews/{id}/publish", post(pages::publish::publish))
        .route("/reviews/{id}/rectifications", post(pages::raise::raise))
        .route("/rectifications/{id}", post(pages::rectification::report))
        .route(
            "/rectifications/{id}/close",
            post(pages::rectification::close),
        )
        .route("/rectification-files/{id}", get(pages::rectification::file))
        .routes(routes!(
            api::reviews::list_reviews,
            api::reviews::create_review
        ))
        .routes(routes!(api::reviews::show_review))
        .routes(routes!(api::reviews::reply_to_review))
        .routes(routes!(api::reviews::publish_review))
        .routes(routes!(api::rectifications::raise_rectification))
        .routes(routes!(api::rectifications::list_rectifications))
        .routes(routes!(api::rectifications::report_rectification))
        .routes(routes!(api::rectifications::close_rectification))
}
