//! 素质工程: the study quotas of the plan (每天读书一小时，每月阅读一本书 …) and its
//! meeting frequencies (三会一课), measured period by period.
//!
//! A quota or meeting rule counts whole calendar periods: days, ISO weeks (from
//! Monday), months, quarters and years. A period that a person is covered for only
//! in part (they joined mid-month, or the campaign starts or ends inside it) is due
//! in proportion: the target times the share of its days covered, rounded half up.
//! A period whose prorated target rounds to nothing is not due at all, so someone
//! who joins on the 28th owes no book that month, and one who joins on the 10th does.
//! Only periods that have ended count towards the share met; the period running
//! today is shown as progress.

mod input;
mod meeting;
#[cfg(test)]
mod tests;

pub use input::{DocumentProblem, StudyProblem, check_day, check_minutes, document_type};
pub use meeting::{
    Attendance, CheckinProblem, MAX_MINUTES_TEXT, MeetingPeriod, check_in_window, check_mark,
    meeting_compliance,
};

use crate::date::Day;
use crate::plan::{Period, QuotaUnit};
use std::collections::BTreeMap;
use time::{Date, Duration, Month};

/// The most reading a day can hold: 24 hours.
pub const MAX_MINUTES_A_DAY: u32 = 24 * 60;

/// A share of periods met below this marks a person as lagging on a quota.
pub const LAGGARD_SHARE: f64 = 0.8;

/// A run of days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub first: Day,
    pub last: Day,
}

impl Span {
    pub fn new(first: Day, last: Day) -> Span {
        Span { first, last }
    }

    pub fn contains(&self, day: Day) -> bool {
        self.first <= day && day <= self.last
    }

    /// Days in the span; zero when it is empty.
    pub fn days(&self) -> i64 {
        (self.last.0.to_julian_day() - self.first.0.to_julian_day() + 1).max(0) as i64
    }

    /// The days both spans hold, if any.
    pub fn overlap(&self, other: &Span) -> Option<Span> {
        let s = Span::new(self.first.max(other.first), self.last.min(other.last));
        (s.first <= s.last).then_some(s)
    }
}

/// The period of kind `period` that holds `day`.
pub fn period_of(period: Period, day: Day) -> Span {
    let d = day.0;
    let first = match period {
        Period::Day => d,
        Period::Week => d - Duration::days(d.weekday().number_days_from_monday() as i64),
        Period::Month => d.replace_day(1).unwrap_or(d),
        Period::Quarter => {
            let m = (u8::from(d.month()) - 1) / 3 * 3 + 1;
            Date::from_calendar_date(d.year(), Month::try_from(m).unwrap_or(Month::January), 1)
                .unwrap_or(d)
        }
        Period::HalfYear => {
            let m = if u8::from(d.month()) <= 6 {
                Month::January
            } else {
                Month::July
            };
            Date::from_calendar_date(d.year(), m, 1).unwrap_or(d)
        }
        Period::Year => Date::from_calendar_date(d.year(), Month::January, 1).unwrap_or(d),
    };
    let last = match period {
        Period::Day => d,
        Period::Week => first + Duration::days(6),
        Period::Month => first
            .replace_day(first.month().length(first.year()))
            .unwrap_or(first),
        Period::Quarter => {
            let m = first.month().nth_next(2);
            Date::from_calendar_date(first.year(), m, m.length(first.year())).unwrap_or(first)
        }
        Period::HalfYear => {
            let m = first.month().nth_next(5);
            Date::from_calendar_date(first.year(), m, m.length(first.year())).unwrap_or(first)
        }
        Period::Year => {
            Date::from_calendar_date(first.year(), Month::December, 31).unwrap_or(first)
        }
    };
    Span::new(Day(first), Day(last))
}

/// `target` scaled to the share of `period`'s days inside `covered`, rounded half up.
pub fn prorated(target: u32, period: &Span, covered: &Span) -> u32 {
    let Some(inside) = period.overlap(covered) else {
        return 0;
    };
    let (num, den) = (target as i64 * inside.days(), period.days());
    ((2 * num + den) / (2 * den)) as u32
}

/// One period of a quota or rule, with what it asks of this person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DuePeriod {
    pub span: Span,
    /// The prorated target; never zero (such periods are not due).
    pub target: u32,
}

/// The due periods of a quota inside `covered`, in order.
pub fn due_periods(period: Period, target: u32, covered: Span) -> Vec<DuePeriod> {
    let mut out = Vec::new();
    if covered.first > covered.last {
        return out;
    }
    let mut day = covered.first;
    loop {
        let span = period_of(period, day);
        let t = prorated(target, &span, &covered);
        if t > 0 {
            out.push(DuePeriod { span, target: t });
        }
        if span.last >= covered.last {
            return out;
        }
        day = Day(span.last.0 + Duration::days(1));
    }
}

