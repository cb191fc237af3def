//! What an organiser records beside the ballots, checked as typed: a forum
//! (座谈会), an opinion solicited (征求意见), a rectification item raised from a
//! result. Each check names what is wrong by a message id.

use crate::date::Day;
use crate::roster::parse_date_text;
use crate::text::{optional, required};

/// A checked forum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForumDraft {
    pub held_on: Day,
    pub place: String,
    pub present: i64,
    pub minutes: String,
}

pub fn check_forum(
    held_on: &str,
    place: &str,
    present: &str,
    minutes: &str,
) -> Result<ForumDraft, &'static str> {
    let held_on = parse_date_text(held_on).ok_or("field-bad-date")?;
    let place = required(place, 100).map_err(|_| "evaluation-error-place")?;
    let present = present
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=100_000).contains(n))
        .ok_or("evaluation-error-present")?;
    let minutes = optional(minutes, 5000).map_err(|_| "evaluation-error-minutes")?;
    Ok(ForumDraft {
        held_on,
        place,
        present,
        minutes: minutes.unwrap_or_default(),
    })
}

/// A solicited opinion: where it came from and what it says.
pub fn check_solicited(source: &str, text: &str) -> Result<(String, String), &'static str> {
    let source = required(source, 50).map_err(|_| "evaluation-error-source")?;
    let text = required(text, 2000).map_err(|_| "evaluation-error-opinion")?;
    Ok((source, text))
}

/// A rectification item's problem and due date.
pub fn check_rectification(
    problem: &str,
    due_on: &str,
    today: Day,
) -> Result<(String, Day), &'static str> {
    match (required(problem, 500), parse_date_text(due_on)) {
        (Ok(p), Some(d)) => Ok((p, crate::review::check_due(d, today)?)),
        _ => Err("evaluation-error-rectification"),
    }
}

/// The feedback summary: blank is allowed (nothing recorded yet).
pub fn check_feedback(text: &str) -> Result<String, &'static str> {
    optional(text, 5000)
        .map(Option::unwrap_or_default)
        .map_err(|_| "evaluation-error-feedback")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forum_needs_a_date_a_place_and_people_present() {
        let f = check_forum("2026-03-05", " 三楼会议室 ", "18", "").unwrap();
        assert_eq!((f.place.as_str(), f.present), ("三楼会议室", 18));
        assert_eq!(check_forum("昨天", "x", "1", ""), Err("field-bad-date"));
        assert_eq!(
            check_forum("2026-03-05", "", "1", ""),
            Err("evaluation-error-place")
        );
        assert_eq!(
            check_forum("2026-03-05", "x", "-2", ""),
            Err("evaluation-error-present")
        );
    }

    #[test]
    fn opinions_and_rectification_items_need_their_text() {
        assert!(check_solicited("走访", "希望多开展活动").is_ok());
        assert_eq!(check_solicited("", "x"), Err("evaluation-error-source"));
        let today = Day::from_ymd(2026, 12, 2).unwrap();
        assert_eq!(
            check_rectification("学习不够", "下月", today),
            Err("evaluation-error-rectification")
        );
        assert!(check_rectification("学习不够", "2026-12-31", today).is_ok());
        assert_eq!(
            check_rectification("学习不够", "2020-01-01", today),
            Err("rectification-error-past-due")
        );
        assert_eq!(check_feedback("  "), Ok(String::new()));
    }
}
