//! Assessments, scores and incentive records as the API answers them.

use serde::Serialize;
use store::assessment::{Assessment, IncentiveRecord, SubjectScore};
use utoipa::ToSchema;

/// An assessment of one phase, without its scores.
#[derive(Serialize, ToSchema)]
pub struct AssessmentView {
    pub id: i64,
    /// The assessing organisation.
    pub org_id: i64,
    /// `member` (the branch's members) or `organisation` (the branches below).
    pub subject_kind: String,
    pub version: i64,
    /// Frozen: its scores no longer follow the records.
    pub is_final: bool,
    pub phase_key: String,
    pub phase_name: String,
    /// The phase's first and last day, `YYYY-MM-DD`.
    pub starts_on: String,
    pub ends_on: String,
    pub created_by: String,
    pub created_at: String,
    pub finalised_by: Option<String>,
    pub finalised_at: Option<String>,
}

impl From<&Assessment> for AssessmentView {
    fn from(a: &Assessment) -> AssessmentView {
        AssessmentView {
            id: a.id,
            org_id: a.org_id,
            subject_kind: a.subject_kind.as_str().to_string(),
            version: a.version,
            is_final: a.is_final,
            phase_key: a.basis.phase.key.clone(),
            phase_name: a.basis.phase.name.clone(),
            starts_on: a.basis.phase.starts_on.to_string(),
            ends_on: a.basis.phase.ends_on.to_string(),
            created_by: a.created_by.clone(),
            created_at: a.created_at.clone(),
            finalised_by: a.finalised_by.clone(),
            finalised_at: a.finalised_at.clone(),
        }
    }
}

/// One indicator of a score, with its arithmetic.
#[derive(Serialize, ToSchema)]
pub struct LineView {
    pub key: String,
    pub name: String,
    /// Where the value is read from (`commitment_fulfilment` …); none in an old plan.
    pub source: Option<String>,
    /// The raw figure: `part` of `whole`, or `points`; all none when absent.
    pub part: Option<f64>,
    pub whole: Option<f64>,
    pub points_recorded: Option<i64>,
    /// 0–100; none when nothing was recorded.
    pub value: Option<f64>,
    pub weight: u32,
    /// The weight after the absent indicators' share is spread over the others.
    pub weight_used: f64,
    /// What the line adds to a weighted score.
    pub points: f64,
}

/// A source record behind a score.
#[derive(Serialize, ToSchema)]
pub struct ScoreRecordView {
    pub indicator: String,
    /// `commitment`, `review`, `round`, `meeting`, `incentive` or `quota`.
    pub kind: String,
    pub id: i64,
    pub figure: String,
}

#[derive(Serialize, ToSchema)]
pub struct AdjustmentView {
    pub points: f64,
    pub reason: String,
    pub by: String,
    pub at: String,
}

/// A subject's score, place and grade, explained.
#[derive(Serialize, ToSchema)]
pub struct ScoreView {
    pub subject_id: i64,
    pub name: String,
    pub org_name: String,
    /// 1 for the best; equal scores share a place.
    pub place: usize,
    pub tied: bool,
    /// The weighted sum or formula, 0–100.
    pub computed: f64,
    pub adjustment: Option<AdjustmentView>,
    /// `computed` plus the adjustment, 0–100, in hundredths.
    pub total: f64,
    pub grade: Option<String>,
    /// The veto item that capped the grade.
    pub veto: Option<String>,
    pub formula: Option<String>,
    /// Some indicators were absent and left out of a weighted score.
    pub reweighted: bool,
    pub lines: Vec<LineView>,
    pub records: Vec<ScoreRecordView>,
}

impl From<&SubjectScore> for ScoreView {
    fn from(s: &SubjectScore) -> ScoreView {
        use domain::assessment::Raw;
        ScoreView {
            subject_id: s.subject_id,
            name: s.name.clone(),
            org_name: s.org_name.clone(),
            place: s.place,
            tied: s.tied,
            computed: s.score.computed,
            adjustment: s.adjustment.as_ref().map(|a| AdjustmentView {
                points: a.points,
                reason: a.reason.clone(),
                by: a.by.clone(),
                at: a.at.clone(),
            }),
            total: s.score.total,
            grade: s.score.grade.clone(),
            veto: s.score.veto.clone(),
            formula: s.score.formula.clone(),
            reweighted: s.score.reweighted,
            lines: s
                .score
                .lines
                .iter()
                .map(|l| {
                    let (part, whole, points_recorded) = match l.raw {
                        Raw::Share { part, whole } => (Some(part), Some(whole), None),
                        Raw::Points { points } => (None, None, Some(points)),
                        Raw::Absent => (None, None, None),
                    };
                    LineView {
                        key: l.key.clone(),
                        name: l.name.clone(),
                        source: l.source.map(|s| s.as_str().to_string()),
                        part,
                        whole,
                        points_recorded,
                        value: l.value,
                        weight: l.weight,
                        weight_used: l.weight_used,
                        points: l.points,
                    }
                })
                .collect(),
            records: s
                .refs
                .iter()
                .map(|r| ScoreRecordView {
                    indicator: r.indicator.clone(),
                    kind: r.kind.clone(),
                    id: r.id,
                    figure: r.figure.clone(),
                })
                .collect(),
        }
    }
}

/// An assessment with a page of its scores, best first.
#[derive(Serialize, ToSchema)]
pub struct AssessmentWithScoresView {
    #[serde(flatten)]
    pub assessment: AssessmentView,
    /// How many subjects it scores in all.
    pub total: usize,
    pub page: i64,
    pub per_page: i64,
    pub scores: Vec<ScoreView>,
}

/// An incentive or constraint record.
#[derive(Serialize, ToSchema)]
pub struct IncentiveView {
    pub id: i64,
    pub org_id: i64,
    /// The member; none for the branch itself.
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    /// `incentive` or `constraint`.
    pub kind: String,
    /// Positive for an incentive, negative for a constraint.
    pub points: i64,
    /// The plan's veto item it triggers.
    pub veto_key: Option<String>,
    pub reason: String,
    pub on_day: String,
    pub recorded_by: String,
}

impl From<&IncentiveRecord> for IncentiveView {
    fn from(r: &IncentiveRecord) -> IncentiveView {
        IncentiveView {
            id: r.id,
            org_id: r.org_id,
            person_id: r.person_id,
            person_name: r.person_name.clone(),
            kind: r.kind.as_str().to_string(),
            points: r.points,
            veto_key: r.veto_key.clone(),
            reason: r.reason.clone(),
            on_day: r.on_day.clone(),
            recorded_by: r.recorded_by.clone(),
        }
    }
}
