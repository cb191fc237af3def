//! Tasks: assigned by an organisation's leadership or office to a person or an
//! organisation in its subtree (or to every member a plan task covers), each
//! through to do → doing → submitted → sent back → done with its evidence,
//! checked by whoever assigned it; and the reminders before the due date and
//! once it has passed.

use crate::audit::change;
use crate::commitment::EvidenceFile;
use crate::organisation::{Organisation, subtree_end};
use crate::{Conn, Result, Store, StoreError, audit, inbox, now_text, parse_day};
use domain::date::Day;
use domain::programme::{TaskStatus, TaskStep};
use serde::Serialize;
use sqlx::Row;

#[derive(Clone, Debug)]
pub struct NewTask {
    pub issuer_org_id: i64,
    /// Where it is done: the assignee's organisation.
    pub org_id: i64,
    pub assignee_person_id: Option<i64>,
    pub assignee_org_id: Option<i64>,
    pub programme_key: Option<String>,
    pub task_key: Option<String>,
    pub title: String,
    pub text: String,
    pub due_on: Day,
}

#[derive(Clone, Debug, Serialize)]
pub struct Task {
    pub id: i64,
    pub issuer_org_id: i64,
    pub issuer_name: String,
    pub org_id: i64,
    pub org_name: String,
    pub assignee_person_id: Option<i64>,
    pub assignee_org_id: Option<i64>,
    /// The person's name, or the organisation's.
    pub assignee: String,
    pub programme_key: Option<String>,
    pub task_key: Option<String>,
    pub title: String,
    pub text: String,
    pub due_on: Day,
    pub status: TaskStatus,
    pub evidence: String,
    pub reason: Option<String>,
    pub done_at: Option<String>,
    pub created_by: String,
    pub updated_at: String,
    pub files: Vec<(i64, String)>,
}

/// Which tasks a list shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct TaskFilter {
    pub status: Option<TaskStatus>,
    /// Only open tasks past their due date (as of this day).
    pub overdue_on: Option<Day>,
}

/// A step as taken: the evidence handed in, or the reason for sending back.
#[derive(Clone, Debug)]
pub struct TaskStepInput {
    pub step: TaskStep,
    pub evidence: String,
    pub reason: String,
    pub files: Vec<EvidenceFile>,
}

const COLUMNS: &str = "t.id, t.issuer_org_id, i.name AS issuer_name, t.org_id, o.name AS org_name,
    t.assignee_person_id, t.assignee_org_id, COALESCE(p.name, ao.name, '') AS assignee,
    t.programme_key, t.task_key, t.title, t.text, t.due_on, t.status, t.evidence, t.reason,
    t.done_at, t.created_by, t.updated_at
    FROM tasks t JOIN organisations o ON o.id = t.org_id
    JOIN organisations i ON i.id = t.issuer_org_id
    LEFT JOIN people p ON p.id = t.assignee_person_id
    LEFT JOIN organisations ao ON ao.id = t.assignee_org_id";

fn task(r: &sqlx::any::AnyRow) -> Result<Task> {
    let status: String = r.try_get("status")?;
    Ok(Task {
        id: r.try_get("id")?,
        issuer_org_id: r.try_get("issuer_org_id")?,
        issuer_name: r.try_get("issuer_name")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        assignee_person_id: r.try_get("assignee_person_id")?,
        assignee_org_id: r.try_get("assignee_org_id")?,
        assignee: r.try_get("assignee")?,
        programme_key: r.try_get("programme_key")?,
        task_key: r.try_get("task_key")?,
        title: r.try_get("title")?,
        text: r.try_get("text")?,
        due_on: parse_day(r.try_get("due_on")?)?,
        status: TaskStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("task status {status}")))?,
        evidence: r.try_get("evidence")?,
        reason: r.try_get("reason")?,
        done_at: r.try_get("done_at")?,
        created_by: r.try_get("created_by")?,
        updated_at: r.try_get("updated_at")?,
        files: Vec::new(),
    })
}

