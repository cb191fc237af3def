//! Each organisation's completion of each programme over a subtree: two
//! grouped queries (activities, tasks), never one per organisation. The
//! units are those of `domain::programme::programme_completion`: an activity
//! is one, a recurring one its share of the target, a cancelled one none.

use crate::organisation::{Organisation, subtree_end};
use crate::{Result, Store};
use domain::date::Day;
use domain::programme::Completion;
use serde::Serialize;
use sqlx::Row;
use std::collections::BTreeMap;

/// One organisation's figures for one programme (`programme_key` empty for
/// tasks outside any programme).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProgrammeFigures {
    pub org_id: i64,
    pub programme_key: String,
    pub activities: Completion,
    pub activities_done: i64,
    pub tasks_assigned: i64,
    pub tasks_done: i64,
    pub tasks_overdue: i64,
}

impl ProgrammeFigures {
    /// Activities and tasks together.
    pub fn completion(&self) -> Completion {
        let mut c = self.activities;
        c.add(Completion {
            done: self.tasks_done as f64,
            due: self.tasks_assigned as f64,
        });
        c
    }
}

impl Store {
    /// Figures per (organisation, programme) over `org`'s subtree, as of `today`.
    pub async fn programme_figures(
        &self,
        org: &Organisation,
        today: Day,
    ) -> Result<Vec<ProgrammeFigures>> {
        let (from, to) = (org.path.as_str(), subtree_end(&org.path));
        let mut by: BTreeMap<(i64, String), ProgrammeFigures> = BTreeMap::new();
        let activities = sqlx::query(
            "SELECT a.org_id, a.programme_key,
                CAST(SUM(CASE WHEN a.status = 'cancelled' THEN 0 ELSE 1 END) AS BIGINT) AS due,
                CAST(SUM(CASE WHEN a.status = 'done' THEN 1 ELSE 0 END) AS BIGINT) AS done_count,
                CAST(SUM(CASE WHEN a.status = 'cancelled' THEN 0.0
                    WHEN a.times_target > 0 THEN
                        CASE WHEN a.times_held >= a.times_target THEN 1.0
                        ELSE CAST(a.times_held AS DOUBLE PRECISION) / a.times_target END
                    WHEN a.status = 'done' THEN 1.0 ELSE 0.0 END) AS DOUBLE PRECISION) AS done
             FROM activities a JOIN organisations o ON o.id = a.org_id
             WHERE o.path >= $1 AND o.path < $2
             GROUP BY a.org_id, a.programme_key",
        )
        .bind(from)
        .bind(&to)
        .fetch_all(&self.pool)
        .await?;
        for r in &activities {
            let key = (r.try_get("org_id")?, r.try_get("programme_key")?);
            let f = by.entry(key.clone()).or_insert_with(|| ProgrammeFigures {
                org_id: key.0,
                programme_key: key.1,
                ..Default::default()
            });
            f.activities = Completion {
                done: r.try_get("done")?,
                due: r.try_get::<i64, _>("due")? as f64,
            };
            f.activities_done = r.try_get("done_count")?;
        }
        let tasks = sqlx::query(
            "SELECT t.org_id, COALESCE(t.programme_key, '') AS programme_key,
                COUNT(*) AS assigned,
                CAST(SUM(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END) AS BIGINT) AS done,
                CAST(SUM(CASE WHEN t.status <> 'done' AND t.due_on < $3 THEN 1 ELSE 0 END)
                    AS BIGINT) AS overdue
             FROM tasks t JOIN organisations o ON o.id = t.org_id
             WHERE o.path >= $1 AND o.path < $2
             GROUP BY t.org_id, COALESCE(t.programme_key, '')",
        )
        .bind(from)
        .bind(&to)
        .bind(today.to_string())
        .fetch_all(&self.pool)
        .await?;
        for r in &tasks {
            let key = (r.try_get("org_id")?, r.try_get("programme_key")?);
            let f = by.entry(key.clone()).or_insert_with(|| ProgrammeFigures {
                org_id: key.0,
                programme_key: key.1,
                ..Default::default()
            });
            f.tasks_assigned = r.try_get("assigned")?;
            f.tasks_done = r.try_get("done")?;
            f.tasks_overdue = r.try_get("overdue")?;
        }
        Ok(by.into_values().collect())
    }
}
