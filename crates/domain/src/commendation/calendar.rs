//! Working days: Monday to Friday, less the plan's holidays, plus the weekend
//! days worked in exchange (调休上班).

use crate::date::Day;
use std::collections::HashSet;
use time::{Duration, Weekday};

#[derive(Clone, Debug, Default)]
pub struct Calendar {
    holidays: HashSet<Day>,
    workdays: HashSet<Day>,
}

impl Calendar {
    pub fn new(holidays: &[Day], workdays: &[Day]) -> Calendar {
        Calendar {
            holidays: holidays.iter().copied().collect(),
            workdays: workdays.iter().copied().collect(),
        }
    }

    pub fn is_working_day(&self, day: Day) -> bool {
        if self.workdays.contains(&day) {
            return true;
        }
        let weekend = matches!(day.0.weekday(), Weekday::Saturday | Weekday::Sunday);
        !weekend && !self.holidays.contains(&day)
    }
}

/// The last day of a 公示 of `days` working days that opens on `opens`: the
/// opening day counts when it is a working day. At least one working day.
pub fn publicity_end(calendar: &Calendar, opens: Day, days: u32) -> Day {
    let mut day = opens;
    let mut left = days.max(1);
    loop {
        if calendar.is_working_day(day) {
            left -= 1;
            if left == 0 {
                return day;
            }
        }
        day = Day(day.0 + Duration::days(1));
    }
}
