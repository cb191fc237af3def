//! Calendar dates as the plan and the rosters write them.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;
use time::{Date, Month};

/// A calendar day. Reads a TOML date (`2010-07-01`) or the text `"2010-07-01"`,
/// writes `"2010-07-01"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub Date);

impl Day {
    /// Builds a day from its parts, or `None` where it does not exist.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Day> {
        let month = Month::try_from(month).ok()?;
        Date::from_calendar_date(year, month, day).ok().map(Day)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<Day> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Day::from_ymd(year, month, day)
    }

    /// The same day `years` years later (or earlier). 29 February becomes
    /// 28 February in a year that has none, so intervals never grow.
    pub fn shift_years(self, years: i32) -> Day {
        let year = self.0.year() + years;
        let day = self.0.day().min(self.0.month().length(year));
        Date::from_calendar_date(year, self.0.month(), day)
            .map(Day)
            .unwrap_or(self)
    }

    /// The day `days` later (earlier when negative).
    pub fn add_days(self, days: i64) -> Day {
        Day(self.0.saturating_add(time::Duration::days(days)))
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DayVisitor)
    }
}

struct DayVisitor;

impl<'de> de::Visitor<'de> for DayVisitor {
    type Value = Day;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date such as 2010-07-01")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Day, E> {
        Day::parse_iso(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    // TOML hands a date to serde as a one-entry map holding its text.
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Day, A::Error> {
        let (_, text): (String, String) = map
            .next_entry()?
            .ok_or_else(|| de::Error::custom("empty date"))?;
        if text.len() != 10 {
            return Err(de::Error::custom(format!(
                "expected a date without time, found {text}"
            )));
        }
        self.visit_str(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leap_day_shifted_to_a_common_year_becomes_the_28th() {
        let d = Day::from_ymd(2012, 2, 29).unwrap();
        assert_eq!(d.shift_years(1).to_string(), "2013-02-28");
        assert_eq!(d.shift_years(4).to_string(), "2016-02-29");
    }

    #[test]
    fn iso_text_round_trips() {
        let d = Day::parse_iso("2010-07-01").unwrap();
        assert_eq!(d.to_string(), "2010-07-01");
        assert!(Day::parse_iso("2010-02-30").is_none());
        assert!(Day::parse_iso("2010/07/01").is_none());
    }
}
