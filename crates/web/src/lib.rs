//! The HTTP edge of chuangxian: server-rendered pages (askama + htmx) and the JSON
//! API under `/api/v1`, over the same store. Web knows no SQL: it calls the store.

pub mod api;
mod board_cache;
pub mod campaign;
pub mod demo;
pub mod demo_campaign;
mod demo_study;
pub mod evaluation;
pub mod http;
pub(crate) mod pages;
pub mod roster;
pub mod study;
mod study_sheet;

pub use http::context::Ctx;
pub use http::error::AppError;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use std::sync::Arc;
use std::time::Duration;
use store::Store;
use store::evaluation::ballot_box::BallotBox;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The largest request body: a roster upload with room to spare.
pub const MAX_BODY: usize = 5 * 1024 * 1024;

/// The largest roster file the import takes (the body limit above it covers the
/// rest of a form).
pub fn pages_max_upload() -> usize {
    pages::MAX_UPLOAD
}

/// Settings of a running server.
#[derive(Clone, Debug)]
pub struct Config {
    /// Cookies get `Secure` when the site is served over TLS (directly or by a proxy).
    pub secure_cookies: bool,
    /// Set when running the demo: pages say so, and by how many years the demo
    /// moved the source plan's dates.
    pub demo_shift_years: Option<i32>,
    /// The local time of the campaign's users: times typed into forms mean it,
    /// and pages show it. China Standard Time unless told otherwise.
    pub utc_offset: time::UtcOffset,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            secure_cookies: false,
            demo_shift_years: None,
            utc_offset: CHINA_STANDARD_TIME,
        }
    }
}

/// UTC+8, the default local time.
pub const CHINA_STANDARD_TIME: time::UtcOffset = time::macros::offset!(+8);

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub i18n: Arc<http::i18n::I18n>,
    pub config: Arc<Config>,
    pub boards: Arc<board_cache::BoardCache>,
    pub ballot_box: BallotBox,
    pub results: Arc<evaluation::ResultCache>,
    pub rounds: Arc<evaluation::RoundCache>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> AppState {
        AppState {
            i18n: Arc::new(http::i18n::I18n::in_zone(config.utc_offset)),
            config: Arc::new(config),
            boards: Arc::default(),
            ballot_box: BallotBox::start(store.clone()),
            results: Arc::default(),
            rounds: Arc::default(),
            store,
        }
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .merge(http::statics::routes())
        .fallback(|| async { AppError::NotFound })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::text_guard::refuse,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::csrf::check,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::error::render,
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
