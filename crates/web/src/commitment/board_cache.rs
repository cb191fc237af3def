//! This server's rendered copies of the public boards, checked by each
//! board's version (see `http::page_cache`).

use crate::http::page_cache::PageCache;

/// Names the boards' copies among the cached pages.
pub struct Boards;

pub type BoardCache = PageCache<Boards>;
