//! What the records give each subject of an assessment: the subjects (a
//! branch's party members, or the branches of a subtree), and the sources
//! (`sources`, `study_share`) read side by side, each a set-based query over
//! the assessor's subtree, never one per subject. A member is scored on their
//! own records, a branch on its own and its members'.

use super::{Basis, SubjectKind};
use crate::organisation::{Organisation, subtree_end};
use crate::{Result, Store, StoreError};
use domain::assessment::Raw;
use domain::date::Day;
use domain::organisation::OrgKind;
use domain::plan::Source;
use domain::study::Span;
use serde::Serialize;
use sqlx::Row;
use std::collections::{HashMap, HashSet};
use time::Duration;

/// A record an indicator was read from, for the score's explanation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceRef {
    pub source: Source,
    /// `commitment` (a member's), `commitments` (a branch's, summed), `review`,
    /// `round`, `meeting`, `incentive` or `quota`.
    pub kind: &'static str,
    pub id: i64,
    /// What it gave, in figures (`85%`, `好 (100)`, `12/15`).
    pub figure: String,
}

/// One subject's raw figures, by source.
#[derive(Clone, Debug)]
pub struct SubjectInputs {
    pub subject_id: i64,
    pub name: String,
    /// The organisation the subject is in (a member's branch or party group).
    pub org_name: String,
    pub raws: HashMap<Source, Raw>,
    pub vetoes: Vec<String>,
    pub refs: Vec<SourceRef>,
}

/// A share accumulated over records.
#[derive(Clone, Copy, Default)]
pub(super) struct Acc {
    pub(super) part: f64,
    pub(super) whole: f64,
}

impl Acc {
    pub(super) fn add(&mut self, part: f64, whole: f64) {
        self.part += part;
        self.whole += whole;
    }

    pub(super) fn raw(self) -> Raw {
        Raw::Share {
            part: self.part,
            whole: self.whole,
        }
    }
}

/// Maps a record's person and organisation to the subject it counts for.
pub(super) struct Subjects {
    pub(super) kind: SubjectKind,
    pub(super) ids: HashSet<i64>,
    /// Each organisation of the subtree to the branch it is in (itself for a branch).
    branch_of: HashMap<i64, i64>,
}

impl Subjects {
    /// The subject a record of `person` (or of the organisation itself) counts for.
    pub(super) fn of(&self, org_id: i64, person_id: Option<i64>) -> Option<i64> {
        let id = match self.kind {
            SubjectKind::Member => person_id?,
            SubjectKind::Organisation => *self.branch_of.get(&org_id)?,
        };
        self.ids.contains(&id).then_some(id)
    }

    /// Like `of`, for the records a branch is scored on only when they are its own.
    pub(super) fn own(&self, org_id: i64, person_id: Option<i64>) -> Option<i64> {
        match (self.kind, person_id) {
            (SubjectKind::Organisation, Some(_)) => None,
            _ => self.of(org_id, person_id),
        }
    }
}

