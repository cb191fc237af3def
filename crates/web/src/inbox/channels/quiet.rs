//! Quiet hours: a window of the day, in the users' zone, when nothing is sent
//! to a person. It may cross midnight (22:00–07:00); a message that falls in
//! it waits for its end.

use time::{OffsetDateTime, Time, UtcOffset};

/// Reads `HH:MM`.
pub fn parse_hm(s: &str) -> Option<Time> {
    let (h, m) = s.trim().split_once(':')?;
    Time::from_hms(h.parse().ok()?, m.parse().ok()?, 0).ok()
}

/// When the window `from`–`to` that holds `now` ends; none when `now` is
/// outside it (or the window is empty).
pub fn quiet_until(
    now: OffsetDateTime,
    offset: UtcOffset,
    from: Time,
    to: Time,
) -> Option<OffsetDateTime> {
    let local = now.to_offset(offset);
    let t = local.time();
    let inside = if from <= to {
        from <= t && t < to
    } else {
        t >= from || t < to
    };
    if !inside {
        return None;
    }
    let end_day = if to > t {
        local.date()
    } else {
        local.date().next_day()?
    };
    Some(end_day.with_time(to).assume_offset(offset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset, time};

    #[test]
    fn a_message_in_the_night_waits_for_the_morning_in_the_users_zone() {
        let cst = offset!(+8);
        let (from, to) = (time!(22:00), time!(07:00));
        // 23:30 in Beijing is 15:30 UTC.
        let night = datetime!(2026-12-04 15:30 UTC);
        assert_eq!(
            quiet_until(night, cst, from, to),
            Some(datetime!(2026-12-05 07:00 +8))
        );
        // 06:59 the next morning waits one minute; 07:00 goes.
        assert_eq!(
            quiet_until(datetime!(2026-12-04 22:59 UTC), cst, from, to),
            Some(datetime!(2026-12-05 07:00 +8))
        );
        assert_eq!(
            quiet_until(datetime!(2026-12-04 23:00 UTC), cst, from, to),
            None
        );
        // A window within the day: 12:00–14:00.
        let noon = datetime!(2026-12-05 04:30 UTC);
        assert_eq!(
            quiet_until(noon, cst, time!(12:00), time!(14:00)),
            Some(datetime!(2026-12-05 14:00 +8))
        );
        assert_eq!(parse_hm("7:05"), Some(time!(07:05)));
        assert_eq!(parse_hm("25:00"), None);
    }
}
