//! 考核 as the plan sets it: the indicators and where each is read from, their
//! weights or a formula, the grades, the veto items, who is assessed and when.

use super::StandardTarget;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    #[serde(default)]
    pub note: Option<String>,
    /// Plans written before indicators had sources called them `weights`.
    #[serde(alias = "weights")]
    pub indicators: Vec<Indicator>,
    /// A score written in the formula language over the indicators' keys;
    /// without one the score is the weighted sum.
    #[serde(default)]
    pub formula: Option<String>,
    /// From the highest grade down; the last one starts at 0.
    #[serde(default)]
    pub grades: Vec<GradeRule>,
    #[serde(default)]
    pub vetoes: Vec<Veto>,
    /// Who is assessed: `member` (by the branch) and `organisation` (the
    /// branches, by their superior). Both when left out.
    #[serde(default)]
    pub subjects: Vec<StandardTarget>,
    /// The phases whose records are assessed at their end; every phase when
    /// left out.
    #[serde(default)]
    pub phases: Vec<String>,
}

/// One part of the score.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub key: String,
    pub name: String,
    /// What the system reads the value from. A plan stored before sources
    /// existed has none; such an indicator is absent from every score.
    #[serde(default)]
    pub source: Option<Source>,
    pub weight: u32,
}

/// The records an indicator is read from; each gives a value from 0 to 100.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The weighted roll-up of the approved commitment of the phase.
    CommitmentFulfilment,
    /// The overall grades of the leader reviews in the phase, on the review scale.
    ReviewGrade,
    /// The share of good marks in the evaluation rounds closed in the phase.
    EvaluationGoodRate,
    /// The mean score of those rounds, as a share of the scale's top score.
    EvaluationMeanScore,
    /// The share of due study periods met.
    StudyCompliance,
    /// The share of the phase's meetings attended (a branch: held against required).
    MeetingAttendance,
    /// Programme tasks done against assigned; absent until programmes are recorded.
    ProgrammeTasks,
    /// 激励约束: 100 plus the points of the incentive and constraint records.
    Incentives,
}

impl Source {
    pub const ALL: [Source; 8] = [
        Source::CommitmentFulfilment,
        Source::ReviewGrade,
        Source::EvaluationGoodRate,
        Source::EvaluationMeanScore,
        Source::StudyCompliance,
        Source::MeetingAttendance,
        Source::ProgrammeTasks,
        Source::Incentives,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::CommitmentFulfilment => "commitment_fulfilment",
            Source::ReviewGrade => "review_grade",
            Source::EvaluationGoodRate => "evaluation_good_rate",
            Source::EvaluationMeanScore => "evaluation_mean_score",
            Source::StudyCompliance => "study_compliance",
            Source::MeetingAttendance => "meeting_attendance",
            Source::ProgrammeTasks => "programme_tasks",
            Source::Incentives => "incentives",
        }
    }
}

/// A grade and the lowest score that earns it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GradeRule {
    pub name: String,
    pub min: u32,
}

/// 一票否决: a constraint record of this key caps the grade at `grade`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Veto {
    pub key: String,
    pub name: String,
    pub grade: String,
}

impl Assessment {
    /// Whether subjects of `target` are assessed under this plan.
    pub fn assesses(&self, target: StandardTarget) -> bool {
        self.subjects.is_empty() || self.subjects.contains(&target)
    }

    /// Whether the records of phase `key` are assessed.
    pub fn in_phase(&self, key: &str) -> bool {
        self.phases.is_empty() || self.phases.iter().any(|p| p == key)
    }
}
