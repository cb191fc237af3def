//! Publicity (宣传, 七.2): the news (新闻) and bulletins (简报) an organisation
//! publishes on its portal. A writer drafts one in Markdown and submits it; the
//! branch's secretary or the office over it publishes it or returns it with a
//! reason, and may take it down again. Bulletins carry an issue number (第N期).

mod body;
#[cfg(test)]
mod tests;

pub use body::render;

use crate::date::Day;
use serde::{Deserialize, Serialize};

pub const MAX_TITLE: usize = 100;
pub const MAX_BODY: usize = 20_000;
pub const MAX_ISSUER: usize = 60;
pub const MAX_IMAGES: usize = 6;

/// What kind of publication.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicationKind {
    /// 新闻: a report on the portal.
    News,
    /// 简报: numbered, with a masthead, printed on A4.
    Bulletin,
}

impl PublicationKind {
    pub const ALL: [PublicationKind; 2] = [PublicationKind::News, PublicationKind::Bulletin];

    pub fn as_str(self) -> &'static str {
        match self {
            PublicationKind::News => "news",
            PublicationKind::Bulletin => "bulletin",
        }
    }

    pub fn parse(s: &str) -> Option<PublicationKind> {
        PublicationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a publication stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicationStatus {
    /// Being written; only its writers see it.
    Draft,
    /// Waiting for the secretary's or the office's review.
    Submitted,
    /// On the portal and in the feed.
    Published,
    /// Sent back with a reason, to be mended and submitted again.
    Returned,
    /// Taken down after it was published.
    Withdrawn,
}

impl PublicationStatus {
    pub const ALL: [PublicationStatus; 5] = [
        PublicationStatus::Draft,
        PublicationStatus::Submitted,
        PublicationStatus::Published,
        PublicationStatus::Returned,
        PublicationStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PublicationStatus::Draft => "draft",
            PublicationStatus::Submitted => "submitted",
            PublicationStatus::Published => "published",
            PublicationStatus::Returned => "returned",
            PublicationStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<PublicationStatus> {
        PublicationStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether its writers may still change the text.
    pub fn editable(self) -> bool {
        matches!(
            self,
            PublicationStatus::Draft | PublicationStatus::Returned | PublicationStatus::Withdrawn
        )
    }
}

/// A step someone takes on a publication.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicationStep {
    /// The writer sends it for review.
    Submit,
    /// The reviewer puts it on the portal.
    Publish,
    /// The reviewer sends it back with a reason.
    Return,
    /// The reviewer takes it down.
    Unpublish,
}

impl PublicationStep {
    pub const ALL: [PublicationStep; 4] = [
        PublicationStep::Submit,
        PublicationStep::Publish,
        PublicationStep::Return,
        PublicationStep::Unpublish,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PublicationStep::Submit => "submit",
            PublicationStep::Publish => "publish",
            PublicationStep::Return => "return",
            PublicationStep::Unpublish => "unpublish",
        }
    }

    pub fn parse(s: &str) -> Option<PublicationStep> {
        PublicationStep::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the step is the reviewer's (else the writer's).
    pub fn by_reviewer(self) -> bool {
        !matches!(self, PublicationStep::Submit)
    }

    /// Whether it needs a reason.
    pub fn needs_reason(self) -> bool {
        matches!(self, PublicationStep::Return | PublicationStep::Unpublish)
    }

    /// Where the step leads from `from`, or `None` where it cannot be taken.
    pub fn from(self, from: PublicationStatus) -> Option<PublicationStatus> {
        use PublicationStatus as S;
        match (self, from) {
            (PublicationStep::Submit, S::Draft | S::Returned | S::Withdrawn) => Some(S::Submitted),
            (PublicationStep::Publish, S::Submitted) => Some(S::Published),
            (PublicationStep::Return, S::Submitted) => Some(S::Returned),
            (PublicationStep::Unpublish, S::Published) => Some(S::Withdrawn),
            _ => None,
        }
    }
}

/// Where an item of the publicity plan stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Planned,
    /// Past its due day with nothing published for it.
    Overdue,
    /// A published piece fulfils it.
    Done,
}

impl ItemState {
    pub fn of(due_on: Day, done: bool, today: Day) -> ItemState {
        if done {
            ItemState::Done
        } else if due_on < today {
            ItemState::Overdue
        } else {
            ItemState::Planned
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Planned => "planned",
            ItemState::Overdue => "overdue",
            ItemState::Done => "done",
        }
    }
}
