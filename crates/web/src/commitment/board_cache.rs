//! The public board is read far more often than it changes, so each server keeps
//! it rendered. A copy younger than a second is served as it is; an older one is
//! served if the board's version in the database has not moved; otherwise the
//! board is rendered again. A change made through this server drops its copy at
//! once; one made through another server shows here within a second.

use crate::http::i18n::Locale;
use crate::http::state::Shared;
use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const FRESH: Duration = Duration::from_secs(1);

struct Copy {
    version: i64,
    checked: Instant,
    html: Bytes,
}

#[derive(Default)]
pub struct BoardCache {
    copies: Mutex<HashMap<(i64, Locale), Copy>>,
}

impl Shared for BoardCache {
    fn start(_: &store::Store) -> BoardCache {
        BoardCache::default()
    }
}

impl BoardCache {
    /// The copy, if it was checked within the last second.
    pub fn fresh(&self, org: i64, locale: Locale) -> Option<Bytes> {
        let copies = self.copies.lock().ok()?;
        copies
            .get(&(org, locale))
            .filter(|c| c.checked.elapsed() < FRESH)
            .map(|c| c.html.clone())
    }

    /// The copy, if it shows `version`; marks it checked now.
    pub fn at_version(&self, org: i64, locale: Locale, version: i64) -> Option<Bytes> {
        let mut copies = self.copies.lock().ok()?;
        let copy = copies
            .get_mut(&(org, locale))
            .filter(|c| c.version == version)?;
        copy.checked = Instant::now();
        Some(copy.html.clone())
    }

    pub fn keep(&self, org: i64, locale: Locale, version: i64, html: Bytes) {
        if let Ok(mut copies) = self.copies.lock() {
            copies.insert(
                (org, locale),
                Copy {
                    version,
                    checked: Instant::now(),
                    html,
                },
            );
        }
    }

    /// Drops every copy of a branch's board after a change made here.
    pub fn forget(&self, org: i64) {
        if let Ok(mut copies) = self.copies.lock() {
            copies.retain(|(o, _), _| *o != org);
        }
    }
}
