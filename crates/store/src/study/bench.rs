//! For `chuangxian bench study` and the study tests: members added in bulk,
//! the planner's statistics renewed after a load, and the plain SQL the
//! study's pages are measured against. (The benchmark's own rows go in
//! through `bulk`, as `chuangxian gen`'s do.)

use crate::organisation::{Organisation, subtree_end};
use crate::{Dialect, Result, Store};
use domain::date::Day;
use domain::organisation::OrgPath;
use sqlx::Row;
use std::fmt::Write;

impl Store {
    /// `per_branch` members in each branch, added at `created_at`; their ids, in order.
    pub async fn bench_people(
        &self,
        branches: &[Organisation],
        per_branch: usize,
        created_at: &str,
    ) -> Result<Vec<(i64, i64)>> {
        let mut tx = self.begin().await?;
        let mut out = Vec::new();
        for b in branches {
            let mut sql = String::from(
                "INSERT INTO people (org_id, name, status, created_at, updated_at) VALUES ",
            );
            for i in 0..per_branch {
                let sep = if i == 0 { "" } else { "," };
                let _ = write!(
                    sql,
                    "{sep}({}, '读者{}-{i}', 'full', '{created_at}', '{created_at}')",
                    b.id, b.id
                );
            }
            sql.push_str(" RETURNING id");
            for row in sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&mut *tx)
                .await?
            {
                out.push((row.try_get("id")?, b.id));
            }
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Refreshes the planner's statistics after a bulk load.
    pub async fn bench_analyze(&self) -> Result<()> {
        let sql = match self.dialect {
            Dialect::Sqlite => "ANALYZE",
            Dialect::Postgres => "VACUUM ANALYZE",
        };
        sqlx::raw_sql(sql).execute(&self.pool).await?;
        Ok(())
    }

    /// The baseline: straight from the log, in one query, for everyone in the
    /// subtree grouped by `group_by_org` (or per person): days from `first` to
    /// before `today` with at least `minutes` read, and months from `first` to
    /// before `month_start` with a book finished.
    pub async fn plain_study(
        &self,
        within: &OrgPath,
        group_by_org: bool,
        minutes: u32,
        first: Day,
        today: Day,
        month_start: Day,
    ) -> Result<Vec<(i64, i64, i64)>> {
        let key = if group_by_org { "org_id" } else { "person_id" };
        let sql = format!(
            "SELECT {key} AS whose, CAST(SUM(days) AS BIGINT) AS days,
                    CAST(SUM(months) AS BIGINT) AS months FROM (
                SELECT p.org_id, p.id AS person_id,
                  (SELECT COUNT(*) FROM study_reading r WHERE r.person_id = p.id
                     AND r.minutes >= $3 AND r.day >= $4 AND r.day < $5) AS days,
                  (SELECT COUNT(DISTINCT SUBSTR(b.day, 1, 7)) FROM study_records b WHERE b.person_id = p.id
                     AND b.kind = 'book' AND b.day >= $4 AND b.day < $6) AS months
                FROM people p JOIN organisations o ON o.id = p.org_id
                WHERE o.path >= $1 AND o.path < $2) x
             GROUP BY {key}"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(within.as_str())
            .bind(subtree_end(within))
            .bind(minutes as i64)
            .bind(first.to_string())
            .bind(today.to_string())
            .bind(month_start.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("whose")?,
                    r.try_get("days")?,
                    r.try_get("months")?,
                ))
            })
            .collect()
    }
}
