//! Accounts: signing in and out, the interface language, a person's own
//! settings (password, access tokens), and who an API caller is.

mod api;
mod pages;

use crate::http::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/login", get(pages::login::form).post(pages::login::submit))
        .route("/logout", post(pages::login::logout))
        .route(
            "/lang",
            post(pages::language::switch).get(pages::language::switch_link),
        )
        .route("/account", get(pages::settings::show))
        .route("/account/password", post(pages::settings::change_password))
        .route("/account/notifications", post(pages::notifications::save))
        .route("/account/tokens", post(pages::settings::create_token))
        .route(
            "/account/tokens/{id}/revoke",
            post(pages::settings::revoke_token),
        )
        .routes(routes!(api::me::me))
}
