//! The opinions the masses leave on a branch's public board: an optional name
//! and the text, shown once moderated.

use crate::text::{TextErrors, optional, required};
use serde::{Deserialize, Serialize};

pub const MAX_OPINION: usize = 500;
pub const MAX_VISITOR_NAME: usize = 20;

/// Where an opinion stands in moderation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpinionStatus {
    Pending,
    Approved,
    Rejected,
}

impl OpinionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OpinionStatus::Pending => "pending",
            OpinionStatus::Approved => "approved",
            OpinionStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<OpinionStatus> {
        [
            OpinionStatus::Pending,
            OpinionStatus::Approved,
            OpinionStatus::Rejected,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

/// An opinion from a visitor: an optional name and the text. Markup is kept as
/// typed and shown as text; it is never interpreted.
pub fn check_opinion(name: &str, text: &str) -> Result<(Option<String>, String), TextErrors> {
    let mut errors = Vec::new();
    let name = optional(name, MAX_VISITOR_NAME)
        .map_err(|p| errors.push(("name", p)))
        .ok()
        .flatten();
    let text = required(text, MAX_OPINION)
        .map_err(|p| errors.push(("text", p)))
        .ok();
    match text {
        Some(text) if errors.is_empty() => Ok((name, text)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextProblem;

    #[test]
    fn an_opinion_keeps_markup_as_typed_and_needs_text() {
        let (name, text) = check_opinion("", "<script>alert(1)</script>很好").unwrap();
        assert_eq!(name, None);
        assert_eq!(text, "<script>alert(1)</script>很好");
        assert_eq!(
            check_opinion("张三", "  ").unwrap_err(),
            vec![("text", TextProblem::Missing)]
        );
        assert!(check_opinion(&"名".repeat(21), "好").is_err());
    }
}
