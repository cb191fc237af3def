//! Rectification items (整改): raised from a review's problem or an evaluation's
//! result, reported on by their owner with files, told when overdue, closed.

use super::Review;
use crate::audit::change;
use crate::commitment::EvidenceFile;
use crate::{Result, Store, StoreError, audit, inbox, now_text};
use domain::date::Day;
use domain::review::RectificationStatus;
use serde::Serialize;
use sqlx::Row;

#[derive(Clone, Debug, Serialize)]
pub struct Rectification {
    pub id: i64,
    pub review_id: Option<i64>,
    /// The evaluation round whose result raised the item, if one did.
    pub round_id: Option<i64>,
    pub org_id: i64,
    pub problem: String,
    pub owner_person_id: i64,
    pub owner_name: String,
    pub due_on: Day,
    pub status: RectificationStatus,
    pub note: String,
    pub created_by: String,
    pub closed_by: Option<String>,
    pub files: Vec<(i64, String)>,
}

const RECTIFICATION: &str =
    "SELECT x.id, x.review_id, x.org_id, x.problem, x.owner_person_id, p.name AS owner_name,
    x.due_on, x.status, x.note, x.created_by, x.closed_by, x.round_id
    FROM rectifications x JOIN people p ON p.id = x.owner_person_id";

fn rectification(r: &sqlx::any::AnyRow) -> Result<Rectification> {
    let due: String = r.try_get("due_on")?;
    let status: String = r.try_get("status")?;
    Ok(Rectification {
        id: r.try_get("id")?,
        review_id: r.try_get("review_id")?,
        org_id: r.try_get("org_id")?,
        problem: r.try_get("problem")?,
        owner_person_id: r.try_get("owner_person_id")?,
        owner_name: r.try_get("owner_name")?,
        due_on: Day::parse_iso(&due).ok_or(StoreError::Corrupt(due))?,
        status: RectificationStatus::parse(&status).ok_or(StoreError::Corrupt(status))?,
        note: r.try_get("note")?,
        created_by: r.try_get("created_by")?,
        closed_by: r.try_get("closed_by")?,
        round_id: r.try_get("round_id")?,
        files: Vec::new(),
    })
}

impl Store {
    /// Raises a rectification item from a problem of a review.
    pub async fn add_rectification(
        &self,
        actor: &str,
        review: &Review,
        problem: &str,
        owner_person_id: i64,
        due_on: Day,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        // One problem of a review becomes one item.
        let taken =
            sqlx::query("SELECT id FROM rectifications WHERE review_id = $1 AND problem = $2")
                .bind(review.id)
                .bind(problem)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict("rectification-error-duplicate"));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO rectifications (review_id, org_id, problem, owner_person_id, due_on, status, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, 'open', $6, $7) RETURNING id",
        )
        .bind(review.id)
        .bind(review.org_id)
        .bind(problem)
        .bind(owner_person_id)
        .bind(due_on.to_string())
        .bind(actor)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            change(actor, "create", "rectification", id, problem.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn rectification(&self, id: i64) -> Result<Rectification> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{RECTIFICATION} WHERE x.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut r = rectification(&row)?;
        r.files =
            crate::attachment::file_names(self, "rectification_files", "rectification_id", id)
                .await?;
        Ok(r)
    }

    /// The rectification items of a branch, open ones first, by due date.
    pub async fn branch_rectifications(&self, org_id: i64) -> Result<Vec<Rectification>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{RECTIFICATION} WHERE x.org_id = $1 ORDER BY x.status = 'closed', x.due_on, x.id"
        )))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(rectification).collect()
    }

    /// The owner's progress report, with an optional file; an item that is closed
    /// stays closed.
    pub async fn update_rectification(
        &self,
        actor: &str,
        id: i64,
        note: &str,
        file: Option<EvidenceFile>,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE rectifications SET status = 'in_progress', note = $1 WHERE id = $2 AND status <> 'closed'")
            .bind(note)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict("rectification-error-closed"));
        }
        if let Some(f) = file {
            sqlx::query(
                "INSERT INTO rectification_files (rectification_id, filename, content_type, body, created_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(&f.filename)
            .bind(&f.content_type)
            .bind(f.body)
            .bind(now_text())
            .execute(&mut *tx)
            .await?;
        }
        audit::record(
            &mut tx,
            change(actor, "update", "rectification", id, note.to_string()),
        )
        .await?;
        // Whoever follows the item: the reviewer who raised it, or for an item
        // from an evaluation's result, the branch leadership.
        let row = sqlx::query(
            "SELECT x.org_id, x.problem, r.reviewer_account_id FROM rectifications x
             LEFT JOIN reviews r ON r.id = x.review_id WHERE x.id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let org: i64 = row.try_get("org_id")?;
        let people = match row.try_get::<Option<i64>, _>("reviewer_account_id")? {
            Some(a) => inbox::person_of_account(&mut tx, a)
                .await?
                .into_iter()
                .collect(),
            None => inbox::leadership(&mut tx, org).await?,
        };
        inbox::tell(
            &mut tx,
            &people,
            "notice-rectification-reported",
            &[("problem", row.try_get::<String, _>("problem")?)],
            &format!("/organisations/{org}/reviews"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Tells the owner and the branch leadership, once, of each item past its
    /// due date and not closed. Returns how many items were told of.
    pub async fn tell_overdue_rectifications(&self, today: Day) -> Result<usize> {
        let mut tx = self.begin().await?;
        let rows = sqlx::query(
            "SELECT id, org_id, owner_person_id, problem FROM rectifications
             WHERE status <> 'closed' AND due_on < $1 AND overdue_notified_at IS NULL",
        )
        .bind(today.to_string())
        .fetch_all(&mut *tx)
        .await?;
        for row in &rows {
            let org: i64 = row.try_get("org_id")?;
            let mut people = inbox::leadership(&mut tx, org).await?;
            people.push(row.try_get("owner_person_id")?);
            inbox::tell(
                &mut tx,
                &people,
                "notice-rectification-overdue",
                &[("problem", row.try_get::<String, _>("problem")?)],
                &format!("/organisations/{org}/reviews"),
            )
            .await?;
            sqlx::query("UPDATE rectifications SET overdue_notified_at = $1 WHERE id = $2")
                .bind(now_text())
                .bind(row.try_get::<i64, _>("id")?)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(rows.len())
    }

    pub async fn close_rectification(&self, actor: &str, id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE rectifications SET status = 'closed', closed_by = $1, closed_at = $2 WHERE id = $3 AND status <> 'closed'")
            .bind(actor)
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict("rectification-error-closed"));
        }
        audit::record(
            &mut tx,
            change(actor, "close", "rectification", id, String::new()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A file attached to a rectification item, with the item's branch.
    pub async fn rectification_file(&self, id: i64) -> Result<(i64, EvidenceFile)> {
        let row = sqlx::query(
            "SELECT x.id, f.filename, f.content_type, f.body FROM rectification_files f
             JOIN rectifications x ON x.id = f.rectification_id WHERE f.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok((
            row.try_get("id")?,
            EvidenceFile {
                filename: row.try_get("filename")?,
                content_type: row.try_get("content_type")?,
                body: row.try_get("body")?,
            },
        ))
    }
}
