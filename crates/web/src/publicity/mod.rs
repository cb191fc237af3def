//! Publicity (宣传, 七.2): an organisation's news (新闻) and bulletins (简报),
//! written in Markdown with a preview, reviewed by the branch's secretary or
//! the office over it, published on the portal and in its Atom feed, printed
//! on A4 (a bulletin under its masthead) and listed in a workbook; and the
//! publicity plan (宣传规划) of what is published by when, on which channel.

mod api;
mod pages;

pub use pages::public::fresh_answer as fresh_news;
pub mod plan;
pub mod rules;
pub mod writing;

use crate::http::state::AppState;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use pages::public::{feed_link, feeds};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/organisations/{id}/publications", get(pages::list::list))
        .route(
            "/organisations/{id}/publications.xlsx",
            get(pages::list::export),
        )
        .route(
            "/organisations/{id}/publications/new",
            get(pages::form::new).post(pages::form::create),
        )
        .route("/publications/{id}", get(pages::show::show))
        .route(
            "/publications/{id}/edit",
            get(pages::form::edit).post(pages::form::update),
        )
        .route(
            "/publications/{id}/steps",
            axum::routing::post(pages::show::step),
        )
        .route("/publications/{id}/print", get(pages::show::print))
        .route("/publication-images/{id}", get(pages::show::image))
        .route(
            "/organisations/{id}/publicity-plan",
            get(pages::plan::show).post(pages::plan::add),
        )
        .route(
            "/organisations/{id}/publicity-plan.xlsx",
            get(pages::plan::export),
        )
        .route(
            "/publicity-items/{id}/publication",
            axum::routing::post(pages::plan::link),
        )
        .route("/p/{id}/news", get(pages::public::news))
        .route("/p/{id}/news.atom", get(pages::feed::news))
        .route("/p/publications/{id}", get(pages::public::item))
        .routes(routes!(
            api::publications::list_publications,
            api::publications::write_publication
        ))
        .routes(routes!(
            api::publications::show_publication,
            api::publications::edit_publication
        ))
        .routes(routes!(api::publications::step_publication))
        .routes(routes!(api::plan::list_items, api::plan::add_item))
        .routes(routes!(api::plan::link_item))
}
