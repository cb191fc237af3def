//! Times are stored as UTC text with whole seconds, which sorts and compares the
//! same way in both databases.

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
