//! The HTTP edge of chuangxian: server-rendered pages (askama + htmx) and the JSON
//! API under `/api/v1`, over the same store. Web knows no SQL: it calls the store.

pub mod account;
pub mod audit;
pub mod commitment;
pub mod demo;
pub mod demo_campaign;
mod demo_study;
pub mod evaluation;
pub mod http;
pub mod inbox;
pub mod organisation;
pub mod person;
pub mod plan;
pub mod review;
pub mod startup;
pub mod study;

pub use http::context::Ctx;
pub use http::error::AppError;

pub use http::clock::CHINA_STANDARD_TIME;
pub use http::state::{AppState, Config, MAX_BODY};
pub use startup::Application;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::{Json, Router};
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa_axum::router::OpenApiRouter;

/// The largest roster file the import takes (the body limit above it covers the
/// rest of a form).
pub fn pages_max_upload() -> usize {
    person::roster::MAX_UPLOAD
}

/// Every area's pages and API operations, and the OpenAPI document they make.
fn areas() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (routes, openapi) = OpenApiRouter::with_openapi(http::api_doc::frame())
        .merge(account::routes())
        .merge(audit::routes())
        .merge(commitment::routes())
        .merge(evaluation::routes())
        .merge(inbox::routes())
        .merge(organisation::routes())
        .merge(person::routes())
        .merge(plan::routes())
        .merge(review::routes())
        .merge(study::routes())
        .split_for_parts();
    (routes, http::api_doc::finish(openapi))
}

/// The OpenAPI document of every operation.
pub fn openapi() -> utoipa::openapi::OpenApi {
    areas().1
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let (areas, openapi) = areas();
    let openapi = Arc::new(openapi);
    Router::new()
        .merge(areas)
        .route(
            "/api/v1/openapi.json",
            get(move || async move { Json(openapi.as_ref().clone()) }),
        )
        .merge(http::statics::routes())
        .fallback(|| async { AppError::NotFound })
        .layer(axum::middleware::from_fn(http::text_guard::refuse))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::csrf::check,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::error_page::render,
        ))
        .layer(axum::middleware::from_fn(http::headers::secure))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::context::load,
        ))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::X_CONTENT_TYPE_OPTIONS,
            axum::http::HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::X_FRAME_OPTIONS,
            axum::http::HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::REFERRER_POLICY,
            axum::http::HeaderValue::from_static("same-origin"),
        ))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                // The path only: query strings may carry tokens one day.
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
            }),
        )
        .with_state(state)
}
