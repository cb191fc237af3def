//! 三会一课 and study meetings: attendance, the check-in window, and whether each
//! kind of meeting was held as often as the plan asks.

use super::{Span, due_periods};
use crate::date::Day;
use crate::plan::Period;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// Where an expected attendee stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    /// Expected, not yet marked.
    Expected,
    Present,
    /// On leave (请假), with a reason.
    Leave,
    Absent,
}

impl Attendance {
    pub fn as_str(self) -> &'static str {
        match self {
            Attendance::Expected => "expected",
            Attendance::Present => "present",
            Attendance::Leave => "leave",
            Attendance::Absent => "absent",
        }
    }

    pub fn parse(s: &str) -> Option<Attendance> {
        [
            Attendance::Expected,
            Attendance::Present,
            Attendance::Leave,
            Attendance::Absent,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// The longest minutes of a meeting we keep.
pub const MAX_MINUTES_TEXT: usize = 20_000;

/// One attendance mark as typed: a state, and for leave its reason (required);
/// other states keep no reason. Refused with a message id.
pub fn check_mark(state: &str, reason: &str) -> Result<(Attendance, String), &'static str> {
    let state = Attendance::parse(state).ok_or("meeting-error-state")?;
    let reason = reason.trim();
    match state {
        Attendance::Leave if reason.is_empty() => Err("meeting-error-reason"),
        Attendance::Leave => Ok((state, reason.to_string())),
        _ => Ok((state, String::new())),
    }
}

/// Why a check-in is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckinProblem {
    TooEarly,
    TooLate,
    NotExpected,
    WrongCode,
}

impl CheckinProblem {
    pub fn message_id(self) -> &'static str {
        match self {
            CheckinProblem::TooEarly => "meeting-checkin-early",
            CheckinProblem::TooLate => "meeting-checkin-late",
            CheckinProblem::NotExpected => "meeting-checkin-not-expected",
            CheckinProblem::WrongCode => "meeting-checkin-code",
        }
    }
}

/// A check-in counts from `window` minutes before the start to `window` minutes after.
pub fn check_in_window(
    starts_at: OffsetDateTime,
    window_minutes: u32,
    now: OffsetDateTime,
) -> Result<(), CheckinProblem> {
    let w = Duration::minutes(window_minutes as i64);
    if now < starts_at - w {
        Err(CheckinProblem::TooEarly)
    } else if now > starts_at + w {
        Err(CheckinProblem::TooLate)
    } else {
        Ok(())
    }
}

/// One period of a meeting rule: how many meetings it asks for and how many were held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MeetingPeriod {
    pub span: Span,
    pub required: u32,
    pub held: u32,
    /// The period has ended (only then can it be missed).
    pub ended: bool,
}

impl MeetingPeriod {
    pub fn missed(&self) -> bool {
        self.ended && self.held < self.required
    }
}

/// A rule of `times` meetings per `period`, checked over the campaign up to today,
/// against the days meetings of that kind were held. Partial periods at either end
/// ask for a prorated number, as quotas do.
pub fn meeting_compliance(
    period: Period,
    times: u32,
    campaign: Span,
    today: Day,
    held_on: &[Day],
) -> Vec<MeetingPeriod> {
    due_periods(period, times, campaign)
        .into_iter()
        .filter(|p| p.span.first <= today)
        .map(|p| MeetingPeriod {
            span: p.span,
            required: p.target,
            held: held_on.iter().filter(|d| p.span.contains(**d)).count() as u32,
            ended: p.span.last < today,
        })
        .collect()
}
