//! What the records give each subject of an assessment, one set-based query
//! per source over the assessor's subtree (never a query per subject): a member
//! is scored on their own records, a branch on its own and its members'.

use super::{Basis, SubjectKind};
use crate::organisation::{Organisation, subtree_end};
use crate::{Result, Store, StoreError};
use domain::assessment::Raw;
use domain::commitment::Item;
use domain::date::Day;
use domain::organisation::OrgKind;
use domain::plan::Source;
use domain::study::{Span, due_before};
use serde::Serialize;
use sqlx::Row;
use std::collections::{HashMap, HashSet};
use time::Duration;

/// A record an indicator was read from, for the score's explanation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceRef {
    pub source: Source,
    /// `commitment`, `review`, `round`, `meeting`, `incentive` or `quota`.
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
struct Acc {
    part: f64,
    whole: f64,
}

impl Acc {
    fn add(&mut self, part: f64, whole: f64) {
        self.part += part;
        self.whole += whole;
    }

    fn raw(self) -> Raw {
        Raw::Share {
            part: self.part,
            whole: self.whole,
        }
    }
}

/// Maps a record's person and organisation to the subject it counts for.
struct Subjects {
    kind: SubjectKind,
    ids: HashSet<i64>,
    /// Each organisation of the subtree to the branch it is in (itself for a branch).
    branch_of: HashMap<i64, i64>,
}

impl Subjects {
    /// The subject a record of `person` (or of the organisation itself) counts for.
    fn of(&self, org_id: i64, person_id: Option<i64>) -> Option<i64> {
        let id = match self.kind {
            SubjectKind::Member => person_id?,
            SubjectKind::Organisation => *self.branch_of.get(&org_id)?,
        };
        self.ids.contains(&id).then_some(id)
    }