impl Store {
    /// The subjects of an assessment by `org` and what the records give each,
    /// counted up to `today` inside the basis's phase.
    pub async fn assessment_inputs(
        &self,
        org: &Organisation,
        kind: SubjectKind,
        basis: &Basis,
        today: Day,
    ) -> Result<Vec<SubjectInputs>> {
        let orgs = self.subtree(&org.path).await?;
        let names: HashMap<i64, String> = orgs.iter().map(|o| (o.id, o.name.clone())).collect();
        let branches: HashSet<i64> = orgs
            .iter()
            .filter(|o| o.kind == OrgKind::Branch)
            .map(|o| o.id)
            .collect();
        let branch_of: HashMap<i64, i64> = orgs
            .iter()
            .filter_map(|o| {
                let branch = o
                    .path
                    .ids()
                    .into_iter()
                    .rev()
                    .find(|id| branches.contains(id))?;
                Some((o.id, branch))
            })
            .collect();
        let mut out: Vec<SubjectInputs> = match kind {
            SubjectKind::Member => self
                .members_in(org)
                .await?
                .into_iter()
                .map(|(id, name, org_id, _)| SubjectInputs {
                    subject_id: id,
                    name,
                    org_name: names.get(&org_id).cloned().unwrap_or_default(),
                    raws: HashMap::new(),
                    vetoes: Vec::new(),
                    refs: Vec::new(),
                })
                .collect(),
            SubjectKind::Organisation => orgs
                .iter()
                .filter(|o| o.kind == OrgKind::Branch && o.id != org.id)
                .map(|o| SubjectInputs {
                    subject_id: o.id,
                    name: o.name.clone(),
                    org_name: o
                        .parent_id
                        .and_then(|p| names.get(&p).cloned())
                        .unwrap_or_default(),
                    raws: HashMap::new(),
                    vetoes: Vec::new(),
                    refs: Vec::new(),
                })
                .collect(),
        };
        let subjects = Subjects {
            kind,
            ids: out.iter().map(|s| s.subject_id).collect(),
            branch_of,
        };
        let phase = &basis.phase;
        let until = phase.ends_on.min(today);
        let span = Span::new(phase.starts_on, until);
        let sources: HashSet<Source> = basis
            .scheme
            .indicators
            .iter()
            .filter_map(|i| i.source)
            .collect();
        // The sources are read side by side, each a query or two of its own.
        let want = |s: Source| sources.contains(&s);
        let wants_records = want(Source::Incentives) || !basis.scheme.vetoes.is_empty();
        let subjects = &subjects;
        let (fulfilment, reviews, good, mean, study, attendance, records) = tokio::try_join!(
            async {
                match want(Source::CommitmentFulfilment) {
                    true => self.fulfilment(org, subjects, &phase.key).await.map(Some),
                    false => Ok(None),
                }
            },
            async {
                match want(Source::ReviewGrade) {
                    true => self.review_grades(org, subjects, span).await.map(Some),
                    false => Ok(None),
                }
            },
            async {
                let s = Source::EvaluationGoodRate;
                match want(s) {
                    true => self
                        .evaluation_figures(org, subjects, &phase.key, s)
                        .await
                        .map(Some),
                    false => Ok(None),
                }
            },
            async {
                let s = Source::EvaluationMeanScore;
                match want(s) {
                    true => self
                        .evaluation_figures(org, subjects, &phase.key, s)
                        .await
                        .map(Some),
                    false => Ok(None),
                }
            },
            async {
                match want(Source::StudyCompliance) {
                    true => self
                        .study_share(org, subjects, basis, today)
                        .await
                        .map(Some),
                    false => Ok(None),
                }
            },
            async {
                match want(Source::MeetingAttendance) {
                    true => self.attendance(org, subjects, span).await.map(Some),
                    false => Ok(None),
                }
            },
            async {
                match wants_records {
                    true => self.incentive_points(org, subjects, span).await.map(Some),
                    false => Ok(None),
                }
            },
        )?;
        let mut found: HashMap<Source, HashMap<i64, (Raw, Vec<SourceRef>)>> = HashMap::new();
        let mut keep = |source: Source, by: Option<HashMap<i64, (Raw, Vec<SourceRef>)>>| {
            if let Some(by) = by {
                found.insert(source, by);
            }
        };
        keep(Source::CommitmentFulfilment, fulfilment);
        keep(Source::ReviewGrade, reviews);
        keep(Source::EvaluationGoodRate, good);
        keep(Source::EvaluationMeanScore, mean);
        keep(Source::StudyCompliance, study);
        keep(Source::MeetingAttendance, attendance);
        // Programme tasks are not recorded yet: absent for everyone.
        if want(Source::ProgrammeTasks) {
            keep(Source::ProgrammeTasks, Some(HashMap::new()));
        }
        if let Some((points, vetoes)) = records {
            if want(Source::Incentives) {
                keep(Source::Incentives, Some(points));
            }
            // The veto items are read from the same records, whether or not they score.
            for s in &mut out {
                s.vetoes = vetoes.get(&s.subject_id).cloned().unwrap_or_default();
            }
        }
        for s in &mut out {
            for (source, by_subject) in &found {
                let (raw, refs) = match by_subject.get(&s.subject_id) {
                    Some((raw, refs)) => (*raw, refs.clone()),
                    None => (default_raw(*source), Vec::new()),
                };
                s.raws.insert(*source, raw);
                s.refs.extend(refs);
            }
        }
        Ok(out)
    }

    /// The party members (正式 and 预备) in `org`'s subtree: id, name, organisation, added day.
    pub(super) async fn members_in(
        &self,
        org: &Organisation,
    ) -> Result<Vec<(i64, String, i64, Day)>> {
        let rows = sqlx::query(
            "SELECT p.id, p.name, p.org_id, p.created_at FROM people p
             JOIN organisations o ON o.id = p.org_id
             WHERE o.path >= $1 AND o.path < $2 AND p.status IN ('full', 'probationary')
             ORDER BY p.id",
        )
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let created: String = r.try_get("created_at")?;
                Ok((
                    r.try_get("id")?,
                    r.try_get("name")?,
                    r.try_get("org_id")?,
                    day_of(&created)?,
                ))
            })
            .collect()
    }
}

/// What a subject with no records of a source gets: nothing committed is 0%
/// done, a clean record is 100, and the rest are absent (left out of the score).
fn default_raw(source: Source) -> Raw {
    match source {
        Source::CommitmentFulfilment => Raw::Share {
            part: 0.0,
            whole: 100.0,
        },
        Source::Incentives => Raw::Points { points: 0 },
        _ => Raw::Absent,
    }
}

pub(super) fn next_day(day: Day) -> String {
    Day(day.0 + Duration::days(1)).to_string()
}

/// The day of a stored timestamp (`2026-12-04T…`).
fn day_of(stamp: &str) -> Result<Day> {
    Day::parse_iso(stamp.get(..10).unwrap_or(stamp))
        .ok_or_else(|| StoreError::Corrupt(format!("timestamp {stamp}")))
}
