//! This server's rendered copies of the public boards, checked by each
//! board's version (see `http::page_cache`), and the short way a visitor's
//! request reaches a fresh one.

use crate::http::context::visitor_get;
use crate::http::headers::page_headers;
use crate::http::page_cache::PageCache;
use crate::http::state::AppState;
use axum::extract::Request;
use axum::response::Response;

/// Names the boards' copies among the cached pages.
pub struct Boards;

pub type BoardCache = PageCache<Boards>;

/// A board is the page a whole branch's phones open at once, and its copy
/// changes at most once a second: a visitor without a session asking for a
/// board whose copy is fresh gets it before the layers every other request
/// passes (context, CSRF, error pages, compression, timeouts), with the same
/// security headers. Anything else goes on as usual, and the usual way
/// renders and keeps the copy.
pub fn fresh_answer(state: &AppState, req: &Request) -> Option<Response> {
    let id: i64 = req.uri().path().strip_prefix("/board/")?.parse().ok()?;
    let locale = visitor_get(req)?;
    let page = state.shared::<BoardCache>().fresh(id, locale, "")?;
    let mut res = page.response(req.headers());
    page_headers(res.headers_mut());
    Some(res)
}
