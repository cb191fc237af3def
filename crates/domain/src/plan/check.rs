//! Reading a plan file: TOML syntax, then the schema, then the rules a plan must keep
//! (unique keys, phases in order, dates inside their phase, weights adding to 100).
//! Every problem is reported with the line and column it stands at, and all rule
//! problems are reported at once, so an author fixes a file in one pass.

use super::Plan;
use super::rules::{Seg, rules};
use crate::date::Day;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// One problem in a plan file, located at `line`:`column` (both from 1).
#[derive(Clone, Debug, PartialEq)]
pub struct PlanError {
    pub line: usize,
    pub column: usize,
    pub problem: PlanProblem,
}

/// What is wrong. The web and CLI layers translate these through the locale files.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanProblem {
    /// Not TOML; the detail is the parser's own words.
    Syntax(String),
    /// TOML, but not a plan: a missing field, a wrong type, an unknown key.
    Schema(String),
    Empty {
        field: String,
    },
    DuplicateKey {
        key: String,
    },
    NoPhases,
    PhaseEndsBeforeStart {
        phase: String,
    },
    PhasesOverlap {
        phase: String,
    },
    UnknownPhase {
        phase: String,
    },
    DateOutsidePhase {
        date: Day,
        phase: String,
    },
    DateOutsideCampaign {
        date: Day,
    },
    NoCriteria {
        standard: String,
    },
    ZeroCount {
        field: String,
    },
    WeightsNot100 {
        sum: u32,
    },
    /// An assessment indicator that names no source.
    NoSource {
        indicator: String,
    },
    /// The assessment formula does not parse; `at` is the character in it.
    Formula {
        at: usize,
        message_id: &'static str,
        detail: String,
    },
    GradesOutOfOrder {
        grade: String,
    },
    /// The lowest grade does not start at 0, so some scores would have none.
    NoFloorGrade,
    UnknownGrade {
        grade: String,
    },
    /// A score, share or threshold above 100.
    Above100 {
        value: u32,
    },
    OutOfRange {
        value: i64,
        min: i64,
        max: i64,
    },
    BadTime {
        time: String,
    },
    UnknownMeeting {
        key: String,
    },
}

impl PlanProblem {
    /// The message id in the locale files.
    pub fn message_id(&self) -> &'static str {
        match self {
            PlanProblem::Syntax(_) => "plan-error-syntax",
            PlanProblem::Schema(_) => "plan-error-schema",
            PlanProblem::Empty { .. } => "plan-error-empty",
            PlanProblem::DuplicateKey { .. } => "plan-error-duplicate-key",
            PlanProblem::NoPhases => "plan-error-no-phases",
            PlanProblem::PhaseEndsBeforeStart { .. } => "plan-error-phase-order",
            PlanProblem::PhasesOverlap { .. } => "plan-error-phase-overlap",
            PlanProblem::UnknownPhase { .. } => "plan-error-unknown-phase",
            PlanProblem::DateOutsidePhase { .. } => "plan-error-date-outside-phase",
            PlanProblem::DateOutsideCampaign { .. } => "plan-error-date-outside-campaign",
            PlanProblem::NoCriteria { .. } => "plan-error-no-criteria",
            PlanProblem::ZeroCount { .. } => "plan-error-zero",
            PlanProblem::WeightsNot100 { .. } => "plan-error-weights",
            PlanProblem::NoSource { .. } => "plan-error-no-source",
            PlanProblem::Formula { message_id, .. } => message_id,
            PlanProblem::GradesOutOfOrder { .. } => "plan-error-grades-order",
            PlanProblem::NoFloorGrade => "plan-error-grades-floor",
            PlanProblem::UnknownGrade { .. } => "plan-error-unknown-grade",
            PlanProblem::Above100 { .. } => "plan-error-above-100",
            PlanProblem::OutOfRange { .. } => "plan-error-out-of-range",
            PlanProblem::BadTime { .. } => "plan-error-time",
            PlanProblem::UnknownMeeting { .. } => "plan-error-unknown-meeting",
        }
    }

    /// The message arguments, by name.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            PlanProblem::Syntax(d) | PlanProblem::Schema(d) => vec![("detail", d.clone())],
            PlanProblem::Empty { field } | PlanProblem::ZeroCount { field } => {
                vec![("field", field.clone())]
            }
            PlanProblem::DuplicateKey { key } => vec![("key", key.clone())],
            PlanProblem::NoPhases => vec![],
            PlanProblem::PhaseEndsBeforeStart { phase }
            | PlanProblem::PhasesOverlap { phase }
            | PlanProblem::UnknownPhase { phase } => vec![("phase", phase.clone())],
            PlanProblem::DateOutsidePhase { date, phase } => {
                vec![("date", date.to_string()), ("phase", phase.clone())]
            }
            PlanProblem::DateOutsideCampaign { date } => vec![("date", date.to_string())],
            PlanProblem::NoCriteria { standard } => vec![("standard", standard.clone())],
            PlanProblem::WeightsNot100 { sum } => vec![("sum", sum.to_string())],
            PlanProblem::NoSource { indicator } => vec![("indicator", indicator.clone())],
            PlanProblem::Formula { at, detail, .. } => {
                vec![("at", at.to_string()), ("detail", detail.clone())]
            }
            PlanProblem::GradesOutOfOrder { grade } | PlanProblem::UnknownGrade { grade } => {
                vec![("grade", grade.clone())]
            }
            PlanProblem::NoFloorGrade => vec![],
            PlanProblem::Above100 { value } => vec![("value", value.to_string())],
            PlanProblem::OutOfRange { value, min, max } => vec![
                ("value", value.to_string()),
                ("min", min.to_string()),
                ("max", max.to_string()),
            ],
            PlanProblem::BadTime { time } => vec![("time", time.clone())],
            PlanProblem::UnknownMeeting { key } => vec![("key", key.clone())],
        }
    }
}

