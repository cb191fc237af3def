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

/// An activity to load: (branch, programme, phase, status, times target, times held).
pub type ActivityRow<'a> = (i64, &'a str, &'a str, &'a str, Option<i64>, i64);

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

    /// Meetings held: (branch, kind, start as UTC text).
    pub async fn bench_meetings(&self, rows: &[(i64, &str, String)]) -> Result<()> {
        let now = crate::now_text();
        let values: Vec<String> = rows
            .iter()
            .map(|(org, kind, at)| {
                format!("({org}, '{kind}', '学习', '{at}', 'x', 30, '{now}', '{now}')")
            })
            .collect();
        self.bench_insert(
            "INSERT INTO meetings (org_id, kind, topic, starts_at, checkin_code, checkin_window,
                created_at, updated_at) VALUES ",
            &values,
        )
        .await
    }

    /// Tasks of members: (branch, member, programme, due day, status).
    pub async fn bench_tasks(&self, rows: &[(i64, i64, &str, String, &str)]) -> Result<()> {
        let now = crate::now_text();
        let values: Vec<String> = rows
            .iter()
            .map(|(org, person, programme, due, status)| {
                format!(
                    "({org}, {org}, {person}, '{programme}', '调研文章', '{due}', '{status}', 'bench', '{now}', 'bench', '{now}')"
                )
            })
            .collect();
        self.bench_insert(
            "INSERT INTO tasks (issuer_org_id, org_id, assignee_person_id, programme_key, title,
                due_on, status, created_by, created_at, updated_by, updated_at) VALUES ",
            &values,
        )
        .await
    }

    /// Activities.
    pub async fn bench_activities(&self, rows: &[ActivityRow<'_>]) -> Result<()> {
        let now = crate::now_text();
        let values: Vec<String> = rows
            .iter()
            .map(|(org, programme, phase, status, target, held)| {
                let target = target.map_or("NULL".into(), |t| t.to_string());
                format!(
                    "({org}, '{programme}', '{phase}', '活动', '{status}', {target}, {held}, 'bench', '{now}', 'bench', '{now}')"
                )
            })
            .collect();
        self.bench_insert(
            "INSERT INTO activities (org_id, programme_key, phase_key, name, status, times_target,
                times_held, created_by, created_at, updated_by, updated_at) VALUES ",
            &values,
        )
        .await
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
        let rows = sqlx::query(
            "SELECT b.id,
                (SELECT COUNT(*) FROM people p WHERE p.org_id = b.id
                   AND p.status IN ('full', 'probationary')) AS members,
                (SELECT CAST(COALESCE(SUM(c.weight_total), 0) AS BIGINT) FROM commitments c
                   WHERE c.org_id = b.id AND c.phase_key = $3 AND c.person_id IS NOT NULL
                     AND c.approved IS NOT NULL) AS weights,
                (SELECT CAST(COALESCE(SUM(c.weighted_done), 0) AS BIGINT) FROM commitments c
                   WHERE c.org_id = b.id AND c.phase_key = $3 AND c.person_id IS NOT NULL
                     AND c.approved IS NOT NULL) AS done,
                (SELECT COUNT(*) FROM reviews r WHERE r.org_id = b.id) AS reviews,
                (SELECT CAST(COALESCE(SUM(f.marks), 0) AS BIGINT) FROM evaluation_figures f
                   JOIN evaluation_targets t ON t.id = f.target_id WHERE t.org_id = b.id) AS marks,
                (SELECT CAST(COALESCE(SUM(f.good), 0) AS BIGINT) FROM evaluation_figures f
                   JOIN evaluation_targets t ON t.id = f.target_id WHERE t.org_id = b.id) AS good,
                (SELECT COUNT(*) FROM meetings m WHERE m.org_id = b.id) AS meetings,
                (SELECT COUNT(*) FROM tasks k WHERE k.org_id = b.id) AS tasks,
                (SELECT COUNT(*) FROM tasks k WHERE k.org_id = b.id AND k.status = 'done') AS tasks_done,
                (SELECT COUNT(*) FROM activities a WHERE a.org_id = b.id
                   AND a.status = 'done') AS activities_done,
                (SELECT COUNT(*) FROM rectifications x WHERE x.org_id = b.id
                   AND x.status <> 'closed') AS rectifications,
                (SELECT CAST(COALESCE(SUM(s.met_periods), 0) AS BIGINT) FROM study_standing s
                   JOIN people p ON p.id = s.person_id WHERE p.org_id = b.id) AS study
             FROM organisations b
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