    /// Like `of`, for the records a branch is scored on only when they are its own.
    fn own(&self, org_id: i64, person_id: Option<i64>) -> Option<i64> {
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
        let mut found: HashMap<Source, HashMap<i64, (Raw, Vec<SourceRef>)>> = HashMap::new();
        for source in sources {
            let by_subject = match source {
                Source::CommitmentFulfilment => self.fulfilment(org, &subjects, &phase.key).await?,
                Source::ReviewGrade => self.review_grades(org, &subjects, span).await?,
                Source::EvaluationGoodRate | Source::EvaluationMeanScore => {
                    self.evaluation_figures(org, &subjects, &phase.key, source)
                        .await?
                }
                Source::StudyCompliance => self.study_share(org, &subjects, basis, today).await?,
                Source::MeetingAttendance => self.attendance(org, &subjects, span).await?,
                // Programme tasks are not recorded yet: absent for everyone.
                Source::ProgrammeTasks => HashMap::new(),
                Source::Incentives => self.incentive_points(org, &subjects, span).await?.0,
            };
            found.insert(source, by_subject);
        }
        // The veto items are read from the same records, whether or not they score.
        if !basis.scheme.vetoes.is_empty() {
            let (_, vetoes) = self.incentive_points(org, &subjects, span).await?;
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
    async fn members_in(&self, org: &Organisation) -> Result<Vec<(i64, String, i64, Day)>> {
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

    async fn fulfilment(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        phase_key: &str,
    ) -> Result<HashMap<i64, (Raw, Vec<SourceRef>)>> {
        let (from, to) = (org.path.as_str(), subtree_end(&org.path));
        let rows = sqlx::query(
            "SELECT c.id, c.org_id, c.person_id, c.approved FROM commitments c
             JOIN organisations o ON o.id = c.org_id
             WHERE o.path >= $1 AND o.path < $2 AND c.phase_key = $3 AND c.approved IS NOT NULL",
        )
        .bind(from)
        .bind(&to)
        .bind(phase_key)
        .fetch_all(&self.pool)
        .await?;
        let latest = sqlx::query(
            "SELECT f.commitment_id, f.item_key, f.percent FROM fulfilments f
             JOIN commitments c ON c.id = f.commitment_id
             JOIN organisations o ON o.id = c.org_id
             WHERE o.path >= $1 AND o.path < $2 AND c.phase_key = $3
               AND f.id = (SELECT MAX(g.id) FROM fulfilments g
                           WHERE g.commitment_id = f.commitment_id AND g.item_key = f.item_key)",
        )
        .bind(from)
        .bind(&to)
        .bind(phase_key)
        .fetch_all(&self.pool)
        .await?;
        let mut percent: HashMap<(i64, String), u8> = HashMap::new();
        for r in &latest {
            let p: i64 = r.try_get("percent")?;
            percent.insert(
                (r.try_get("commitment_id")?, r.try_get("item_key")?),
                p.clamp(0, 100) as u8,
            );
        }
        let mut acc: HashMap<i64, (Acc, Vec<SourceRef>)> = HashMap::new();
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let Some(subject) = subjects.of(r.try_get("org_id")?, r.try_get("person_id")?) else {
                continue;
            };
            let items: Vec<Item> = serde_json::from_str(&r.try_get::<String, _>("approved")?)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let done = |item: &Item| percent.get(&(id, item.key.clone())).copied().unwrap_or(0);
            let entry = acc.entry(subject).or_default();
            for item in &items {
                entry.0.add(
                    f64::from(item.weight) * f64::from(done(item)),
                    f64::from(item.weight) * 100.0,
                );
            }
            let rolled = domain::commitment::rollup(items.iter().map(|i| (i.weight, done(i))));
            entry.1.push(SourceRef {
                source: Source::CommitmentFulfilment,
                kind: "commitment",
                id,
                figure: format!("{rolled}%"),
            });
        }
        Ok(acc
            .into_iter()
            .map(|(k, (a, refs))| (k, (a.raw(), refs)))
            .collect())
    }

    async fn review_grades(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        span: Span,
    ) -> Result<HashMap<i64, (Raw, Vec<SourceRef>)>> {
        let rows = sqlx::query(
            "SELECT r.id, r.org_id, r.person_id, r.grade, r.grade_score FROM reviews r
             JOIN organisations o ON o.id = r.org_id
             WHERE o.path >= $1 AND o.path < $2 AND r.grade_score IS NOT NULL
               AND r.created_at >= $3 AND r.created_at < $4 ORDER BY r.id",
        )
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .bind(span.first.to_string())
        .bind(next_day(span.last))
        .fetch_all(&self.pool)
        .await?;
        let mut acc: HashMap<i64, (Acc, Vec<SourceRef>)> = HashMap::new();
        for r in &rows {
            let Some(subject) = subjects.own(r.try_get("org_id")?, r.try_get("person_id")?) else {
                continue;
            };
            let score: i64 = r.try_get("grade_score")?;
            let grade: String = r.try_get("grade")?;
            let entry = acc.entry(subject).or_default();
            entry.0.add(score as f64, 100.0);
            entry.1.push(SourceRef {
                source: Source::ReviewGrade,
                kind: "review",
                id: r.try_get("id")?,
                figure: format!("{grade} ({score})"),
            });
        }
        Ok(acc
            .into_iter()
            .map(|(k, (a, refs))| (k, (a.raw(), refs)))
            .collect())
    }

    async fn evaluation_figures(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        phase_key: &str,
        source: Source,
    ) -> Result<HashMap<i64, (Raw, Vec<SourceRef>)>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT r.id FROM evaluation_rounds r JOIN organisations o ON o.id = r.org_id
             WHERE o.path >= $1 AND o.path < $2 AND r.phase_key = $3 AND r.closed_at IS NOT NULL
             ORDER BY r.id",
        )
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .bind(phase_key)
        .fetch_all(&self.pool)
        .await?;
        let mut acc: HashMap<i64, (Acc, Vec<SourceRef>)> = HashMap::new();
        for id in ids {
            let round = self.round(id).await?;
            // Only results the round shows: a target below its minimum of ballots has none.
            for t in self.round_results(&round).await?.targets {
                let Some(fig) = &t.result.overall else {
                    continue;
                };
                let subject = match (subjects.kind, t.target.person_id, t.target.org_id) {
                    (SubjectKind::Member, Some(p), _) => {
                        Some(p).filter(|p| subjects.ids.contains(p))
                    }
                    (SubjectKind::Organisation, None, Some(o)) => {
                        Some(o).filter(|o| subjects.ids.contains(o))
                    }
                    _ => None,
                };
                let Some(subject) = subject else { continue };
                let total = fig.total as f64;
                let entry = acc.entry(subject).or_default();
                let figure = if source == Source::EvaluationGoodRate {
                    entry.0.add(fig.good_share * total, total);
                    format!("{}% ({})", fig.good_percent(), fig.total)
                } else {
                    entry.0.add(fig.mean * total, 100.0 * total);
                    format!("{} ({})", fig.mean_text(), fig.total)
                };
                entry.1.push(SourceRef {
                    source,
                    kind: "round",
                    id: round.id,
                    figure,
                });
            }
        }
        Ok(acc
            .into_iter()
            .map(|(k, (a, refs))| (k, (a.raw(), refs)))
            .collect())
    }

