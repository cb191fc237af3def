//! Times are stored as UTC text with whole seconds, which sorts and compares the
//! same way in both databases.

use crate::{Result, StoreError};
use domain::date::Day;
use time::OffsetDateTime;
use time::macros::format_description;

/// `t` as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn time_text(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    t.format(format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
    ))
    .unwrap_or_default()
}

/// Now, as stored text.
pub fn now_text() -> String {
    time_text(OffsetDateTime::now_utc())
}

/// Reads a stored time back.
pub fn parse_time_text(text: &str) -> Option<OffsetDateTime> {
    time::PrimitiveDateTime::parse(
        text,
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z"),
    )
    .ok()
    .map(time::PrimitiveDateTime::assume_utc)
}

/// Reads a stored day (`YYYY-MM-DD`) back.
pub(crate) fn parse_day(text: String) -> Result<Day> {
    Day::parse_iso(&text).ok_or(StoreError::Corrupt(text))
}

/// Reads a stored day that may be absent.
pub(crate) fn parse_optional_day(text: Option<String>) -> Result<Option<Day>> {
    text.map(parse_day).transpose()
}
