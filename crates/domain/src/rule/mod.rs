//! The rule library (长效机制, 七.4): the written rules (制度) a branch turns its
//! good practice into. A rule keeps every version with the day it takes
//! effect; one version at a time is in force, and a rule can be repealed. Each
//! names the practice it came from: a circular, an honour or an exemplary case.

mod diff;
#[cfg(test)]
mod tests;

pub use diff::{Change, DiffLine, diff};

use serde::{Deserialize, Serialize};

pub const MAX_TITLE: usize = 60;
pub const MAX_TEXT: usize = 20_000;
pub const MAX_NOTE: usize = 200;

/// Where a rule stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleStatus {
    /// No version adopted yet.
    Draft,
    /// A version is in force.
    InForce,
    /// No longer in force.
    Repealed,
}

impl RuleStatus {
    pub const ALL: [RuleStatus; 3] = [RuleStatus::Draft, RuleStatus::InForce, RuleStatus::Repealed];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleStatus::Draft => "draft",
            RuleStatus::InForce => "in_force",
            RuleStatus::Repealed => "repealed",
        }
    }

    pub fn parse(s: &str) -> Option<RuleStatus> {
        RuleStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a version stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    /// Being written; only the branch sees it.
    Draft,
    /// The version in force.
    Adopted,
    /// Was in force; a later version replaced it.
    Superseded,
}

impl VersionStatus {
    pub const ALL: [VersionStatus; 3] = [
        VersionStatus::Draft,
        VersionStatus::Adopted,
        VersionStatus::Superseded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VersionStatus::Draft => "draft",
            VersionStatus::Adopted => "adopted",
            VersionStatus::Superseded => "superseded",
        }
    }

    pub fn parse(s: &str) -> Option<VersionStatus> {
        VersionStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Who reads a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// On the portal once in force.
    Public,
    /// The organisation's people and those above only.
    Internal,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
        }
    }

    pub fn parse(s: &str) -> Option<Visibility> {
        [Visibility::Public, Visibility::Internal]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// The practice a rule came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OriginKind {
    /// A progress circular (通报) that reported it.
    Circular,
    /// A commendation: the honour it earned.
    Honour,
    /// An exemplary case (先进典型) that told of it.
    Case,
}

impl OriginKind {
    pub const ALL: [OriginKind; 3] = [OriginKind::Circular, OriginKind::Honour, OriginKind::Case];

    pub fn as_str(self) -> &'static str {
        match self {
            OriginKind::Circular => "circular",
            OriginKind::Honour => "honour",
            OriginKind::Case => "case",
        }
    }

    pub fn parse(s: &str) -> Option<OriginKind> {
        OriginKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The page it links to.
    pub fn path(self, id: i64) -> String {
        match self {
            OriginKind::Circular => format!("/circulars/{id}"),
            OriginKind::Honour => format!("/honours/{id}"),
            OriginKind::Case => format!("/cases/{id}"),
        }
    }
}

/// Reads `kind:id` as a form's select sends it.
pub fn parse_origin(s: &str) -> Option<(OriginKind, i64)> {
    let (kind, id) = s.trim().split_once(':')?;
    Some((OriginKind::parse(kind)?, id.parse().ok()?))
}
