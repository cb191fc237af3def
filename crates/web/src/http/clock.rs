//! The one clock of the campaign's users: today and now in their zone
//! (`--utc-offset`, China Standard Time by default), and times as they read
//! them. Stored times stay UTC; a day starts at local midnight.

use domain::date::Day;
use time::{OffsetDateTime, UtcOffset};

/// UTC+8, the default local time.
pub const CHINA_STANDARD_TIME: UtcOffset = time::macros::offset!(+8);

/// Today where the campaign's users live.
pub fn today(offset: UtcOffset) -> Day {
    Day(now(offset).date())
}

/// Now, in the users' zone.
pub fn now(offset: UtcOffset) -> OffsetDateTime {
    OffsetDateTime::now_utc().to_offset(offset)
}

/// A time as the users read it: `2026-12-02 03:21` in their zone.
pub fn local_time(t: OffsetDateTime, offset: UtcOffset) -> String {
    let t = t.to_offset(offset);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// A stored UTC time as the users read it; text that is not a stored time is
/// shown as it is.
pub fn local_text(stored: &str, offset: UtcOffset) -> String {
    store::parse_time_text(stored).map_or_else(|| stored.to_string(), |t| local_time(t, offset))
}

/// The local day a stored UTC time falls on.
pub fn local_day(stored: &str, offset: UtcOffset) -> Option<Day> {
    store::parse_time_text(stored).map(|t| Day(t.to_offset(offset).date()))
}

/// A time as a `datetime-local` input's value.
pub fn input_time(t: OffsetDateTime, offset: UtcOffset) -> String {
    local_time(t, offset).replace(' ', "T")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    #[test]
    fn a_utc_evening_is_the_next_morning_in_beijing() {
        let cst = offset!(+8);
        let t = datetime!(2026-12-01 19:21:35 UTC);
        assert_eq!(local_time(t, cst), "2026-12-02 03:21");
        assert_eq!(local_text("2026-12-01T19:21:35Z", cst), "2026-12-02 03:21");
        assert_eq!(
            local_day("2026-12-01T19:21:35Z", cst),
            Some(Day(time::macros::date!(2026 - 12 - 02)))
        );
        assert_eq!(local_text("not a time", cst), "not a time");
        assert_eq!(input_time(t, cst), "2026-12-02T03:21");
    }
}
