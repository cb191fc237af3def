//! The JSON API under `/api/v1`: the same operations as the pages, for scripts and
//! other systems. Authenticate with a personal access token
//! (`Authorization: Bearer cx_…`) or, from a page, the session cookie plus the
//! `X-CSRF-Token` header. The OpenAPI document is at `/api/v1/openapi.json`.

mod audit;
mod me;
mod organisation;
mod people;

use crate::AppState;
use axum::Json;
use axum::Router;
use axum::routing::{get, post};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "chuangxian API", description = "创先争优 campaign system"),
    paths(
        me::me,
        organisation::organisation,
        organisation::plan,
        people::list,
        people::import,
        audit::entries,
    ),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .route("/me", get(me::me))
        .route("/organisations/{id}", get(organisation::organisation))
        .route("/organisations/{id}/plan", get(organisation::plan))
        .route("/organisations/{id}/people", get(people::list))
        .route("/organisations/{id}/roster", post(people::import))
        .route("/audit", get(audit::entries))
}
