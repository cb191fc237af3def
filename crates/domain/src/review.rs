//! Leader reviews (领导点评) and rectification items (整改). Reviews have three parts: achievements affirmed,
//! problems found (each can become a rectification item) and direction.

use crate::date::Day;
use crate::plan::ScalePoint;
use crate::text::{TextErrors, required};
use serde::{Deserialize, Serialize};

pub const MAX_PART: usize = 2000;

/// A checked review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewParts {
    pub affirmed: String,
    /// One problem a line; each may become a rectification item.
    pub problems: Vec<String>,
    pub direction: String,
    /// Keys of the criteria the review speaks to.
    pub criteria: Vec<String>,
    /// The overall grade on the plan's review scale (`[review] grades`), where
    /// the plan has one; the assessment reads its score.
    #[serde(default)]
    pub grade: Option<ScalePoint>,
}

/// Checks a review as typed: every part is required and bounded; problems are
/// one a line.
pub fn check_review(
    affirmed: &str,
    problems: &str,
    direction: &str,
    criteria: Vec<String>,
) -> Result<ReviewParts, TextErrors> {
    let mut errors = Vec::new();
    let affirmed = required(affirmed, MAX_PART)
        .map_err(|p| errors.push(("affirmed", p)))
        .ok();
    let problem_text = required(problems, MAX_PART)
        .map_err(|p| errors.push(("problems", p)))
        .ok();
    let direction = required(direction, MAX_PART)
        .map_err(|p| errors.push(("direction", p)))
        .ok();
    match (affirmed, problem_text, direction) {
        (Some(affirmed), Some(problems), Some(direction)) if errors.is_empty() => Ok(ReviewParts {
            affirmed,
            problems: problems
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            direction,
            criteria,
            grade: None,
        }),
        _ => Err(errors),
    }
}

/// Where a rectification item stands. Only the reviewer or the secretary closes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RectificationStatus {
    Open,
    InProgress,
    Closed,
}

impl RectificationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RectificationStatus::Open => "open",
            RectificationStatus::InProgress => "in_progress",
            RectificationStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<RectificationStatus> {
        [
            RectificationStatus::Open,
            RectificationStatus::InProgress,
            RectificationStatus::Closed,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// A rectification item's due date: today or later. An item due in the past
/// would be overdue the moment it is raised.
pub fn check_due(due: Day, today: Day) -> Result<Day, &'static str> {
    if due < today {
        Err("rectification-error-past-due")
    } else {
        Ok(due)
    }
}

/// An item not closed by its due date is overdue from the day after.
pub fn is_overdue(status: RectificationStatus, due: Day, today: Day) -> bool {
    status != RectificationStatus::Closed && due < today
}

/// A rectification item raised from a problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RectificationDraft {
    pub title: String,
    pub due_on: Day,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextProblem;

    #[test]
    fn a_review_needs_all_three_parts_and_splits_problems_by_line() {
        let r = check_review(
            "成绩突出",
            "学习记录不全\n\n  走访偏少 ",
            "加强学习",
            vec![],
        )
        .unwrap();
        assert_eq!(r.problems, vec!["学习记录不全", "走访偏少"]);
        let errors = check_review("", "x", &"长".repeat(2001), vec![]).unwrap_err();
        assert_eq!(
            errors,
            vec![
                ("affirmed", TextProblem::Missing),
                ("direction", TextProblem::TooLong { max: 2000 })
            ]
        );
    }
}

#[cfg(test)]
mod rectification_tests {
    use super::*;

    #[test]
    fn an_item_is_due_today_or_later_and_overdue_from_the_day_after() {
        let today = Day::from_ymd(2026, 12, 2).unwrap();
        let yesterday = Day::from_ymd(2026, 12, 1).unwrap();
        assert_eq!(check_due(today, today), Ok(today));
        assert_eq!(
            check_due(yesterday, today),
            Err("rectification-error-past-due")
        );
        assert!(!is_overdue(RectificationStatus::Open, today, today));
        assert!(is_overdue(
            RectificationStatus::InProgress,
            yesterday,
            today
        ));
        assert!(!is_overdue(RectificationStatus::Closed, yesterday, today));
    }
}
