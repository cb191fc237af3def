//! The dashboard's lines kept current on write (migration 0015): one stored
//! line per branch and plan, valid for the day and phase it was computed for
//! while its branch carries no stale mark. The triggers mark a branch on
//! every write to a record its line counts; the web layer recomputes the
//! marked and outdated lines and stores them here, so that a province's
//! dashboard reads 50,000 stored lines instead of aggregating its records.

use crate::organisation::{Organisation, subtree_end};
use crate::{Dialect, Result, Store, StoreError};
use domain::date::Day;
use sqlx::Row;
use std::collections::HashSet;

/// One branch's line as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredLine {
    pub org_id: i64,
    pub members: i64,
    /// In the dashboard's column order; None where nothing was due.
    pub figures: [Option<f64>; 9],
    pub tasks_overdue: i64,
    pub rectifications_open: i64,
    pub rectifications_overdue: i64,
    pub meetings_missed: i64,
    pub reviews_missed: i64,
}

/// What a line missed, kept beside it for the overdue list: the end of the
/// earliest period missed, and the details as the web layer wrote them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MissedText {
    pub since: Option<Day>,
    pub details: String,
}

/// A branch's missed periods as kept.
#[derive(Clone, Debug)]
pub struct BranchMissed {
    pub org_id: i64,
    pub org_name: String,
    pub details: String,
}

/// A branch of the subtree, with its stored line when there is one for the
/// key, the number it was kept with (0 without one), and whether a write has
/// marked it since.
#[derive(Clone, Debug)]
pub struct BranchLine {
    pub org_id: i64,
    pub org_name: String,
    pub line: Option<StoredLine>,
    pub kept: i64,
    pub stale: bool,
}

/// What a stored line was computed against.
#[derive(Clone, Copy, Debug)]
pub struct LineKey<'a> {
    pub plan_id: i64,
    pub as_of: Day,
    pub phase_key: &'a str,
}

/// Rows per INSERT: 8 values each keeps under either database's limit.
const BATCH: usize = 500;

/// Lines kept at once from which the statistics are renewed.
const ANALYZE_AT: usize = 1_000;

