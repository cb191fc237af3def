//! Mass evaluation (群众评议): a round in which members and the masses rate
//! targets (branches or members) against the criteria of one of the plan's
//! standards, on a scale, with anonymous codes. This module holds the round's
//! settings and their checks; `code` the codes and receipts, `ballot` what a
//! ballot must hold, `tally` how ballots become results.

pub mod ballot;
pub mod code;
pub mod record;
pub mod tally;

use crate::plan::{Plan, StandardTarget};
use crate::text::{self, TextProblem};
use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

pub const MAX_TITLE: usize = 100;
pub const MAX_LABEL: usize = 10;
pub const MAX_LEVELS: usize = 7;
pub const MAX_COMMENT: usize = 500;
/// Below three ballots a result shows what one or two people said.
pub const LEAST_MIN_BALLOTS: u32 = 3;
pub const DEFAULT_MIN_BALLOTS: u32 = 5;
/// Codes one request may generate.
pub const MAX_CODES_AT_ONCE: u32 = 2000;

/// Who evaluates whom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundKind {
    /// A superior evaluates the branches below it (against 五个好).
    Branches,
    /// A branch evaluates its members (against 五带头).
    Members,
}

impl RoundKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RoundKind::Branches => "branches",
            RoundKind::Members => "members",
        }
    }

    pub fn parse(s: &str) -> Option<RoundKind> {
        [RoundKind::Branches, RoundKind::Members]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// The kind of standard the round's criteria come from.
    pub fn standard_target(self) -> StandardTarget {
        match self {
            RoundKind::Branches => StandardTarget::Organisation,
            RoundKind::Members => StandardTarget::Member,
        }
    }
}

/// One step of the rating scale, e.g. 好 (100 points, counts as good).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub label: String,
    pub score: u32,
    /// Counts toward the share rated good (好 and 较好 by default).
    pub good: bool,
}

/// A criterion as the round keeps it: the plan may change, the round does not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundCriterion {
    pub key: String,
    pub name: String,
    pub text: String,
}

/// The default scale with labels in the organiser's language: 好 / 较好 / 一般 / 差.
pub fn default_scale(labels: [String; 4]) -> Vec<Level> {
    let [a, b, c, d] = labels;
    vec![
        Level {
            label: a,
            score: 100,
            good: true,
        },
        Level {
            label: b,
            score: 80,
            good: true,
        },
        Level {
            label: c,
            score: 60,
            good: false,
        },
        Level {
            label: d,
            score: 40,
            good: false,
        },
    ]
}

/// A round as typed into the form, before checking.
#[derive(Clone, Debug, Default)]
pub struct RoundInput {
    pub title: String,
    pub kind: String,
    /// Keys of the criteria chosen from the kind's standard.
    pub criteria: Vec<String>,
    /// Label, score, counts-as-good; rows left blank are dropped.
    pub levels: Vec<(String, String, bool)>,
    /// `YYYY-MM-DDTHH:MM` in local time, as a datetime input sends it.
    pub opens_at: String,
    pub closes_at: String,
    pub min_ballots: String,
}

/// A checked round, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundDraft {
    pub title: String,
    pub kind: RoundKind,
    pub standard_key: String,
    pub standard_name: String,
    pub criteria: Vec<RoundCriterion>,
    pub scale: Vec<Level>,
    pub opens_at: OffsetDateTime,
    pub closes_at: OffsetDateTime,
    pub min_ballots: u32,
    /// The phase of the plan the round falls in.
    pub phase_key: String,
}

/// A problem with one field of the round form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoundProblem {
    Text(TextProblem),
    /// The message id says what is wrong.
    Invalid(&'static str),
}

impl RoundProblem {
    pub fn message_id(&self) -> &'static str {
        match self {
            RoundProblem::Text(p) => p.message_id(),
            RoundProblem::Invalid(id) => id,
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            RoundProblem::Text(p) => p.args(),
            RoundProblem::Invalid(_) => vec![
                ("min", LEAST_MIN_BALLOTS.to_string()),
                ("max", MAX_LEVELS.to_string()),
            ],
        }
    }
}

