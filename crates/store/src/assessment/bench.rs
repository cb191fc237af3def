//! Loading a province for `chuangxian bench assessment`, and the plain SQL
//! aggregate it is measured against. Rows go in as multi-row inserts of the
//! literals the generator made (integers, dates and fixed words).

use crate::organisation::{Organisation, create, subtree_end};
use crate::{Result, Store};
use domain::date::Day;
use domain::organisation::{OrgKind, OrgPath};
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
    /// A committee, `cities` cities under it, `counties` counties under each,
    /// and `branches` branches shared out among the counties; the root and
    /// the branches.
    pub async fn bench_province(
        &self,
        cities: usize,
        counties: usize,
        branches: usize,
    ) -> Result<(Organisation, Vec<Organisation>)> {
        let mut tx = self.begin().await?;
        let root = create(&mut tx, None, OrgKind::Committee, "基准测试省").await?;
        let mut parents = Vec::new();
        for c in 0..cities {
            let city = create(
                &mut tx,
                Some(&root),
                OrgKind::Committee,
                &format!("市{c:02}"),
            )
            .await?;
            for k in 0..counties {
                parents.push(
                    create(
                        &mut tx,
                        Some(&city),
                        OrgKind::Committee,
                        &format!("县{c:02}-{k:02}"),
                    )
                    .await?,
                );
            }
        }
        let mut out = Vec::with_capacity(branches);
        for i in 0..branches {
            let parent = &parents[i % parents.len()];
            out.push(
                create(
                    &mut tx,
                    Some(parent),
                    OrgKind::Branch,
                    &format!("支部{i:05}"),
                )
                .await?,
            );
        }
        tx.commit().await?;
        Ok((root, out))
    }

    /// Approved commitments with their roll-up kept: (branch, member or none,
    /// weights, weighted percents done) for `phase`.
    pub async fn bench_commitments(
        &self,
        phase: &str,
        rows: &[(i64, Option<i64>, i64, i64)],
    ) -> Result<()> {
        let now = crate::now_text();
        let mut tx = self.begin().await?;
        for chunk in rows.chunks(CHUNK) {
            let mut sql = String::from(
                "INSERT INTO commitments (org_id, person_id, phase_key, owner_key, status, draft,
                    approved, weight_total, weighted_done, updated_at) VALUES ",
            );
            for (i, (org, person, weights, done)) in chunk.iter().enumerate() {
                let sep = if i == 0 { "" } else { "," };
                let (p, owner) = match person {
                    Some(p) => (p.to_string(), format!("p{p}:{phase}")),
                    None => ("NULL".to_string(), format!("o{org}:{phase}")),
                };
                let _ = write!(
                    sql,
                    "{sep}({org}, {p}, '{phase}', '{owner}', 'approved', '[]', '[]', {weights}, {done}, '{now}')"
                );
            }
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Graded reviews by the account `reviewer`: (branch, member or none, grade, score).
    pub async fn bench_reviews(
        &self,
        reviewer: i64,
        rows: &[(i64, Option<i64>, &str, i64)],
    ) -> Result<()> {
        let now = crate::now_text();
        let mut tx = self.begin().await?;
        for chunk in rows.chunks(CHUNK) {
            let mut sql = String::from(
                "INSERT INTO reviews (reviewer_account_id, reviewer_name, org_id, person_id, affirmed,
                    problems, direction, criteria, grade, grade_score, created_at) VALUES ",
            );
            for (i, (org, person, grade, score)) in chunk.iter().enumerate() {
                let sep = if i == 0 { "" } else { "," };
                let p = person.map_or("NULL".to_string(), |p| p.to_string());
                let _ = write!(
                    sql,
                    "{sep}({reviewer}, '领导', {org}, {p}, '好', '[]', '好', '[]', '{grade}', {score}, '{now}')"
                );
            }
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

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
