//! What a person types into the study log, checked before anything is saved.

use super::{MAX_MINUTES_A_DAY, Span};
use crate::date::Day;

/// Why a study entry is refused. Each has a message in the locale files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StudyProblem {
    MinutesNotANumber,
    MinutesNegative,
    MinutesOverADay,
    BadDate,
    FutureDate,
    OutsideCampaign,
    Missing,
    TooLong,
}

impl StudyProblem {
    pub fn message_id(self) -> &'static str {
        match self {
            StudyProblem::MinutesNotANumber => "study-error-minutes-number",
            StudyProblem::MinutesNegative => "study-error-minutes-negative",
            StudyProblem::MinutesOverADay => "study-error-minutes-day",
            StudyProblem::BadDate => "study-error-date",
            StudyProblem::FutureDate => "study-error-future",
            StudyProblem::OutsideCampaign => "study-error-outside",
            StudyProblem::Missing => "study-error-missing",
            StudyProblem::TooLong => "study-error-too-long",
        }
    }
}

/// Reading minutes for one day: a whole number from 0 to 24 hours. An empty field
/// is `None` (leave the day as it is).
pub fn check_minutes(text: &str) -> Result<Option<u32>, StudyProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let n: i64 = text.parse().map_err(|_| StudyProblem::MinutesNotANumber)?;
    if n < 0 {
        Err(StudyProblem::MinutesNegative)
    } else if n > MAX_MINUTES_A_DAY as i64 {
        Err(StudyProblem::MinutesOverADay)
    } else {
        Ok(Some(n as u32))
    }
}

/// A day of study: a real date, not after today, inside the campaign.
pub fn check_day(text: &str, today: Day, campaign: Span) -> Result<Day, StudyProblem> {
    let day = Day::parse_iso(text).ok_or(StudyProblem::BadDate)?;
    if day > today {
        Err(StudyProblem::FutureDate)
    } else if !campaign.contains(day) {
        Err(StudyProblem::OutsideCampaign)
    } else {
        Ok(day)
    }
}

/// Why an uploaded document is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentProblem {
    /// The name ends in a type we do not take.
    UnknownType,
    /// The bytes are not what the name says.
    Mismatch,
    TooLarge,
    Empty,
}

impl DocumentProblem {
    pub fn message_id(self) -> &'static str {
        match self {
            DocumentProblem::UnknownType => "study-error-file-type",
            DocumentProblem::Mismatch => "study-error-file-mismatch",
            DocumentProblem::TooLarge => "study-error-file-large",
            DocumentProblem::Empty => "study-error-file-empty",
        }
    }
}

/// The content type of a reflection, article, minutes or photo, from its name, once
/// its first bytes confirm the name: a `.docx` must be a zip, a `.pdf` must start
/// `%PDF-`, a `.txt` must be UTF-8 text.
pub fn document_type(
    filename: &str,
    bytes: &[u8],
    max: usize,
) -> Result<&'static str, DocumentProblem> {
    if bytes.is_empty() {
        return Err(DocumentProblem::Empty);
    }
    if bytes.len() > max {
        return Err(DocumentProblem::TooLarge);
    }
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let (content_type, fits) = match ext.as_str() {
        "pdf" => ("application/pdf", bytes.starts_with(b"%PDF-")),
        "docx" => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            bytes.starts_with(ZIP),
        ),
        "doc" | "wps" => ("application/msword", bytes.starts_with(OLE)),
        "png" => ("image/png", bytes.starts_with(b"\x89PNG\r\n\x1a\n")),
        "jpg" | "jpeg" => ("image/jpeg", bytes.starts_with(&[0xFF, 0xD8, 0xFF])),
        "txt" => (
            "text/plain; charset=utf-8",
            std::str::from_utf8(bytes).is_ok_and(|s| !s.contains('\0')),
        ),
        _ => return Err(DocumentProblem::UnknownType),
    };
    if fits {
        Ok(content_type)
    } else {
        Err(DocumentProblem::Mismatch)
    }
}
