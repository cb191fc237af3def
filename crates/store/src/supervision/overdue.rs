//! Every overdue item in a subtree in one list: open tasks and rectification
//! items past their due day, and members' commitments not fulfilled when
//! their phase ended. Each with its owner and how many days it is late.

use crate::organisation::{Organisation, subtree_end};
use crate::{Result, Store, parse_day};
use domain::date::Day;
use serde::{Deserialize, Serialize};
use sqlx::Row;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverdueKind {
    Task,
    Rectification,
    Commitment,
    Meeting,
    Review,
}

impl OverdueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OverdueKind::Task => "task",
            OverdueKind::Rectification => "rectification",
            OverdueKind::Commitment => "commitment",
            OverdueKind::Meeting => "meeting",
            OverdueKind::Review => "review",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct OverdueItem {
    pub kind: OverdueKind,
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub title: String,
    /// Whose it is: a person, or the branch.
    pub owner: String,
    pub due_on: Day,
    pub days: i64,
    pub link: String,
}

fn item(r: &sqlx::any::AnyRow, kind: OverdueKind, today: Day) -> Result<OverdueItem> {
    let due_on = parse_day(r.try_get("due_on")?)?;
    let id: i64 = r.try_get("id")?;
    let org_id: i64 = r.try_get("org_id")?;
    Ok(OverdueItem {
        kind,
        id,
        org_id,
        org_name: r.try_get("org_name")?,
        title: r.try_get("title")?,
        owner: r.try_get("owner")?,
        due_on,
        days: (today.0 - due_on.0).whole_days(),
        link: match kind {
            OverdueKind::Task => format!("/tasks/{id}"),
            OverdueKind::Rectification => format!("/organisations/{org_id}/reviews"),
            OverdueKind::Commitment => format!("/organisations/{org_id}/commitments"),
            OverdueKind::Meeting => format!("/organisations/{org_id}/meetings"),
            OverdueKind::Review => format!("/organisations/{org_id}/reviews"),
        },
    })
}

impl Store {
    /// Overdue tasks, rectification items and unfulfilled commitments of
    /// ended phases (`ended`: each phase's key and last day) in `org`'s
    /// subtree as of `today`, the longest overdue first, at most `limit` of
    /// each kind.
    pub async fn overdue_within(
        &self,
        org: &Organisation,
        today: Day,
        ended: &[(String, Day)],
        limit: i64,
    ) -> Result<Vec<OverdueItem>> {
        let (from, to) = (org.path.as_str(), subtree_end(&org.path));
        let t = today.to_string();
        let mut items = Vec::new();
        let open_past_due = [
            (
                OverdueKind::Task,
                "SELECT t.id, t.org_id, o.name AS org_name, t.title, t.due_on,
                    COALESCE(p.name, ao.name, '') AS owner
                 FROM tasks t JOIN organisations o ON o.id = t.org_id
                 LEFT JOIN people p ON p.id = t.assignee_person_id
                 LEFT JOIN organisations ao ON ao.id = t.assignee_org_id
                 WHERE o.path >= $1 AND o.path < $2 AND t.status <> 'done' AND t.due_on < $3
                 ORDER BY t.due_on, t.id LIMIT $4",
            ),
            (
                OverdueKind::Rectification,
                "SELECT x.id, x.org_id, o.name AS org_name, x.problem AS title, x.due_on,
                    p.name AS owner
                 FROM rectifications x JOIN organisations o ON o.id = x.org_id
                 JOIN people p ON p.id = x.owner_person_id
                 WHERE o.path >= $1 AND o.path < $2 AND x.status <> 'closed' AND x.due_on < $3
                 ORDER BY x.due_on, x.id LIMIT $4",
            ),
        ];
        for (kind, sql) in open_past_due {
            let rows = sqlx::query(sql)
                .bind(from)
                .bind(&to)
                .bind(&t)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
            for r in &rows {
                items.push(item(r, kind, today)?);
            }
        }
        for (phase, last) in ended.iter().filter(|(_, last)| *last < today) {
            let rows = sqlx::query(
                "SELECT c.id, c.org_id, o.name AS org_name, p.name AS title, $3 AS due_on,
                    p.name AS owner
                 FROM commitments c JOIN organisations o ON o.id = c.org_id
                 JOIN people p ON p.id = c.person_id
                 WHERE o.path >= $1 AND o.path < $2 AND c.phase_key = $4
                   AND c.approved IS NOT NULL
                   AND COALESCE(c.weighted_done, 0) < 100 * COALESCE(c.weight_total, 0)
                 ORDER BY c.id LIMIT $5",
            )
            .bind(from)
            .bind(&to)
            .bind(last.to_string())
            .bind(phase)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
            for r in &rows {
                items.push(item(r, OverdueKind::Commitment, today)?);
            }
        }
        items.sort_by(|a, b| b.days.cmp(&a.days).then(a.id.cmp(&b.id)));
        Ok(items)
    }

    /// How many open tasks and rectification items of the subtree are past
    /// their due day: the kinds of [`Store::overdue_within`] that need no plan.
    pub async fn overdue_count_within(&self, org: &Organisation, today: Day) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM tasks t JOIN organisations o ON o.id = t.org_id
                     WHERE o.path >= $1 AND o.path < $2 AND t.status <> 'done' AND t.due_on < $3)
                  + (SELECT COUNT(*) FROM rectifications x JOIN organisations o ON o.id = x.org_id
                     WHERE o.path >= $1 AND o.path < $2 AND x.status <> 'closed' AND x.due_on < $3)",
        )
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .bind(today.to_string())
        .fetch_one(&self.pool)
        .await?)
    }
}
