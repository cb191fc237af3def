//! People of an organisation: members, staff and the masses who have accounts.

use crate::date::Day;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    /// Reads the stored name or what a roster says: 男/女, M/F, male/female.
    pub fn parse(s: &str) -> Option<Gender> {
        match s.trim().to_lowercase().as_str() {
            "male" | "男" | "m" | "男性" => Some(Gender::Male),
            "female" | "女" | "f" | "女性" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// 政治面貌.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoliticalStatus {
    /// 正式党员.
    Full,
    /// 预备党员.
    Probationary,
    /// 群众 (not a party member).
    Masses,
}

impl PoliticalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PoliticalStatus::Full => "full",
            PoliticalStatus::Probationary => "probationary",
            PoliticalStatus::Masses => "masses",
        }
    }

    /// Reads the stored name or the words a roster uses.
    pub fn parse(s: &str) -> Option<PoliticalStatus> {
        match s.trim() {
            "full" | "正式党员" | "中共党员" | "党员" | "中共正式党员" => {
                Some(PoliticalStatus::Full)
            }
            "probationary" | "预备党员" | "中共预备党员" => {
                Some(PoliticalStatus::Probationary)
            }
            "masses" | "群众" | "共青团员" | "团员" | "民主党派" | "无党派人士" => {
                Some(PoliticalStatus::Masses)
            }
            _ => None,
        }
    }
}

/// The longest name we keep; longer is a typing error in a roster.
pub const MAX_NAME_CHARS: usize = 50;
/// The longest free-text field (position, education …).
pub const MAX_FIELD_CHARS: usize = 100;

/// Why a field of a person is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    Missing,
    TooLong {
        max: usize,
    },
    BadDate,
    BadGender,
    BadStatus,
    BadPhone,
    BadEmail,
    BadUsername,
    /// A date after today (a birth or a joining cannot be).
    FutureDate,
    /// Joined the Party before being born, or confirmed before joining.
    OutOfOrder,
}

impl FieldProblem {
    pub fn message_id(&self) -> &'static str {
        match self {
            FieldProblem::Missing => "field-missing",
            FieldProblem::TooLong { .. } => "field-too-long",
            FieldProblem::BadDate => "field-bad-date",
            FieldProblem::BadGender => "field-bad-gender",
            FieldProblem::BadStatus => "field-bad-status",
            FieldProblem::BadPhone => "field-bad-phone",
            FieldProblem::BadEmail => "field-bad-email",
            FieldProblem::BadUsername => "field-bad-username",
            FieldProblem::FutureDate => "field-future-date",
            FieldProblem::OutOfOrder => "field-date-order",
        }
    }

    pub fn max(&self) -> Option<usize> {
        match self {
            FieldProblem::TooLong { max } => Some(*max),
            _ => None,
        }
    }
}

/// A person as entered, checked field by field.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct PersonDraft {
    pub name: String,
    pub gender: Option<Gender>,
    pub born_on: Option<Day>,
    pub ethnicity: Option<String>,
    pub education: Option<String>,
    pub status: Option<PoliticalStatus>,
    pub joined_on: Option<Day>,
    pub confirmed_on: Option<Day>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The 党小组 by name, within the person's branch.
    pub party_group: Option<String>,
    /// The organisation by name, where a roster names one.
    pub organisation: Option<String>,
    pub username: Option<String>,
}

impl PersonDraft {
    /// 正式党员 unless stated; 群众 when there is no date of joining either.
    pub fn effective_status(&self) -> PoliticalStatus {
        self.status.unwrap_or(if self.joined_on.is_some() {
            PoliticalStatus::Full
        } else {
            PoliticalStatus::Masses
        })
    }
}

/// A checked name: trimmed, not empty, not too long.
pub fn check_name(s: &str) -> Result<String, FieldProblem> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldProblem::Missing);
    }
    check_text(s, MAX_NAME_CHARS)
}

/// A checked optional text: trimmed, `None` when blank.
pub fn check_optional(s: &str, max: usize) -> Result<Option<String>, FieldProblem> {
    let s = s.trim();
    if s.is_empty() {
        Ok(None)
    } else {
        check_text(s, max).map(Some)
    }
}

fn check_text(s: &str, max: usize) -> Result<String, FieldProblem> {
    if s.chars().count() > max {
        Err(FieldProblem::TooLong { max })
    } else {
        Ok(s.to_string())
    }
}

/// A phone number as digits, with an optional leading `+`; spaces and dashes go.
pub fn check_phone(s: &str) -> Result<Option<String>, FieldProblem> {
    let cleaned: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    let digits = cleaned.strip_prefix('+').unwrap_or(&cleaned);
    if (5..=20).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(Some(cleaned))
    } else {
        Err(FieldProblem::BadPhone)
    }
}

/// An e-mail address of the plain shape `local@domain.tld`.
pub fn check_email(s: &str) -> Result<Option<String>, FieldProblem> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let ok = s.len() <= 254
        && s.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
        });
    if ok {
        Ok(Some(s.to_string()))
    } else {
        Err(FieldProblem::BadEmail)
    }
}

/// A login name: 3–32 of ASCII letters, digits, `.`, `_`, `-`.
pub fn check_username(s: &str) -> Result<Option<String>, FieldProblem> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let ok = (3..=32).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(Some(s.to_lowercase()))
    } else {
        Err(FieldProblem::BadUsername)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_lose_their_separators() {
        assert_eq!(check_phone("138-0013 8000"), Ok(Some("13800138000".into())));
        assert_eq!(check_phone(" "), Ok(None));
        assert_eq!(check_phone("call me"), Err(FieldProblem::BadPhone));
    }

    #[test]
    fn a_blank_name_is_missing_and_a_long_one_too_long() {
        assert_eq!(check_name("  "), Err(FieldProblem::Missing));
        assert!(matches!(
            check_name(&"王".repeat(51)),
            Err(FieldProblem::TooLong { max: 50 })
        ));
        assert_eq!(check_name(" 王芳 "), Ok("王芳".into()));
    }

    #[test]
    fn roster_words_for_status_are_understood() {
        assert_eq!(
            PoliticalStatus::parse("中共党员"),
            Some(PoliticalStatus::Full)
        );
        assert_eq!(
            PoliticalStatus::parse("预备党员"),
            Some(PoliticalStatus::Probationary)
        );
        assert_eq!(
            PoliticalStatus::parse("群众"),
            Some(PoliticalStatus::Masses)
        );
        assert_eq!(PoliticalStatus::parse("路人"), None);
    }
}
