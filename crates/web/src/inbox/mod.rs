//! Notices: each person's inbox of what waits for them, and the outbox of
//! messages for outside channels, sent by e-mail and SMS where configured.

mod api;
pub mod channels;
mod pages;

use crate::http::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/inbox", get(pages::list::list))
        .route("/inbox/{id}/read", post(pages::list::mark_read))
        .route("/admin/outbox", get(pages::outbox::show))
        .route("/admin/outbox.xlsx", get(pages::outbox::export))
        .route("/admin/outbox/{id}/resend", post(pages::outbox::resend))
        .route(
            "/organisations/{id}/messages",
            get(pages::group::form).post(pages::group::send),
        )
        .routes(routes!(api::outbox::list_outbox))
        .routes(routes!(api::outbox::resend_outbox_message))
}