/// Parses and checks a plan file. On failure, every problem found, in file order.
pub fn parse_plan(source: &str) -> Result<Plan, Vec<PlanError>> {
    let doc = DeTable::parse(source).map_err(|e| {
        vec![error_at(
            source,
            e.span().map_or(0, |s| s.start),
            PlanProblem::Syntax(e.message().trim().to_string()),
        )]
    })?;
    let plan: Plan = toml::from_str(source).map_err(|e| {
        vec![error_at(
            source,
            e.span().map_or(0, |s| s.start),
            PlanProblem::Schema(e.message().trim().to_string()),
        )]
    })?;
    let mut found = Vec::new();
    rules(&plan, &mut |path, problem| found.push((path, problem)));
    if found.is_empty() {
        return Ok(plan);
    }
    let root = doc.get_ref();
    let mut errors: Vec<PlanError> = found
        .into_iter()
        .map(|(path, problem)| {
            let offset = span_of(root, &path).map_or(0, |s| s.start);
            error_at(source, offset, problem)
        })
        .collect();
    errors.sort_by_key(|e| (e.line, e.column));
    Err(errors)
}

fn error_at(source: &str, offset: usize, problem: PlanProblem) -> PlanError {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    PlanError {
        line,
        column,
        problem,
    }
}

/// The source span of the value at `path`, or of the nearest ancestor that exists.
fn span_of(root: &DeTable<'_>, path: &[Seg]) -> Option<Range<usize>> {
    let mut best = None;
    let mut table = Some(root);
    let mut array: Option<&[toml::Spanned<DeValue<'_>>]> = None;
    for seg in path {
        let value = match (seg, table, array) {
            (Seg::Key(k), Some(t), _) => t
                .iter()
                .find(|(key, _)| key.get_ref().as_ref() == *k)
                .map(|(_, v)| v),
            (Seg::Index(i), _, Some(a)) => a.get(*i),
            _ => None,
        }?;
        best = Some(value.span());
        table = None;
        array = None;
        match value.get_ref() {
            DeValue::Table(t) => table = Some(t),
            DeValue::Array(a) => array = Some(a.as_ref()),
            _ => {}
        }
    }
    best
}
