//! A list a page at a time: the query every paged API list takes.

use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
pub struct PageQuery {
    /// From 1.
    pub page: Option<i64>,
    /// At most 500.
    pub per_page: Option<i64>,
}

impl PageQuery {
    /// The page asked for, and its size: `default` when not given, 500 at most.
    pub fn get(&self, default: i64) -> (i64, i64) {
        (
            self.page.unwrap_or(1),
            self.per_page.unwrap_or(default).clamp(1, 500),
        )
    }
}
