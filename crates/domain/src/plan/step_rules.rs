//! The defaults a plan sets for the review and evaluation steps: how often they
//! are held, the review's overall grades, the evaluation's rating scale, who
//! evaluates and below what rate a member must rectify.

use super::Period;
use serde::{Deserialize, Serialize};

/// `[review]`: 领导点评.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReviewRules {
    /// How often each branch and member is reviewed (每半年一次: `half_year`).
    #[serde(default)]
    pub period: Option<Period>,
    /// The overall grades a reviewer gives, from the best down, each with its
    /// score out of 100 (the assessment reads it).
    #[serde(default)]
    pub grades: Vec<ScalePoint>,
}

/// `[evaluation]`: 群众评议.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EvaluationRules {
    #[serde(default)]
    pub period: Option<Period>,
    /// The rating scale a new round starts with, from the best down.
    #[serde(default)]
    pub scale: Vec<ScalePoint>,
    /// How many of the scale's top points count as good (满意率): 1 by default.
    #[serde(default)]
    pub good_points: Option<u32>,
    /// A target whose good rate is below this percent must rectify.
    #[serde(default)]
    pub rectify_below: Option<u32>,
    /// Who evaluates (党员, 群众, 患者, 职工 …), in the plan's words.
    #[serde(default)]
    pub evaluators: Vec<String>,
}

/// A point of a scale: 满意 = 100.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ScalePoint {
    pub name: String,
    pub score: u32,
}

/// `[supervision]`: 督促检查.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SupervisionRules {
    /// How often each organisation circulates its progress (支部每月通报一次:
    /// `month`, the default).
    #[serde(default)]
    pub circular_period: Option<Period>,
}

impl SupervisionRules {
    /// The period of the progress circulars: a month unless the plan says.
    pub fn circulars(rules: Option<&SupervisionRules>) -> Period {
        rules
            .and_then(|r| r.circular_period)
            .unwrap_or(Period::Month)
    }
}
