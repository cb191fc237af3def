//! Public pages read far more often than they change (a branch's board, an
//! organisation's portal) are kept rendered on each server, one copy per
//! organisation and language (the board's also compressed, see
//! `precompressed`). A copy younger than a second is served as it
//! is; an older one is served if the page's version in the database has not
//! moved; otherwise the page is rendered again. A change made through this
//! server drops its copies at once; one made through another server shows
//! here within a second. No copy outlives a minute, so what changes with the
//! clock alone (a round closing at its hour, the phase of the day) shows too.
//!
//! The portal and the news list are checked against the last change recorded
//! anywhere ([`shared_page`]); a copy is kept for visitors without an
//! account, the CSRF token of the language form put in as each is served.

use crate::http::context::{CSRF_COOKIE, Ctx, csrf_cookie, set_cookie, visitor_get};
use crate::http::error::AppError;
use crate::http::headers::page_headers;
use crate::http::i18n::Locale;
use crate::http::precompressed::Rendered;
use crate::http::state::{AppState, Shared};
use axum::body::Bytes;
use axum::response::{Html, IntoResponse, Response};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const FRESH: Duration = Duration::from_secs(1);
const MAX_AGE: Duration = Duration::from_secs(60);

/// What a cached page holds where each visitor's CSRF token goes.
pub const CSRF_SLOT: &str = "__cx_csrf_slot__";

/// A copy's organisation, language and variant (a filter of the page, say).
type Key = (i64, Locale, &'static str);

struct Copy {
    version: i64,
    rendered: Instant,
    checked: Instant,
    page: Rendered,
}

/// The copies of one kind of page: `P` names the kind.
pub struct PageCache<P> {
    copies: Mutex<HashMap<Key, Copy>>,
    kind: PhantomData<fn() -> P>,
}

impl<P: 'static> Shared for PageCache<P> {
    fn start(_: &store::Store) -> PageCache<P> {
        PageCache {
            copies: Mutex::default(),
            kind: PhantomData,
        }
    }
}

impl<P> PageCache<P> {
    /// The copy, if it was checked within the last second.
    pub fn fresh(&self, org: i64, locale: Locale, variant: &'static str) -> Option<Rendered> {
        let copies = self.copies.lock().ok()?;
        copies
            .get(&(org, locale, variant))
            .filter(|c| c.checked.elapsed() < FRESH && c.rendered.elapsed() < MAX_AGE)
            .map(|c| c.page.clone())
    }

    /// The copy, if it shows `version`; marks it checked now.
    pub fn at_version(
        &self,
        org: i64,
        locale: Locale,
        variant: &'static str,
        version: i64,
    ) -> Option<Rendered> {
        let mut copies = self.copies.lock().ok()?;
        let copy = copies
            .get_mut(&(org, locale, variant))
            .filter(|c| c.version == version && c.rendered.elapsed() < MAX_AGE)?;
        copy.checked = Instant::now();
        Some(copy.page.clone())
    }

    pub fn keep(
        &self,
        org: i64,
        locale: Locale,
        variant: &'static str,
        version: i64,
        page: Rendered,
    ) {
        if let Ok(mut copies) = self.copies.lock() {
            let now = Instant::now();
            copies.insert(
                (org, locale, variant),
                Copy {
                    version,
                    rendered: now,
                    checked: now,
                    page,
                },
            );
        }
    }

    /// Drops every copy of an organisation's page after a change made here.
    pub fn forget(&self, org: i64) {
        if let Ok(mut copies) = self.copies.lock() {
            copies.retain(|(o, _, _), _| *o != org);
        }
    }
}

/// A visitor's answer from a fresh shared copy, made before the layers (see
/// `commitment::board_cache`): their form token put in its slot (a new one,
/// and its cookie, for a first visit), with a page's security headers.
pub fn fresh_for_visitor<P: 'static>(
    state: &AppState,
    req: &axum::extract::Request,
    org: i64,
    variant: &'static str,
) -> Option<Response> {
    let locale = visitor_get(req)?;
    let page = state.shared::<PageCache<P>>().fresh(org, locale, variant)?;
    let known = csrf_cookie(req.headers());
    let token = match known {
        Some(t) => t.to_string(),
        None => store::random_hex(32).ok()?,
    };
    let mut res = with_csrf(&page, &token).into_response();
    page_headers(res.headers_mut());
    if known.is_none() {
        res.headers_mut().append(
            axum::http::header::SET_COOKIE,
            set_cookie(
                CSRF_COOKIE,
                &token,
                60 * 60 * 24,
                state.config.secure_cookies,
            ),
        );
    }
    Some(res)
}

/// A cached page with the visitor's CSRF token in its slot.
fn with_csrf(page: &Rendered, csrf: &str) -> Html<String> {
    Html(String::from_utf8_lossy(&page.html).replace(CSRF_SLOT, csrf))
}

/// A public page whose copy visitors without an account share, checked
/// against the last recorded change; `render` writes it with the CSRF token
/// it is given. A signed-in reader, or one with a message to see, gets it
/// rendered for them.
pub async fn shared_page<P: 'static, F, Fut>(
    state: &AppState,
    ctx: &Ctx,
    org: i64,
    variant: &'static str,
    render: F,
) -> Result<Response, AppError>
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = Result<String, AppError>>,
{
    if ctx.account.is_some() || ctx.flash.is_some() {
        return Ok(Html(render(ctx.csrf().to_string()).await?).into_response());
    }
    let cache = state.shared::<PageCache<P>>();
    if let Some(html) = cache.fresh(org, ctx.locale, variant) {
        return Ok(with_csrf(&html, ctx.csrf()).into_response());
    }
    // Read before rendering, so that a change made meanwhile is seen on the
    // next check.
    let version = state.store.last_change().await?;
    if let Some(html) = cache.at_version(org, ctx.locale, variant, version) {
        return Ok(with_csrf(&html, ctx.csrf()).into_response());
    }
    let page = Rendered::plain(Bytes::from(render(CSRF_SLOT.to_string()).await?));
    cache.keep(org, ctx.locale, variant, version, page.clone());
    Ok(with_csrf(&page, ctx.csrf()).into_response())
}
