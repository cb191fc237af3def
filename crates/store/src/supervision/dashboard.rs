//! Every organisation's raw figures over a subtree, for the office's
//! dashboard: one grouped query per indicator, never a query per branch.
//! What is due (reviews per period, meetings per rule) follows the plan, so
//! the web layer sets the figures against it.

use crate::organisation::{Organisation, subtree_end};
use crate::{Result, Store, StoreError};
use domain::plan::MeetingKind;
use domain::study::Span;
use serde::Serialize;
use sqlx::Row;
use std::collections::HashMap;

/// One organisation's counts, as the records have them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BranchFigures {
    /// Party members (full and probationary).
    pub members: i64,
    /// Members' commitments approved in the phase.
    pub commitments_approved: i64,
    /// The approved items' weights and their weighted percents done, summed.
    pub commitment_weights: i64,
    pub commitment_done: i64,
    /// Reviews of the branch or its members written in the phase.
    pub reviews: i64,
    /// Evaluation codes of its own rounds in the phase, and those used.
    pub codes_issued: i64,
    pub codes_used: i64,
    /// Marks given to it or its members in closed rounds, and the good ones.
    pub marks: i64,
    pub good_marks: i64,
    pub rectifications_open: i64,
    pub rectifications_overdue: i64,
}

/// A meeting held, by organisation and kind, with its start (UTC text).
#[derive(Clone, Debug)]
pub struct MeetingHeld {
    pub org_id: i64,
    pub kind: MeetingKind,
    pub starts_at: String,
}

