//! One query per source over the assessor's subtree, each giving every
//! subject's raw figure and the records it came from: commitments (their
//! roll-up kept on write), reviews, closed evaluation rounds (their figures
//! kept at the close), meeting attendance, and the incentive and constraint
//! records (with the veto items they trigger); study is in `study_share`. A branch's
//! figures are sums grouped by organisation, never a query per branch.

use super::SubjectKind;
use super::inputs::{Acc, SourceRef, Subjects, next_day};
use crate::organisation::{Organisation, subtree_end};
use crate::{Result, Store};
use domain::assessment::Raw;
use domain::plan::Source;
use domain::study::Span;
use sqlx::Row;
use std::collections::HashMap;

/// Each subject's raw figure and its records.
pub(super) type BySubject = HashMap<i64, (Raw, Vec<SourceRef>)>;

/// The shares summed per subject, as raw figures.
pub(super) fn finish(acc: HashMap<i64, (Acc, Vec<SourceRef>)>) -> BySubject {
    acc.into_iter()
        .map(|(k, (a, refs))| (k, (a.raw(), refs)))
        .collect()
}

impl Store {
    pub(super) async fn fulfilment(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        phase_key: &str,
    ) -> Result<BySubject> {
        let (from, to) = (org.path.as_str(), subtree_end(&org.path));
        // Commitments approved before their roll-up was kept get it now, once.
        let legacy: Vec<i64> = sqlx::query_scalar(
            "SELECT c.id FROM commitments c JOIN organisations o ON o.id = c.org_id
             WHERE o.path >= $1 AND o.path < $2 AND c.phase_key = $3
               AND c.approved IS NOT NULL AND c.weight_total IS NULL",
        )
        .bind(from)
        .bind(&to)
        .bind(phase_key)
        .fetch_all(&self.pool)
        .await?;
        if !legacy.is_empty() {
            let mut tx = self.begin().await?;
            for id in legacy {
                crate::commitment::refresh_rollup(&mut tx, id).await?;
            }
            tx.commit().await?;
        }
        // A member's own commitment, or each branch's sum over its commitments.
        let sql = match subjects.kind {
            SubjectKind::Member => {
                "SELECT c.id, c.org_id, c.person_id, c.weight_total AS weights,
                    c.weighted_done AS done, 1 AS n
                 FROM commitments c JOIN organisations o ON o.id = c.org_id
                 WHERE o.path >= $1 AND o.path < $2 AND c.phase_key = $3
                   AND c.approved IS NOT NULL AND c.person_id IS NOT NULL"
            }
            SubjectKind::Organisation => {
                "SELECT c.org_id AS id, c.org_id, CAST(NULL AS BIGINT) AS person_id,
                    CAST(SUM(c.weight_total) AS BIGINT) AS weights,
                    CAST(SUM(c.weighted_done) AS BIGINT) AS done, COUNT(*) AS n
                 FROM commitments c JOIN organisations o ON o.id = c.org_id
                 WHERE o.path >= $1 AND o.path < $2 AND c.phase_key = $3
                   AND c.approved IS NOT NULL
                 GROUP BY c.org_id"
            }
        };
        let rows = sqlx::query(sql)
            .bind(from)
            .bind(&to)
            .bind(phase_key)
            .fetch_all(&self.pool)
            .await?;
        let mut acc: HashMap<i64, (Acc, Vec<SourceRef>)> = HashMap::new();
        for r in &rows {
            let Some(subject) = subjects.of(r.try_get("org_id")?, r.try_get("person_id")?) else {
                continue;
            };
            let weights: i64 = r.try_get::<Option<i64>, _>("weights")?.unwrap_or(0);
            let done: i64 = r.try_get::<Option<i64>, _>("done")?.unwrap_or(0);
            let entry = acc.entry(subject).or_default();
            entry.0.add(done as f64, weights as f64 * 100.0);
            let percent = if weights > 0 {
                (done * 2 + weights) / (weights * 2)
            } else {
                0
            };
            let (kind, figure) = match subjects.kind {
                SubjectKind::Member => ("commitment", format!("{percent}%")),
                SubjectKind::Organisation => (
                    "commitments",
                    format!("{percent}% ({})", r.try_get::<i64, _>("n")?),
                ),
            };
            entry.1.push(SourceRef {
                source: Source::CommitmentFulfilment,
                kind,
                id: r.try_get("id")?,
                figure,
            });
        }
        Ok(finish(acc))
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
               AND r.created_at >= $3 AND r.created_at < $4 AND ($5 = 1 OR r.person_id IS NULL)
             ORDER BY r.id",
        )
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .bind(span.first.to_string())
        .bind(next_day(span.last))
        .bind(i64::from(subjects.kind == SubjectKind::Member))
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
        Ok(finish(acc))
    }

    pub(super) async fn evaluation_figures(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        phase_key: &str,
        source: Source,
    ) -> Result<BySubject> {
        self.backfill_figures(org, phase_key).await?;
        // The figures kept when each round closed: only targets it shows.
        let whose = match subjects.kind {
            SubjectKind::Member => "t.person_id IS NOT NULL",
            SubjectKind::Organisation => "t.person_id IS NULL AND t.org_id IS NOT NULL",
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT f.round_id, t.org_id, t.person_id, f.marks, f.good, f.score_sum
             FROM evaluation_figures f
             JOIN evaluation_targets t ON t.id = f.target_id
             JOIN evaluation_rounds r ON r.id = f.round_id
             JOIN organisations o ON o.id = r.org_id
             WHERE o.path >= $1 AND o.path < $2 AND r.phase_key = $3 AND {whose}
             ORDER BY f.round_id"
        )))
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .bind(phase_key)
        .fetch_all(&self.pool)
        .await?;
        let mut acc: HashMap<i64, (Acc, Vec<SourceRef>)> = HashMap::new();
        for r in &rows {
            let subject = match subjects.kind {
                SubjectKind::Member => r.try_get::<Option<i64>, _>("person_id")?,
                SubjectKind::Organisation => r.try_get::<Option<i64>, _>("org_id")?,
            };
            let Some(subject) = subject.filter(|s| subjects.ids.contains(s)) else {
                continue;
            };
            let marks = r.try_get::<i64, _>("marks")? as f64;
            let entry = acc.entry(subject).or_default();
            let figure = if source == Source::EvaluationGoodRate {
                let good = r.try_get::<i64, _>("good")? as f64;
                entry.0.add(good, marks);
                format!("{:.1}% ({marks})", 100.0 * good / marks.max(1.0))
            } else {
                let sum = r.try_get::<i64, _>("score_sum")? as f64;
                entry.0.add(sum, 100.0 * marks);
                format!("{:.1} ({marks})", sum / marks.max(1.0))
            };
            entry.1.push(SourceRef {
                source,
                kind: "round",
                id: r.try_get("round_id")?,
                figure,
            });
        }
        Ok(finish(acc))
    }

    pub(super) async fn attendance(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        span: Span,
    ) -> Result<BySubject> {
        let key = match subjects.kind {
            SubjectKind::Member => "a.person_id",
            SubjectKind::Organisation => "CAST(NULL AS BIGINT)",
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT m.org_id, {key} AS person_id,
                CAST(SUM(CASE WHEN a.state = 'present' THEN 1 ELSE 0 END) AS BIGINT) AS present,
                COUNT(*) AS marked
             FROM meeting_attendees a
             JOIN meetings m ON m.id = a.meeting_id JOIN organisations o ON o.id = m.org_id
             WHERE o.path >= $1 AND o.path < $2 AND m.starts_at >= $3 AND m.starts_at < $4
               AND a.state IN ('present', 'absent')
             GROUP BY m.org_id, {key}"
        )))
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .bind(span.first.to_string())
        .bind(next_day(span.last))
        .fetch_all(&self.pool)
        .await?;
        let mut acc: HashMap<i64, Acc> = HashMap::new();
        for r in &rows {
            let Some(subject) = subjects.of(r.try_get("org_id")?, r.try_get("person_id")?) else {
                continue;
            };
            acc.entry(subject).or_default().add(
                r.try_get::<i64, _>("present")? as f64,
                r.try_get::<i64, _>("marked")? as f64,
            );
        }
        Ok(acc
            .into_iter()
            .map(|(k, a)| {
                let refs = vec![SourceRef {
                    source: Source::MeetingAttendance,
                    kind: "meeting",
                    id: k,
                    figure: format!("{}/{}", a.part, a.whole),
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
               AND ($5 = 1 OR r.person_id IS NULL)
             ORDER BY r.id",
        )
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .bind(span.first.to_string())
        .bind(span.last.to_string())
        .bind(i64::from(subjects.kind == SubjectKind::Member))
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