    async fn study_share(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        basis: &Basis,
        today: Day,
    ) -> Result<HashMap<i64, (Raw, Vec<SourceRef>)>> {
        let members = self.members_in(org).await?;
        let met: HashMap<(i64, String), i64> = self
            .standings(&org.path)
            .await?
            .into_iter()
            .map(|s| ((s.person_id, s.quota_key), s.met_periods))
            .collect();
        let phase = &basis.phase;
        // Periods that ended inside the phase and before today are due.
        let asof = Day(phase.ends_on.0 + Duration::days(1)).min(today);
        let mut acc: HashMap<i64, (Acc, Vec<SourceRef>)> = HashMap::new();
        for (person, _, org_id, added) in members {
            let Some(subject) = subjects.of(org_id, Some(person)) else {
                continue;
            };
            let covered = Span::new(phase.starts_on.max(added), phase.ends_on);
            let entry = acc.entry(subject).or_default();
            for q in &basis.quotas {
                let due = u64::from(due_before(q.period, q.target, covered, asof));
                let done = met
                    .get(&(person, q.key.clone()))
                    .copied()
                    .unwrap_or(0)
                    .clamp(0, due as i64) as u64;
                entry.0.add(done as f64, due as f64);
                if subjects.kind == SubjectKind::Member && due > 0 {
                    entry.1.push(SourceRef {
                        source: Source::StudyCompliance,
                        kind: "quota",
                        id: person,
                        figure: format!("{}: {done}/{due}", q.name),
                    });
                }
            }
        }
        Ok(acc
            .into_iter()
            .filter(|(_, (a, _))| a.whole > 0.0)
            .map(|(k, (a, refs))| (k, (a.raw(), refs)))
            .collect())
    }

    async fn attendance(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        span: Span,
    ) -> Result<HashMap<i64, (Raw, Vec<SourceRef>)>> {
        let rows = sqlx::query(
            "SELECT m.id, m.org_id, a.person_id, a.state FROM meeting_attendees a
             JOIN meetings m ON m.id = a.meeting_id JOIN organisations o ON o.id = m.org_id
             WHERE o.path >= $1 AND o.path < $2 AND m.starts_at >= $3 AND m.starts_at < $4
               AND a.state IN ('present', 'absent')",
        )
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .bind(span.first.to_string())
        .bind(next_day(span.last))
        .fetch_all(&self.pool)
        .await?;
        let mut acc: HashMap<i64, (Acc, Vec<SourceRef>)> = HashMap::new();
        for r in &rows {
            let person: i64 = r.try_get("person_id")?;
            let Some(subject) = subjects.of(r.try_get("org_id")?, Some(person)) else {
                continue;
            };
            let present = r.try_get::<String, _>("state")? == "present";
            acc.entry(subject)
                .or_default()
                .0
                .add(if present { 1.0 } else { 0.0 }, 1.0);
        }
        Ok(acc
            .into_iter()
            .map(|(k, (a, _))| {
                let figure = format!("{}/{}", a.part, a.whole);
                let refs = vec![SourceRef {
                    source: Source::MeetingAttendance,
                    kind: "meeting",
                    id: k,
                    figure,
                }];
                (k, (a.raw(), refs))
            })
            .collect())
    }

    #[allow(clippy::type_complexity)]
    async fn incentive_points(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        span: Span,
    ) -> Result<(
        HashMap<i64, (Raw, Vec<SourceRef>)>,
        HashMap<i64, Vec<String>>,
    )> {
        let rows = sqlx::query(
            "SELECT r.id, r.org_id, r.person_id, r.kind, r.points, r.veto_key, r.reason
             FROM incentive_records r JOIN organisations o ON o.id = r.org_id
             WHERE o.path >= $1 AND o.path < $2 AND r.on_day >= $3 AND r.on_day <= $4
             ORDER BY r.id",
        )
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .bind(span.first.to_string())
        .bind(span.last.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut points: HashMap<i64, (i64, Vec<SourceRef>)> = HashMap::new();
        let mut vetoes: HashMap<i64, Vec<String>> = HashMap::new();
        for r in &rows {
            let Some(subject) = subjects.own(r.try_get("org_id")?, r.try_get("person_id")?) else {
                continue;
            };
            let p: i64 = r.try_get("points")?;
            let reason: String = r.try_get("reason")?;
            let entry = points.entry(subject).or_default();
            entry.0 += p;
            entry.1.push(SourceRef {
                source: Source::Incentives,
                kind: "incentive",
                id: r.try_get("id")?,
                figure: format!("{p:+} {reason}"),
            });
            if let Some(v) = r.try_get::<Option<String>, _>("veto_key")? {
                vetoes.entry(subject).or_default().push(v);
            }
        }
        Ok((
            points
                .into_iter()
                .map(|(k, (p, refs))| (k, (Raw::Points { points: p }, refs)))
                .collect(),
            vetoes,
        ))
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

fn next_day(day: Day) -> String {
    Day(day.0 + Duration::days(1)).to_string()
}

/// The day of a stored timestamp (`2026-12-04T…`).
fn day_of(stamp: &str) -> Result<Day> {
    Day::parse_iso(stamp.get(..10).unwrap_or(stamp))
        .ok_or_else(|| StoreError::Corrupt(format!("timestamp {stamp}")))
}
