//! This server's rendered copies of the public boards, checked by each
//! board's version (see `http::page_cache`), and the short way a visitor's
//! request reaches a fresh one.

use crate::http::context::{FLASH_COOKIE, LANG_COOKIE, SESSION_COOKIE, cookie};
use crate::http::headers::page_headers;
use crate::http::i18n::Locale;
use crate::http::page_cache::PageCache;
use crate::http::state::AppState;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

/// Names the boards' copies among the cached pages.
pub struct Boards;

pub type BoardCache = PageCache<Boards>;

/// A board is the page a whole branch's phones open at once, and its copy
/// changes at most once a second: a visitor without a session asking for a
/// board whose copy is fresh gets it here, before the layers every other
/// request passes (context, CSRF, error pages, compression, timeouts), with
/// the same security headers. Anything else goes on as usual, and the usual
/// way renders and keeps the copy.
pub async fn serve_fresh(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if let Some(page) = fresh_copy(&state, &req) {
        let mut res = page.response(req.headers());
        page_headers(res.headers_mut());
        return res;
    }
    next.run(req).await
}

fn fresh_copy(state: &AppState, req: &Request) -> Option<crate::http::precompressed::Rendered> {
    if req.method() != Method::GET || req.uri().query().is_some() {
        return None;
    }
    let id: i64 = req.uri().path().strip_prefix("/board/")?.parse().ok()?;
    let headers = req.headers();
    if cookie(headers, SESSION_COOKIE).is_some() || cookie(headers, FLASH_COOKIE).is_some() {
        return None;
    }
    let locale = cookie(headers, LANG_COOKIE)
        .and_then(Locale::parse)
        .unwrap_or_default();
    state.shared::<BoardCache>().fresh(id, locale, "")
}
