//! The checks every area's free text goes through: trimmed, not too long, and
//! free of the control characters no one types.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextProblem {
    Missing,
    TooLong {
        max: usize,
    },
    /// NUL or another control character no one types (tab and line breaks are text).
    Control,
}

impl TextProblem {
    pub fn message_id(&self) -> &'static str {
        match self {
            TextProblem::Missing => "field-missing",
            TextProblem::TooLong { .. } => "field-too-long",
            TextProblem::Control => "field-control-here",
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            TextProblem::TooLong { max } => vec![("max", max.to_string())],
            TextProblem::Missing | TextProblem::Control => vec![],
        }
    }
}

/// Every problem of a form, by field name.
pub type TextErrors = Vec<(&'static str, TextProblem)>;

/// Whether text holds a control character other than tab, line feed or carriage
/// return: never typed, and a NUL is refused by PostgreSQL.
pub fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Trimmed text of at most `max` characters; blank is `None`.
pub fn optional(s: &str, max: usize) -> Result<Option<String>, TextProblem> {
    let s = s.trim();
    if has_control(s) {
        Err(TextProblem::Control)
    } else if s.is_empty() {
        Ok(None)
    } else if s.chars().count() > max {
        Err(TextProblem::TooLong { max })
    } else {
        Ok(Some(s.to_string()))
    }
}

/// Trimmed, non-empty text of at most `max` characters.
pub fn required(s: &str, max: usize) -> Result<String, TextProblem> {
    optional(s, max)?.ok_or(TextProblem::Missing)
}