pub type RoundErrors = Vec<(&'static str, RoundProblem)>;

/// Reads `YYYY-MM-DDTHH:MM` (seconds optional) as a time at `offset`.
pub fn parse_local_time(text: &str, offset: UtcOffset) -> Option<OffsetDateTime> {
    let text = text.trim().replace(' ', "T");
    let (date, clock) = text.split_once('T')?;
    let day = crate::date::Day::parse_iso(date)?;
    let mut parts = clock.split(':');
    let hour: u8 = parts.next()?.parse().ok()?;
    let minute: u8 = parts.next()?.parse().ok()?;
    let second: u8 = parts.next().map_or(Some(0), |s| s.parse().ok())?;
    let time = time::Time::from_hms(hour, minute, second).ok()?;
    Some(PrimitiveDateTime::new(day.0, time).assume_offset(offset))
}

/// Checks a round form against the plan: every problem, by field.
pub fn check_round(
    input: &RoundInput,
    plan: &Plan,
    offset: UtcOffset,
    now: OffsetDateTime,
) -> Result<RoundDraft, RoundErrors> {
    let mut errors: RoundErrors = Vec::new();
    let title = text::required(&input.title, MAX_TITLE)
        .map_err(|p| errors.push(("title", RoundProblem::Text(p))))
        .ok();
    let kind = RoundKind::parse(&input.kind);
    if kind.is_none() {
        errors.push(("kind", RoundProblem::Invalid("evaluation-error-kind")));
    }
    let standard = kind.and_then(|k| {
        plan.standards
            .iter()
            .find(|s| s.applies_to == k.standard_target())
    });
    let criteria: Vec<RoundCriterion> = standard
        .map(|s| {
            s.criteria
                .iter()
                .filter(|c| input.criteria.contains(&c.key))
                .map(|c| RoundCriterion {
                    key: c.key.clone(),
                    name: c.name.clone(),
                    text: c.text.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    if kind.is_some() && criteria.is_empty() {
        errors.push((
            "criteria",
            RoundProblem::Invalid("evaluation-error-criteria"),
        ));
    }
    let scale = check_scale(&input.levels).map_err(|p| errors.push(("levels", p)));
    let opens_at = parse_local_time(&input.opens_at, offset);
    let closes_at = parse_local_time(&input.closes_at, offset);
    if opens_at.is_none() {
        errors.push(("opens_at", RoundProblem::Invalid("field-bad-time")));
    }
    match closes_at {
        None => errors.push(("closes_at", RoundProblem::Invalid("field-bad-time"))),
        Some(c) if opens_at.is_some_and(|o| c <= o) => errors.push((
            "closes_at",
            RoundProblem::Invalid("evaluation-error-close-before-open"),
        )),
        Some(c) if c <= now => errors.push((
            "closes_at",
            RoundProblem::Invalid("evaluation-error-close-past"),
        )),
        Some(_) => {}
    }
    let phase = opens_at.and_then(|o| plan.phase_on(crate::date::Day(o.to_offset(offset).date())));
    if opens_at.is_some() && phase.is_none() {
        errors.push((
            "opens_at",
            RoundProblem::Invalid("evaluation-error-outside-campaign"),
        ));
    }
    let min_ballots = match input.min_ballots.trim() {
        "" => Some(DEFAULT_MIN_BALLOTS),
        s => s
            .parse::<u32>()
            .ok()
            .filter(|n| (LEAST_MIN_BALLOTS..=10_000).contains(n)),
    };
    if min_ballots.is_none() {
        errors.push((
            "min_ballots",
            RoundProblem::Invalid("evaluation-error-min-ballots"),
        ));
    }
    match (
        title,
        kind,
        standard,
        scale,
        opens_at,
        closes_at,
        min_ballots,
        phase,
    ) {
        (
            Some(title),
            Some(kind),
            Some(standard),
            Ok(scale),
            Some(opens_at),
            Some(closes_at),
            Some(min_ballots),
            Some(phase),
        ) if errors.is_empty() => Ok(RoundDraft {
            title,
            kind,
            standard_key: standard.key.clone(),
            standard_name: standard.name.clone(),
            criteria,
            scale,
            opens_at,
            closes_at,
            min_ballots,
            phase_key: phase.key.clone(),
        }),
        _ => Err(errors),
    }
}

/// A scale of two to seven levels with distinct labels, scores 0–100, and at
/// least one level that counts as good.
pub fn check_scale(rows: &[(String, String, bool)]) -> Result<Vec<Level>, RoundProblem> {
    let mut levels = Vec::new();
    for (label, score, good) in rows {
        let label = label.trim();
        if label.is_empty() && score.trim().is_empty() {
            continue;
        }
        let score = score
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|s| *s <= 100)
            .ok_or(RoundProblem::Invalid("evaluation-error-score"))?;
        if label.is_empty() || label.chars().count() > MAX_LABEL {
            return Err(RoundProblem::Invalid("evaluation-error-label"));
        }
        if levels.iter().any(|l: &Level| l.label == label) {
            return Err(RoundProblem::Invalid("evaluation-error-label-twice"));
        }
        levels.push(Level {
            label: label.to_string(),
            score,
            good: *good,
        });
    }
    if levels.len() < 2 || levels.len() > MAX_LEVELS {
        return Err(RoundProblem::Invalid("evaluation-error-levels"));
    }
    if !levels.iter().any(|l| l.good) {
        return Err(RoundProblem::Invalid("evaluation-error-no-good"));
    }
    Ok(levels)
}

/// Where a round stands at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundState {
    /// Before it opens: codes can be made, nobody can vote.
    Scheduled,
    Open,
    /// Past its close (or closed early): no more ballots; results may show.
    Closed,
}

impl RoundState {
    pub fn at(
        now: OffsetDateTime,
        opens_at: OffsetDateTime,
        closes_at: OffsetDateTime,
        closed_early: bool,
    ) -> RoundState {
        if closed_early || now >= closes_at {
            RoundState::Closed
        } else if now < opens_at {
            RoundState::Scheduled
        } else {
            RoundState::Open
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RoundState::Scheduled => "scheduled",
            RoundState::Open => "open",
            RoundState::Closed => "closed",
        }
    }
}

/// What the organiser has chosen to show on the public portal after the close.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    /// Whether the results appear on the public portal at all.
    pub published: bool,
    pub good_share: bool,
    pub mean: bool,
    pub distribution: bool,
    pub comments: bool,
    pub feedback: bool,
}

#[cfg(test)]
mod tests;