impl Store {
    /// The figures of every organisation in `org`'s subtree that has any, for
    /// the phase `phase_key` spanning `span`, as of `today` (ISO day).
    pub async fn branch_figures(
        &self,
        org: &Organisation,
        phase_key: &str,
        span: Span,
        today: &str,
    ) -> Result<HashMap<i64, BranchFigures>> {
        let (from, to) = (org.path.as_str(), subtree_end(&org.path));
        let mut by: HashMap<i64, BranchFigures> = HashMap::new();
        let first = span.first.to_string();
        let after = span.last.add_days(1).to_string();
        let queries: [(&str, Vec<String>); 6] = [
            (
                "SELECT p.org_id, COUNT(*) AS a, CAST(0 AS BIGINT) AS b FROM people p
                 JOIN organisations o ON o.id = p.org_id
                 WHERE o.path >= $1 AND o.path < $2 AND p.status IN ('full', 'probationary')
                 GROUP BY p.org_id",
                vec![],
            ),
            (
                "SELECT c.org_id, COUNT(*) AS a, CAST(SUM(COALESCE(c.weight_total, 0)) AS BIGINT) AS b,
                    CAST(SUM(COALESCE(c.weighted_done, 0)) AS BIGINT) AS c
                 FROM commitments c JOIN organisations o ON o.id = c.org_id
                 WHERE o.path >= $1 AND o.path < $2 AND c.phase_key = $3
                   AND c.approved IS NOT NULL AND c.person_id IS NOT NULL
                 GROUP BY c.org_id",
                vec![phase_key.to_string()],
            ),
            (
                "SELECT r.org_id, COUNT(*) AS a, CAST(0 AS BIGINT) AS b FROM reviews r
                 JOIN organisations o ON o.id = r.org_id
                 WHERE o.path >= $1 AND o.path < $2 AND r.created_at >= $3 AND r.created_at < $4
                 GROUP BY r.org_id",
                vec![first.clone(), after.clone()],
            ),
            (
                "SELECT r.org_id, COUNT(*) AS a,
                    CAST(SUM(CASE WHEN k.state = 'used' THEN 1 ELSE 0 END) AS BIGINT) AS b
                 FROM evaluation_codes k JOIN evaluation_rounds r ON r.id = k.round_id
                 JOIN organisations o ON o.id = r.org_id
                 WHERE o.path >= $1 AND o.path < $2 AND r.phase_key = $3 AND k.state <> 'revoked'
                 GROUP BY r.org_id",
                vec![phase_key.to_string()],
            ),
            (
                // A branch's own marks and its members', each by its index
                // (a join on either would read every result of the round).
                "SELECT x.org_id, CAST(SUM(x.marks) AS BIGINT) AS a, CAST(SUM(x.good) AS BIGINT) AS b
                 FROM (SELECT t.org_id, f.marks, f.good
                       FROM evaluation_figures f JOIN evaluation_targets t ON t.id = f.target_id
                       JOIN evaluation_rounds r ON r.id = f.round_id
                       JOIN organisations o ON o.id = t.org_id
                       WHERE o.path >= $1 AND o.path < $2 AND r.phase_key = $3
                       UNION ALL
                       SELECT p.org_id, f.marks, f.good
                       FROM evaluation_figures f JOIN evaluation_targets t ON t.id = f.target_id
                       JOIN evaluation_rounds r ON r.id = f.round_id
                       JOIN people p ON p.id = t.person_id
                       JOIN organisations o ON o.id = p.org_id
                       WHERE o.path >= $1 AND o.path < $2 AND r.phase_key = $3
                         AND t.org_id IS NULL) x
                 GROUP BY x.org_id",
                vec![phase_key.to_string()],
            ),
            (
                "SELECT x.org_id, COUNT(*) AS a,
                    CAST(SUM(CASE WHEN x.due_on < $3 THEN 1 ELSE 0 END) AS BIGINT) AS b
                 FROM rectifications x JOIN organisations o ON o.id = x.org_id
                 WHERE o.path >= $1 AND o.path < $2 AND x.status <> 'closed'
                 GROUP BY x.org_id",
                vec![today.to_string()],
            ),
        ];
        for (i, (sql, binds)) in queries.into_iter().enumerate() {
            let mut q = sqlx::query(sql).bind(from).bind(&to);
            for b in binds {
                q = q.bind(b);
            }
            for r in q.fetch_all(&self.pool).await? {
                let f = by.entry(r.try_get("org_id")?).or_default();
                let a: i64 = r.try_get::<Option<i64>, _>("a")?.unwrap_or(0);
                let b: i64 = r.try_get::<Option<i64>, _>("b")?.unwrap_or(0);
                match i {
                    0 => f.members = a,
                    1 => {
                        f.commitments_approved = a;
                        f.commitment_weights = b;
                        f.commitment_done = r.try_get::<Option<i64>, _>("c")?.unwrap_or(0);
                    }
                    2 => f.reviews = a,
                    3 => (f.codes_issued, f.codes_used) = (a, b),
                    4 => (f.marks, f.good_marks) = (a, b),
                    _ => (f.rectifications_open, f.rectifications_overdue) = (a, b),
                }
            }
        }
        Ok(by)
    }

    /// Every meeting held in the subtree from `since` (UTC text) up to `until`.
    pub async fn meetings_within(
        &self,
        org: &Organisation,
        since: &str,
        until: &str,
    ) -> Result<Vec<MeetingHeld>> {
        let rows = sqlx::query(
            "SELECT m.org_id, m.kind, m.starts_at FROM meetings m
             JOIN organisations o ON o.id = m.org_id
             WHERE o.path >= $1 AND o.path < $2 AND m.starts_at >= $3 AND m.starts_at <= $4",
        )
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .bind(since)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok(MeetingHeld {
                    org_id: r.try_get("org_id")?,
                    kind: MeetingKind::parse(&kind).ok_or(StoreError::Corrupt(kind))?,
                    starts_at: r.try_get("starts_at")?,
                })
            })
            .collect()
    }

    /// When each branch itself was reviewed (not its members), from `since`
    /// (UTC text) up to `until`.
    pub async fn branch_reviews_within(
        &self,
        org: &Organisation,
        since: &str,
        until: &str,
    ) -> Result<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT r.org_id, r.created_at FROM reviews r
             JOIN organisations o ON o.id = r.org_id
             WHERE o.path >= $1 AND o.path < $2 AND r.person_id IS NULL
               AND r.created_at >= $3 AND r.created_at <= $4",
        )
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .bind(since)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("org_id")?, r.try_get("created_at")?)))
            .collect()
    }
}
