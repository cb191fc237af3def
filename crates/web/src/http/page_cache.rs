//! Public pages read far more often than they change (a branch's board, an
//! organisation's portal) are kept rendered on each server, one copy per
//! organisation and language. A copy younger than a second is served as it
//! is; an older one is served if the page's version in the database has not
//! moved; otherwise the page is rendered again. A change made through this
//! server drops its copies at once; one made through another server shows
//! here within a second. No copy outlives a minute, so what changes with the
//! clock alone (a round closing at its hour, the phase of the day) shows too.
//!
//! A copy is kept for visitors without an account: the CSRF token of the
//! language form is put in as each request is served.

use crate::http::i18n::Locale;
use crate::http::state::Shared;
use axum::body::Bytes;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const FRESH: Duration = Duration::from_secs(1);
const MAX_AGE: Duration = Duration::from_secs(60);

/// What a cached page holds where each visitor's CSRF token goes.
pub const CSRF_SLOT: &str = "__cx_csrf_slot__";

struct Copy {
    version: i64,
    rendered: Instant,
    checked: Instant,
    html: Bytes,
}

/// The copies of one kind of page: `P` names the kind.
pub struct PageCache<P> {
    copies: Mutex<HashMap<(i64, Locale), Copy>>,
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
    pub fn fresh(&self, org: i64, locale: Locale) -> Option<Bytes> {
        let copies = self.copies.lock().ok()?;
        copies
            .get(&(org, locale))
            .filter(|c| c.checked.elapsed() < FRESH && c.rendered.elapsed() < MAX_AGE)
            .map(|c| c.html.clone())
    }

    /// The copy, if it shows `version`; marks it checked now.
    pub fn at_version(&self, org: i64, locale: Locale, version: i64) -> Option<Bytes> {
        let mut copies = self.copies.lock().ok()?;
        let copy = copies
            .get_mut(&(org, locale))
            .filter(|c| c.version == version && c.rendered.elapsed() < MAX_AGE)?;
        copy.checked = Instant::now();
        Some(copy.html.clone())
    }

    pub fn keep(&self, org: i64, locale: Locale, version: i64, html: Bytes) {
        if let Ok(mut copies) = self.copies.lock() {
            let now = Instant::now();
            copies.insert(
                (org, locale),
                Copy {
                    version,
                    rendered: now,
                    checked: now,
                    html,
                },
            );
        }
    }

    /// Drops every copy of an organisation's page after a change made here.
    pub fn forget(&self, org: i64) {
        if let Ok(mut copies) = self.copies.lock() {
            copies.retain(|(o, _), _| *o != org);
        }
    }
}

/// A cached page with the visitor's CSRF token in its slot.
pub fn with_csrf(html: &Bytes, csrf: &str) -> String {
    String::from_utf8_lossy(html).replace(CSRF_SLOT, csrf)
}