/// Who does a task: the person, or the organisation's leadership.
async fn doers(conn: &mut Conn, person: Option<i64>, org: Option<i64>) -> Result<Vec<i64>> {
    match (person, org) {
        (Some(p), _) => Ok(vec![p]),
        (None, Some(o)) => inbox::leadership(conn, o).await,
        (None, None) => Ok(Vec::new()),
    }
}

/// Who checks a task: the issuing organisation's leadership and office.
async fn checkers(conn: &mut Conn, issuer: i64) -> Result<Vec<i64>> {
    let mut people = inbox::leadership(conn, issuer).await?;
    people.extend(inbox::holders(conn, issuer, "campaign_office").await?);
    Ok(people)
}

impl Store {
    /// Assigns tasks, each assignee told. A plan task already assigned to a
    /// person by the same organisation is skipped. Returns the new ids.
    pub async fn add_tasks(&self, actor: &str, tasks: &[NewTask]) -> Result<Vec<i64>> {
        let mut tx = self.begin().await?;
        let now = now_text();
        let mut ids = Vec::new();
        for t in tasks {
            if let (Some(key), Some(person)) = (&t.task_key, t.assignee_person_id) {
                let exists: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM tasks WHERE issuer_org_id = $1 AND task_key = $2
                       AND assignee_person_id = $3",
                )
                .bind(t.issuer_org_id)
                .bind(key)
                .bind(person)
                .fetch_optional(&mut *tx)
                .await?;
                if exists.is_some() {
                    continue;
                }
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO tasks (issuer_org_id, org_id, assignee_person_id, assignee_org_id,
                    programme_key, task_key, title, text, due_on, status,
                    created_by, created_at, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'todo', $10, $11, $10, $11)
                 RETURNING id",
            )
            .bind(t.issuer_org_id)
            .bind(t.org_id)
            .bind(t.assignee_person_id)
            .bind(t.assignee_org_id)
            .bind(&t.programme_key)
            .bind(&t.task_key)
            .bind(&t.title)
            .bind(&t.text)
            .bind(t.due_on.to_string())
            .bind(actor)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?;
            let people = doers(&mut tx, t.assignee_person_id, t.assignee_org_id).await?;
            inbox::tell(
                &mut tx,
                &people,
                "notice-task-assigned",
                &[("title", t.title.clone()), ("due", t.due_on.to_string())],
                &format!("/tasks/{id}"),
            )
            .await?;
            audit::record(
                &mut tx,
                change(actor, "assign", "task", id, t.title.clone()),
            )
            .await?;
            ids.push(id);
        }
        tx.commit().await?;
        Ok(ids)
    }

    pub async fn task(&self, id: i64) -> Result<Task> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} WHERE t.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut t = task(&r)?;
        t.files = crate::attachment::file_names(self, "task_files", "task_id", id).await?;
        Ok(t)
    }

    /// Tasks done in an organisation's subtree or issued by it, soonest due
    /// first, at most `limit`.
    pub async fn tasks_within(
        &self,
        org: &Organisation,
        filter: TaskFilter,
        limit: i64,
    ) -> Result<Vec<Task>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS}
             WHERE ((o.path >= $1 AND o.path < $2) OR t.issuer_org_id = $3)
               AND ($4 = '' OR t.status = $4)
               AND ($5 = '' OR (t.status <> 'done' AND t.due_on < $5))
             ORDER BY t.due_on, t.id LIMIT $6"
        )))
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .bind(org.id)
        .bind(filter.status.map_or("", |s| s.as_str()))
        .bind(filter.overdue_on.map(|d| d.to_string()).unwrap_or_default())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(task).collect()
    }

    /// A person's own tasks, open ones first.
    pub async fn tasks_of_person(&self, person_id: i64) -> Result<Vec<Task>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} WHERE t.assignee_person_id = $1
             ORDER BY CASE WHEN t.status = 'done' THEN 1 ELSE 0 END, t.due_on, t.id LIMIT 500"
        )))
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(task).collect()
    }

    /// Takes a step of a task's flow, only from the status it was read in (a
    /// step taken meanwhile by someone else refuses this one), and tells the
    /// other side.
    pub async fn step_task(
        &self,
        actor: &str,
        t: &Task,
        to: TaskStatus,
        input: &TaskStepInput,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let now = now_text();
        let n = sqlx::query(
            "UPDATE tasks SET status = $1,
                evidence = CASE WHEN $2 = 'submit' THEN $3 ELSE evidence END,
                reason = CASE WHEN $2 = 'send_back' THEN $4 ELSE reason END,
                done_at = CASE WHEN $1 = 'done' THEN $5 ELSE done_at END,
                updated_by = $6, updated_at = $5
             WHERE id = $7 AND status = $8",
        )
        .bind(to.as_str())
        .bind(input.step.as_str())
        .bind(&input.evidence)
        .bind(&input.reason)
        .bind(&now)
        .bind(actor)
        .bind(t.id)
        .bind(t.status.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict("task-error-moved"));
        }
        crate::attachment::store_files(&mut tx, "task_files", "task_id", t.id, &input.files)
            .await?;
        let link = format!("/tasks/{}", t.id);
        let title = ("title", t.title.clone());
        match input.step {
            TaskStep::Start => {}
            TaskStep::Submit => {
                for id in ["notice-task-assigned", "notice-task-returned"] {
                    inbox::done(&mut tx, id, &link).await?;
                }
                let people = checkers(&mut tx, t.issuer_org_id).await?;
                inbox::tell(&mut tx, &people, "notice-task-submitted", &[title], &link).await?;
            }
            TaskStep::SendBack | TaskStep::Accept => {
                inbox::done(&mut tx, "notice-task-submitted", &link).await?;
                let people = doers(&mut tx, t.assignee_person_id, t.assignee_org_id).await?;
                let (id, args) = if input.step == TaskStep::SendBack {
                    (
                        "notice-task-returned",
                        vec![title, ("reason", input.reason.clone())],
                    )
                } else {
                    ("notice-task-done", vec![title])
                };
                inbox::tell(&mut tx, &people, id, &args, &link).await?;
            }
        }
        audit::record(
            &mut tx,
            change(actor, input.step.as_str(), "task", t.id, to.as_str().into()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A file handed in with a task, with the task's id.
    pub async fn task_file(&self, id: i64) -> Result<(i64, EvidenceFile)> {
        crate::attachment::stored_file(self, "task_files", "task_id", id).await
    }

    /// Reminds, once each, the assignees of open tasks due within `days` of
    /// `today`, and tells assignees and checkers once a task is overdue.
    /// Returns (reminded, overdue).
    pub async fn tell_due_tasks(&self, today: Day, days: i64) -> Result<(usize, usize)> {
        let mut tx = self.begin().await?;
        let soon = today.add_days(days).to_string();
        let rows = sqlx::query(
            "SELECT id, title, due_on, assignee_person_id, assignee_org_id, issuer_org_id,
                CASE WHEN due_on < $1 THEN 1 ELSE 0 END AS overdue
             FROM tasks
             WHERE status <> 'done' AND (
                (due_on >= $1 AND due_on <= $2 AND reminded_at IS NULL)
                OR (due_on < $1 AND overdue_notified_at IS NULL))",
        )
        .bind(today.to_string())
        .bind(&soon)
        .fetch_all(&mut *tx)
        .await?;
        let (mut reminded, mut overdue) = (0, 0);
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let late = r.try_get::<i64, _>("overdue")? == 1;
            let mut people = doers(
                &mut tx,
                r.try_get("assignee_person_id")?,
                r.try_get("assignee_org_id")?,
            )
            .await?;
            if late {
                people.extend(checkers(&mut tx, r.try_get("issuer_org_id")?).await?);
            }
            let (message, column) = if late {
                overdue += 1;
                ("notice-task-overdue", "overdue_notified_at")
            } else {
                reminded += 1;
                ("notice-task-due", "reminded_at")
            };
            inbox::tell(
                &mut tx,
                &people,
                message,
                &[
                    ("title", r.try_get::<String, _>("title")?),
                    ("due", r.try_get::<String, _>("due_on")?),
                ],
                &format!("/tasks/{id}"),
            )
            .await?;
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE tasks SET {column} = $1 WHERE id = $2"
            )))
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok((reminded, overdue))
    }
}
