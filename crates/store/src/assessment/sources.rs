//! One query per source over the assessor's subtree, each giving every
//! subject's raw figure and the records it came from: commitments, reviews,
//! closed evaluation rounds, study standings, meeting attendance, and the
//! incentive and constraint records (with the veto items they trigger).

use super::inputs::{Acc, SourceRef, Subjects, next_day};
use super::{Basis, SubjectKind};
use crate::organisation::{Organisation, subtree_end};
use crate::{Result, Store, StoreError};
use domain::assessment::Raw;
use domain::commitment::Item;
use domain::date::Day;
use domain::plan::Source;
use domain::study::{Span, due_before};
use sqlx::Row;
use std::collections::HashMap;
use time::Duration;

/// Each subject's raw figure and its records.
pub(super) type BySubject = HashMap<i64, (Raw, Vec<SourceRef>)>;

impl Store {
    pub(super) async fn fulfilment(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        phase_key: &str,
    ) -> Result<BySubject> {
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

    pub(super) async fn review_grades(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        span: Span,
    ) -> Result<BySubject> {
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

    pub(super) async fn evaluation_figures(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        phase_key: &str,
        source: Source,
    ) -> Result<BySubject> {
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

    pub(super) async fn study_share(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        basis: &Basis,
        today: Day,
    ) -> Result<BySubject> {
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

    pub(super) async fn attendance(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        span: Span,
    ) -> Result<BySubject> {
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
    pub(super) async fn incentive_points(
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
