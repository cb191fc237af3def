//! Assets embedded in the binary: the stylesheet, our scripts and vendored htmx.
//! No CDN.

use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;

const CSS: &str = include_str!("../../static/app.css");
const HTMX: &str = include_str!("../../static/vendor/htmx/htmx.min.js");
const VOTE: &str = include_str!("../../static/vote.js");
const APP: &str = include_str!("../../static/app.js");

pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route(
            "/static/app.css",
            get(|| async { asset("text/css; charset=utf-8", CSS) }),
        )
        .route(
            "/static/htmx.min.js",
            get(|| async { asset("text/javascript; charset=utf-8", HTMX) }),
        )
        .route(
            "/static/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", APP) }),
        )
        .route(
            "/static/vote.js",
            get(|| async { asset("text/javascript; charset=utf-8", VOTE) }),
        )
        .route("/healthz", get(|| async { "ok" }))
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, content_type),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}