/// How many due periods of a quota ended before `today`, counted without walking
/// every day: a city summary asks this for thousands of people.
pub fn due_before(period: Period, target: u32, covered: Span, today: Day) -> u32 {
    let Some(yesterday) = today.0.previous_day() else {
        return 0;
    };
    let ended = Span::new(covered.first, covered.last.min(Day(yesterday)));
    if ended.first > ended.last {
        return 0;
    }
    if period == Period::Day {
        return ended.days() as u32;
    }
    due_periods(period, target, covered)
        .iter()
        .filter(|p| p.span.last < today)
        .count() as u32
}

/// Where one person stands on one quota.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Standing {
    /// Due periods that have ended.
    pub due: u32,
    /// Of those, the periods met.
    pub met: u32,
    /// Every due period met, ended or running.
    pub met_all: u32,
    /// The first day of the latest period met; the running one when it is met.
    pub latest_met: Option<Day>,
    /// The period running today, if it is due: its span, amount so far and target.
    pub current: Option<(Span, u64, u32)>,
}

impl Standing {
    /// The share of ended periods met; `None` before any has ended.
    pub fn share(&self) -> Option<f64> {
        (self.due > 0).then(|| self.met as f64 / self.due as f64)
    }

    pub fn lagging(&self) -> bool {
        lagging(self.met as u64, self.due as u64)
    }
}

/// Whether `met` of `due` ended periods falls below a laggard's share; never
/// before a period has ended.
pub fn lagging(met: u64, due: u64) -> bool {
    due > 0 && (met as f64) < LAGGARD_SHARE * due as f64
}

/// `met` of `due` as a whole percentage, rounded down so that a share just
/// short of the laggard line never reads as on it (145 of 182 is 79%, not 80%);
/// `None` when nothing was due.
pub fn percent(met: u64, due: u64) -> Option<u32> {
    (due > 0).then(|| (met * 100 / due) as u32)
}

/// Adds up dated amounts (minutes on a day, one book finished on a day …) by the
/// first day of their period.
pub fn amounts_by_period(
    period: Period,
    entries: impl IntoIterator<Item = (Day, u64)>,
) -> BTreeMap<Day, u64> {
    let mut out = BTreeMap::new();
    for (day, amount) in entries {
        *out.entry(period_of(period, day).first).or_insert(0) += amount;
    }
    out
}

/// One person's standing on a quota with period `period` and target `target`,
/// covered over `covered`, as of `today`, from their amounts per period.
pub fn standing(
    period: Period,
    target: u32,
    covered: Span,
    today: Day,
    amounts: &BTreeMap<Day, u64>,
) -> Standing {
    let mut s = Standing::default();
    for p in due_periods(period, target, covered) {
        if p.span.first > today {
            break;
        }
        let amount = amounts.get(&p.span.first).copied().unwrap_or(0);
        let met = amount >= p.target as u64;
        if met {
            s.met_all += 1;
            s.latest_met = Some(p.span.first);
        }
        if p.span.last < today {
            s.due += 1;
            s.met += met as u32;
        } else {
            s.current = Some((p.span, amount, p.target));
        }
    }
    s
}

/// The kind of record a quota unit counts.
pub fn record_kind(unit: QuotaUnit) -> Option<RecordKind> {
    match unit {
        QuotaUnit::Minutes => None,
        QuotaUnit::Books => Some(RecordKind::Book),
        QuotaUnit::Reflections => Some(RecordKind::Reflection),
        QuotaUnit::ResearchTopics => Some(RecordKind::ResearchTopic),
        QuotaUnit::Articles => Some(RecordKind::Article),
    }
}

/// What a person records besides reading time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A book read (书名, 作者, 读完日期, 简评).
    Book,
    /// A reflection (心得).
    Reflection,
    /// The year's research topic (调研课题).
    ResearchTopic,
    /// A research article (调研文章).
    Article,
}

impl RecordKind {
    pub const ALL: [RecordKind; 4] = [
        RecordKind::Book,
        RecordKind::Reflection,
        RecordKind::ResearchTopic,
        RecordKind::Article,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Book => "book",
            RecordKind::Reflection => "reflection",
            RecordKind::ResearchTopic => "research_topic",
            RecordKind::Article => "article",
        }
    }

    pub fn parse(s: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The unit of a quota this kind counts towards.
    pub fn unit(self) -> QuotaUnit {
        match self {
            RecordKind::Book => QuotaUnit::Books,
            RecordKind::Reflection => QuotaUnit::Reflections,
            RecordKind::ResearchTopic => QuotaUnit::ResearchTopics,
            RecordKind::Article => QuotaUnit::Articles,
        }
    }
}

/// Whether a quota or task that covers `coverage` applies to someone of `status`.
pub fn covers(coverage: crate::plan::Coverage, status: crate::person::PoliticalStatus) -> bool {
    use crate::person::PoliticalStatus;
    match coverage {
        crate::plan::Coverage::AllStaff => true,
        crate::plan::Coverage::Members => status != PoliticalStatus::Masses,
    }
}
