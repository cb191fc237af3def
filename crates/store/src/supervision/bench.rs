//! Loading a city or a province's programme and supervision records for
//! `chuangxian bench dashboard`, and the plain SQL aggregate it is measured
//! against. Rows go in as multi-row inserts of the generator's literals
//! (integers, dates and fixed words).

use crate::organisation::{Organisation, subtree_end};
use crate::{Result, Store};
use sqlx::Row;

/// Rows per INSERT statement.
const CHUNK: usize = 1000;

/// One branch's figures as the plain aggregate reads them.
#[derive(Clone, Debug, PartialEq)]
pub struct PlainLine {
    pub org_id: i64,
    pub members: i64,
    pub commitment_weights: i64,
    pub commitment_done: i64,
    pub reviews: i64,
    pub marks: i64,
    pub good: i64,
    pub meetings: i64,
    pub tasks: i64,
    pub tasks_done: i64,
    pub activities_done: i64,
    pub rectifications_open: i64,
    pub study_met: i64,
}

impl Store {
    async fn bench_insert(&self, head: &str, rows: &[String]) -> Result<()> {
        let mut tx = self.begin().await?;
        for chunk in rows.chunks(CHUNK) {
            let mut sql = String::from(head);
            sql.push_str(&chunk.join(","));
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Rectification items: (branch, owner, due day, status).
    pub async fn bench_rectifications(&self, rows: &[(i64, i64, String, &str)]) -> Result<()> {
        let now = crate::now_text();
        let values: Vec<String> = rows
            .iter()
            .map(|(org, owner, due, status)| {
                format!("({org}, '整改', {owner}, '{due}', '{status}', 'bench', '{now}')")
            })
            .collect();
        self.bench_insert(
            "INSERT INTO rectifications (org_id, problem, owner_person_id, due_on, status,
                created_by, created_at) VALUES ",
            &values,
        )
        .await
    }

    /// Every branch's raw counts of the phase in one SQL statement: the
    /// baseline the dashboard is measured against.
    pub async fn plain_dashboard(
        &self,
        root: &Organisation,
        phase: &str,
    ) -> Result<Vec<PlainLine>> {
        // Each table grouped by branch once and joined: what a person writing
        // the figures by hand in one statement would write.
        let rows = sqlx::query(
            "SELECT b.id,
                COALESCE(p.n, 0) AS members, COALESCE(c.w, 0) AS weights, COALESCE(c.d, 0) AS done,
                COALESCE(r.n, 0) AS reviews, COALESCE(f.marks, 0) AS marks, COALESCE(f.good, 0) AS good,
                COALESCE(m.n, 0) AS meetings, COALESCE(k.n, 0) AS tasks,
                COALESCE(k.done, 0) AS tasks_done, COALESCE(a.n, 0) AS activities_done,
                COALESCE(x.n, 0) AS rectifications, COALESCE(s.met, 0) AS study
             FROM organisations b
             LEFT JOIN (SELECT org_id, COUNT(*) AS n FROM people
                        WHERE status IN ('full', 'probationary') GROUP BY org_id) p ON p.org_id = b.id
             LEFT JOIN (SELECT org_id, CAST(SUM(weight_total) AS BIGINT) AS w,
                               CAST(SUM(weighted_done) AS BIGINT) AS d
                        FROM commitments WHERE phase_key = $3 AND person_id IS NOT NULL
                          AND approved IS NOT NULL GROUP BY org_id) c ON c.org_id = b.id
             LEFT JOIN (SELECT org_id, COUNT(*) AS n FROM reviews GROUP BY org_id) r
                    ON r.org_id = b.id
             LEFT JOIN (SELECT t.org_id, CAST(SUM(f.marks) AS BIGINT) AS marks,
                               CAST(SUM(f.good) AS BIGINT) AS good
                        FROM evaluation_figures f JOIN evaluation_targets t ON t.id = f.target_id
                        GROUP BY t.org_id) f ON f.org_id = b.id
             LEFT JOIN (SELECT org_id, COUNT(*) AS n FROM meetings GROUP BY org_id) m
                    ON m.org_id = b.id
             LEFT JOIN (SELECT org_id, COUNT(*) AS n,
                               CAST(SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS BIGINT) AS done
                        FROM tasks GROUP BY org_id) k ON k.org_id = b.id
             LEFT JOIN (SELECT org_id, COUNT(*) AS n FROM activities WHERE status = 'done'
                        GROUP BY org_id) a ON a.org_id = b.id
             LEFT JOIN (SELECT org_id, COUNT(*) AS n FROM rectifications WHERE status <> 'closed'
                        GROUP BY org_id) x ON x.org_id = b.id
             LEFT JOIN (SELECT p.org_id, CAST(SUM(s.met_periods) AS BIGINT) AS met
                        FROM study_standing s JOIN people p ON p.id = s.person_id
                        GROUP BY p.org_id) s ON s.org_id = b.id
             WHERE b.path >= $1 AND b.path < $2 AND b.kind = 'branch'",
        )
        .bind(root.path.as_str())
        .bind(subtree_end(&root.path))
        .bind(phase)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(PlainLine {
                org_id: r.try_get("id")?,
                members: r.try_get("members")?,
                commitment_weights: r.try_get("weights")?,
                commitment_done: r.try_get("done")?,
                reviews: r.try_get("reviews")?,
                marks: r.try_get("marks")?,
                good: r.try_get("good")?,
                meetings: r.try_get("meetings")?,
                tasks: r.try_get("tasks")?,
                tasks_done: r.try_get("tasks_done")?,
                activities_done: r.try_get("activities_done")?,
                rectifications_open: r.try_get("rectifications")?,
                study_met: r.try_get("study")?,
            });
        }
        Ok(out)
    }
}
