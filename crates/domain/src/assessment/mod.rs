//! 考核: a score for each member or branch from what the system recorded. The
//! plan's scheme names the indicators; each arrives here as a raw figure (a
//! part of a whole, or points), is normalised to 0–100, and is weighted, or fed
//! to the plan's formula. The score explains itself line by line, a veto caps
//! the grade, and the ranking shows ties as ties.

pub mod formula;
mod rank;

pub use rank::{Ranked, rank};

use crate::plan::{Assessment, GradeRule, Source};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the records gave for one indicator of one subject.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Raw {
    /// `part` of `whole`: periods met of periods due, good marks of all marks,
    /// the sum of grades' scores of their top …
    Share { part: f64, whole: f64 },
    /// The points of incentive (+) and constraint (−) records.
    Points { points: i64 },
    /// Nothing was recorded for it.
    Absent,
}

impl Raw {
    /// The value from 0 to 100, or `None` when there is none.
    pub fn normalised(self) -> Option<f64> {
        match self {
            Raw::Share { whole, .. } if whole <= 0.0 => None,
            Raw::Share { part, whole } => Some((100.0 * part / whole).clamp(0.0, 100.0)),
            Raw::Points { points } => Some((100 + points).clamp(0, 100) as f64),
            Raw::Absent => None,
        }
    }
}

/// One line of a score's arithmetic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub key: String,
    pub name: String,
    pub source: Option<Source>,
    pub raw: Raw,
    /// 0–100, `None` when absent.
    pub value: Option<f64>,
    /// The plan's weight.
    pub weight: u32,
    /// The weight used: the plan's, scaled up over the indicators present
    /// when some are absent (weighted sum only).
    pub weight_used: f64,
    /// What the line adds to the score (weighted sum only).
    pub points: f64,
}

/// A score with its arithmetic, before and after the adjustment and veto.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub lines: Vec<Line>,
    /// The plan's formula where it has one.
    pub formula: Option<String>,
    /// Weighted sum or formula, held between 0 and 100.
    pub computed: f64,
    /// A manual adjustment, added to `computed`.
    pub adjustment: f64,
    /// `computed + adjustment`, held between 0 and 100 and rounded to hundredths.
    pub total: f64,
    /// The grade by the thresholds, capped by a veto.
    pub grade: Option<String>,
    /// The veto that capped the grade, by name.
    pub veto: Option<String>,
    /// Some indicators had no records and were left out.
    pub reweighted: bool,
}

/// Scores a subject: `raws` by indicator key, `vetoes` the keys of the veto
/// items its records hit, `adjustment` the assessor's manual change.
pub fn score(
    scheme: &Assessment,
    raws: &HashMap<String, Raw>,
    vetoes: &[String],
    adjustment: f64,
) -> Score {
    let mut lines: Vec<Line> = scheme
        .indicators
        .iter()
        .map(|i| {
            let raw = raws.get(&i.key).copied().unwrap_or(Raw::Absent);
            Line {
                key: i.key.clone(),
                name: i.name.clone(),
                source: i.source,
                raw,
                value: raw.normalised(),
                weight: i.weight,
                weight_used: 0.0,
                points: 0.0,
            }
        })
        .collect();
    let present: u32 = lines
        .iter()
        .filter(|l| l.value.is_some())
        .map(|l| l.weight)
        .sum();
    let all: u32 = lines.iter().map(|l| l.weight).sum();
    let reweighted = present < all;
    let parsed = scheme.formula.as_deref().and_then(|f| {
        let known: Vec<&str> = scheme.indicators.iter().map(|i| i.key.as_str()).collect();
        formula::parse(f, &known).ok()
    });
    let computed = match &parsed {
        Some(expr) => {
            // A formula sees an absent indicator as 0: it says itself how parts combine.
            let values = lines
                .iter()
                .map(|l| (l.key.clone(), l.value.unwrap_or(0.0)))
                .collect();
            formula::evaluate(expr, &values)
        }
        None => {
            for l in &mut lines {
                if let Some(v) = l.value {
                    l.weight_used = if present == 0 {
                        0.0
                    } else {
                        f64::from(l.weight) * 100.0 / f64::from(present)
                    };
                    l.points = v * l.weight_used / 100.0;
                }
            }
            lines.iter().map(|l| l.points).sum()
        }
    };
    let computed = clamp_score(computed);
    let total = hundredths(clamp_score(computed + adjustment));
    let by_score = grade_of(&scheme.grades, total);
    let hit = scheme.vetoes.iter().find(|v| vetoes.contains(&v.key));
    let grade = match (by_score, hit) {
        (Some(g), Some(v)) => Some(lower_grade(&scheme.grades, g, &v.grade)),
        (None, Some(v)) => Some(v.grade.clone()),
        (g, None) => g,
    };
    let by_formula = parsed.is_some();
    Score {
        lines,
        formula: parsed.and(scheme.formula.clone()),
        computed: hundredths(computed),
        adjustment,
        total,
        grade,
        veto: hit.map(|v| v.name.clone()),
        reweighted: reweighted && !by_formula,
    }
}

fn clamp_score(v: f64) -> f64 {
    if v.is_finite() {
        v.clamp(0.0, 100.0)
    } else {
        0.0
    }
}

/// Rounded half away from zero to hundredths, the precision scores are shown,
/// compared and stored at.
pub fn hundredths(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The first grade, from the top, whose threshold the score reaches.
pub fn grade_of(grades: &[GradeRule], score: f64) -> Option<String> {
    grades
        .iter()
        .find(|g| score >= f64::from(g.min))
        .map(|g| g.name.clone())
}

/// Of two grades, the one further down the list (a veto never raises a grade).
fn lower_grade(grades: &[GradeRule], a: String, b: &str) -> String {
    let at = |name: &str| grades.iter().position(|g| g.name == name);
    match (at(&a), at(b)) {
        (Some(i), Some(j)) if j > i => b.to_string(),
        (Some(_), Some(_)) => a,
        _ => b.to_string(),
    }
}

#[cfg(test)]
mod tests;