impl Store {
    /// Every branch of `org`'s subtree in the order of their ids, each with
    /// its line when one is stored for `key`.
    pub async fn dashboard_lines(
        &self,
        org: &Organisation,
        key: LineKey<'_>,
    ) -> Result<Vec<BranchLine>> {
        let (from, to) = (org.path.as_str(), subtree_end(&org.path));
        let stale: HashSet<i64> = self.stale_branches(org).await?.into_iter().collect();
        let rows = sqlx::query(
            "SELECT o.id, o.name, l.figures, l.kept FROM organisations o
             LEFT JOIN dashboard_lines l ON l.org_id = o.id AND l.plan_id = $3
                 AND l.as_of = $4 AND l.phase_key = $5
             WHERE o.path >= $1 AND o.path < $2 AND o.kind = 'branch'",
        )
        .bind(from)
        .bind(&to)
        .bind(key.plan_id)
        .bind(key.as_of.to_string())
        .bind(key.phase_key)
        .fetch_all(&self.pool)
        .await?;
        // Sorted here: a province's lines would spill a database sort to disk.
        let mut lines = rows
            .iter()
            .map(|r| {
                let org_id: i64 = r.try_get(0)?;
                let line = r
                    .try_get::<Option<String>, _>(2)?
                    .map(|text| unpack(org_id, &text))
                    .transpose()?;
                Ok(BranchLine {
                    org_id,
                    org_name: r.try_get(1)?,
                    line,
                    kept: r.try_get::<Option<i64>, _>(3)?.unwrap_or(0),
                    stale: stale.contains(&org_id),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        lines.sort_unstable_by_key(|b| b.org_id);
        Ok(lines)
    }

    /// The lines of `org`'s subtree for `key`'s plan kept after number
    /// `seen`; a line kept since for another day or phase comes without its
    /// figures, since the line for `key` is gone.
    pub async fn dashboard_lines_since(
        &self,
        org: &Organisation,
        key: LineKey<'_>,
        seen: i64,
    ) -> Result<Vec<BranchLine>> {
        let rows = sqlx::query(
            "SELECT o.id, o.name, l.figures, l.kept, l.as_of, l.phase_key
             FROM dashboard_lines l JOIN organisations o ON o.id = l.org_id
             WHERE l.plan_id = $3 AND l.kept > $4
               AND o.path >= $1 AND o.path < $2 AND o.kind = 'branch'",
        )
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .bind(key.plan_id)
        .bind(seen)
        .fetch_all(&self.pool)
        .await?;
        let (as_of, phase) = (key.as_of.to_string(), key.phase_key);
        rows.iter()
            .map(|r| {
                let org_id: i64 = r.try_get(0)?;
                let same =
                    r.try_get::<String, _>(4)? == as_of && r.try_get::<String, _>(5)? == phase;
                let line = if same {
                    Some(unpack(org_id, &r.try_get::<String, _>(2)?)?)
                } else {
                    None
                };
                Ok(BranchLine {
                    org_id,
                    org_name: r.try_get(1)?,
                    line,
                    kept: r.try_get(3)?,
                    stale: false,
                })
            })
            .collect()
    }

    /// How often the tree or the stored lines were changed in a way the
    /// lines' numbers do not tell (see migration 0021).
    pub async fn dashboard_reshaped(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT reshaped FROM dashboard_counter WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// The branches of `org`'s subtree that writes have marked.
    pub async fn stale_branches(&self, org: &Organisation) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT s.org_id FROM dashboard_stale s JOIN organisations o ON o.id = s.org_id
             WHERE o.path >= $1 AND o.path < $2 AND o.kind = 'branch'",
        )
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Takes the stale marks off `org`'s subtree before its lines are
    /// recomputed for `plan_id`, and drops the lines other plans (or other
    /// versions of this one) kept for it, whose marks these were too.
    pub async fn unmark_stale(&self, org: &Organisation, plan_id: i64) -> Result<()> {
        let (from, to) = (org.path.as_str(), subtree_end(&org.path));
        let mut tx = self.begin().await?;
        sqlx::query(
            "DELETE FROM dashboard_stale WHERE org_id IN
                (SELECT id FROM organisations WHERE path >= $1 AND path < $2)",
        )
        .bind(from)
        .bind(&to)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM dashboard_lines WHERE plan_id <> $3 AND org_id IN
                (SELECT id FROM organisations WHERE path >= $1 AND path < $2)",
        )
        .bind(from)
        .bind(&to)
        .bind(plan_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores `lines` as computed for `key`, replacing what was kept, with
    /// the counter's next number (see migration 0021).
    pub async fn keep_dashboard_lines(
        &self,
        key: LineKey<'_>,
        lines: &[(StoredLine, MissedText)],
    ) -> Result<()> {
        let names = "org_id, plan_id, as_of, phase_key, figures, missed_since, missed, kept";
        let updates: Vec<String> = names
            .split(", ")
            .skip(2)
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        let width = names.split(", ").count();
        let mut tx = self.begin().await?;
        let kept: i64 = sqlx::query_scalar(
            "UPDATE dashboard_counter SET kept = kept + 1 WHERE id = 1 RETURNING kept",
        )
        .fetch_one(&mut *tx)
        .await?;
        for chunk in lines.chunks(BATCH) {
            let values: Vec<String> = (0..chunk.len())
                .map(|row| {
                    let marks: Vec<String> = (1..=width)
                        .map(|c| format!("${}", row * width + c))
                        .collect();
                    format!("({})", marks.join(", "))
                })
                .collect();
            let sql = format!(
                "INSERT INTO dashboard_lines ({names}) VALUES {}
                 ON CONFLICT (org_id, plan_id) DO UPDATE SET {}",
                values.join(", "),
                updates.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (l, missed) in chunk {
                q = q
                    .bind(l.org_id)
                    .bind(key.plan_id)
                    .bind(key.as_of.to_string())
                    .bind(key.phase_key)
                    .bind(pack(l))
                    .bind(missed.since.map(|d| d.to_string()))
                    .bind(missed.details.as_str())
                    .bind(kept);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        // A day's first lines change the table whole: the planner must know,
        // or it reads them by a loop per branch.
        if lines.len() >= ANALYZE_AT && self.dialect == Dialect::Postgres {
            sqlx::query("ANALYZE dashboard_lines")
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// The missed periods of the branches in `org`'s subtree, the longest
    /// missed first, from at most `limit` branches: the longest missed
    /// `limit` periods are all among them.
    pub async fn dashboard_missed(
        &self,
        org: &Organisation,
        key: LineKey<'_>,
        limit: i64,
    ) -> Result<Vec<BranchMissed>> {
        let rows = sqlx::query(
            "SELECT o.id, o.name, l.missed FROM dashboard_lines l
             JOIN organisations o ON o.id = l.org_id
             WHERE o.path >= $1 AND o.path < $2 AND l.plan_id = $3 AND l.as_of = $4
               AND l.phase_key = $5 AND l.missed_since IS NOT NULL
             ORDER BY l.missed_since, o.path LIMIT $6",
        )
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .bind(key.plan_id)
        .bind(key.as_of.to_string())
        .bind(key.phase_key)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(BranchMissed {
                    org_id: r.try_get(0)?,
                    org_name: r.try_get(1)?,
                    details: r.try_get(2)?,
                })
            })
            .collect()
    }

    /// The organisations whose plans have lines computed on or after `since`:
    /// the dashboards in use, which the clock keeps current.
    pub async fn dashboard_plan_owners(&self, since: Day) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT p.org_id FROM plans p
             WHERE p.id IN (SELECT plan_id FROM dashboard_lines WHERE as_of >= $1)",
        )
        .bind(since.to_string())
        .fetch_all(&self.pool)
        .await?)
    }
}

/// The figures as the `figures` column keeps them (see migration 0015).
fn pack(l: &StoredLine) -> String {
    let mut parts = vec![l.members.to_string()];
    parts.extend(
        l.figures
            .iter()
            .map(|f| f.map_or(String::new(), |v| v.to_string())),
    );
    parts.extend(
        [
            l.tasks_overdue,
            l.rectifications_open,
            l.rectifications_overdue,
            l.meetings_missed,
            l.reviews_missed,
        ]
        .map(|n| n.to_string()),
    );
    parts.join(";")
}

fn unpack(org_id: i64, text: &str) -> Result<StoredLine> {
    let corrupt = || StoreError::Corrupt(format!("dashboard line of {org_id}: {text}"));
    let parts: Vec<&str> = text.split(';').collect();
    if parts.len() != 15 {
        return Err(corrupt());
    }
    let count = |i: usize| parts[i].parse::<i64>().map_err(|_| corrupt());
    let mut figures = [None; 9];
    for (i, f) in figures.iter_mut().enumerate() {
        let part = parts[1 + i];
        if !part.is_empty() {
            *f = Some(part.parse::<f64>().map_err(|_| corrupt())?);
        }
    }
    Ok(StoredLine {
        org_id,
        members: count(0)?,
        figures,
        tasks_overdue: count(10)?,
        rectifications_open: count(11)?,
        rectifications_overdue: count(12)?,
        meetings_missed: count(13)?,
        reviews_missed: count(14)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_reads_back_as_it_was_packed() {
        let line = StoredLine {
            org_id: 7,
            members: 32,
            figures: [
                Some(100.0),
                None,
                Some(1.0 / 3.0),
                Some(0.0),
                None,
                Some(66.5),
                None,
                None,
                Some(12.25),
            ],
            tasks_overdue: 2,
            rectifications_open: 3,
            rectifications_overdue: 1,
            meetings_missed: 4,
            reviews_missed: 0,
        };
        assert_eq!(unpack(7, &pack(&line)).unwrap(), line);
        assert!(unpack(7, "1;2").is_err());
        assert!(unpack(7, &pack(&line).replace("32", "x")).is_err());
    }
}
