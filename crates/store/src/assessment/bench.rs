//! A closed round's figures for `chuangxian gen`, and the plain SQL aggregate
//! `chuangxian bench assessment` is measured against.

use crate::organisation::subtree_end;
use crate::{Result, Store};
use domain::date::Day;
use domain::organisation::OrgPath;
use sqlx::Row;
use std::fmt::Write;

/// Rows per INSERT statement.
const CHUNK: usize = 1000;

/// A province's figures for one branch, as the plain aggregate reads them.
#[derive(Clone, Debug, PartialEq)]
pub struct PlainScore {
    pub branch_id: i64,
    pub score: f64,
}

impl Store {
    /// A closed round's figures as its close keeps them: (target, marks, good, score sum).
    pub async fn bench_figures(&self, round_id: i64, rows: &[(i64, i64, i64, i64)]) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE evaluation_rounds SET closed_at = created_at WHERE id = $1")
            .bind(round_id)
            .execute(&mut *tx)
            .await?;
        for chunk in rows.chunks(CHUNK) {
            let mut sql = String::from(
                "INSERT INTO evaluation_figures (round_id, target_id, marks, good, score_sum) VALUES ",
            );
            for (i, (t, m, g, s)) in chunk.iter().enumerate() {
                let sep = if i == 0 { "" } else { "," };
                let _ = write!(sql, "{sep}({round_id}, {t}, {m}, {g}, {s})");
            }
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The baseline: each branch's weighted score of the four figures the
    /// source plan weighs (commitment, review, evaluation, study), in one
    /// query; an absent figure is left out and the weights of the others
    /// scaled, as the assessment does. `due` is the study periods due to each
    /// member (the same for every member in the load).
    #[allow(clippy::too_many_arguments)]
    pub async fn plain_assessment(
        &self,
        within: &OrgPath,
        phase: &str,
        from: Day,
        until: Day,
        due: i64,
        weights: [i64; 4],
    ) -> Result<Vec<PlainScore>> {
        let [wc, wr, we, ws] = weights;
        let sql = format!(
            "SELECT id, CAST(CASE WHEN present = 0 THEN 0 ELSE points / present END AS DOUBLE PRECISION) AS score FROM (
               SELECT b.id,
                 COALESCE({wc} * 100.0 * c.done / NULLIF(c.weights * 100, 0), 0)
                   + COALESCE({wr} * r.score, 0)
                   + COALESCE({we} * 100.0 * e.good / NULLIF(e.marks, 0), 0)
                   + COALESCE({ws} * 100.0 * LEAST(s.met, s.members * {due}) / NULLIF(s.members * {due}, 0), 0)
                   AS points,
                 (CASE WHEN c.weights > 0 THEN {wc} ELSE 0 END) + (CASE WHEN r.score IS NOT NULL THEN {wr} ELSE 0 END)
                   + (CASE WHEN e.marks > 0 THEN {we} ELSE 0 END) + (CASE WHEN s.members * {due} > 0 THEN {ws} ELSE 0 END)
                   AS present
               FROM organisations b
               LEFT JOIN (SELECT org_id, SUM(weight_total) AS weights, SUM(weighted_done) AS done
                          FROM commitments WHERE phase_key = $3 AND approved IS NOT NULL GROUP BY org_id) c
                 ON c.org_id = b.id
               LEFT JOIN (SELECT org_id, AVG(grade_score) AS score FROM reviews
                          WHERE person_id IS NULL AND grade_score IS NOT NULL
                            AND created_at >= $4 AND created_at < $5 GROUP BY org_id) r
                 ON r.org_id = b.id
               LEFT JOIN (SELECT t.org_id, SUM(f.good) AS good, SUM(f.marks) AS marks
                          FROM evaluation_figures f JOIN evaluation_targets t ON t.id = f.target_id
                          JOIN evaluation_rounds rr ON rr.id = f.round_id
                          WHERE rr.phase_key = $3 AND t.person_id IS NULL GROUP BY t.org_id) e
                 ON e.org_id = b.id
               LEFT JOIN (SELECT p.org_id, COUNT(DISTINCT p.id) AS members, SUM(st.met) AS met
                          FROM people p LEFT JOIN (SELECT person_id, SUM(met_periods) AS met
                                                   FROM study_standing GROUP BY person_id) st
                            ON st.person_id = p.id
                          WHERE p.status IN ('full', 'probationary') GROUP BY p.org_id) s
                 ON s.org_id = b.id
               WHERE b.kind = 'branch' AND b.path >= $1 AND b.path < $2) x"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(within.as_str())
            .bind(subtree_end(within))
            .bind(phase)
            .bind(from.to_string())
            .bind(Day(until.0 + time::Duration::days(1)).to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PlainScore {
                    branch_id: r.try_get("id")?,
                    score: r.try_get::<f64, _>("score")?,
                })
            })
            .collect()
    }
}
