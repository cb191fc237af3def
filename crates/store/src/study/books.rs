//! Books shared among a branch: the 晒书 wall of books its people read, with
//! likes, and the 荐书 list of books the branch recommends.

use super::record::{RECORD, Record, record};
use crate::audit::change;
use crate::{Result, Store, StoreError, audit, now_text};
use sqlx::Row;
use std::collections::HashSet;

#[derive(Clone, Debug, serde::Serialize)]
pub struct Recommendation {
    pub id: i64,
    pub title: String,
    pub author: String,
    pub reason: String,
    pub by: Option<String>,
    pub created_at: String,
}

impl Store {
    /// The 晒书 wall: shared books of the organisation, newest first, and the ones
    /// `viewer` liked.
    pub async fn wall(
        &self,
        org_id: i64,
        viewer: Option<i64>,
    ) -> Result<(Vec<Record>, HashSet<i64>)> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{RECORD} WHERE r.org_id = $1 AND r.shared = 1 ORDER BY r.id DESC LIMIT 200"
        )))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        let books = rows.iter().map(record).collect::<Result<Vec<_>>>()?;
        let Some(viewer) = viewer else {
            return Ok((books, HashSet::new()));
        };
        let liked = sqlx::query(
            "SELECT l.record_id FROM study_likes l JOIN study_records r ON r.id = l.record_id
             WHERE r.org_id = $1 AND l.person_id = $2",
        )
        .bind(org_id)
        .bind(viewer)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| r.try_get("record_id"))
        .collect::<std::result::Result<_, _>>()?;
        Ok((books, liked))
    }

    /// Likes a shared book, or takes the like back; returns whether it is liked now.
    pub async fn toggle_like(&self, person_id: i64, record_id: i64) -> Result<bool> {
        let mut tx = self.begin().await?;
        let shared: i64 = sqlx::query("SELECT shared FROM study_records WHERE id = $1")
            .bind(record_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?
            .try_get("shared")?;
        if shared == 0 {
            return Err(StoreError::NotFound);
        }
        let removed =
            sqlx::query("DELETE FROM study_likes WHERE record_id = $1 AND person_id = $2")
                .bind(record_id)
                .bind(person_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if removed == 0 {
            sqlx::query("INSERT INTO study_likes (record_id, person_id) VALUES ($1, $2)")
                .bind(record_id)
                .bind(person_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(removed == 0)
    }

    pub async fn recommend_book(
        &self,
        actor: &str,
        org_id: i64,
        person_id: i64,
        title: &str,
        author: &str,
        reason: &str,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO study_recommendations (org_id, person_id, title, author, reason, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(org_id)
        .bind(person_id)
        .bind(title)
        .bind(author)
        .bind(reason)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            change(
                actor,
                "create",
                "study_recommendation",
                id,
                title.to_string(),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn recommendations(&self, org_id: i64) -> Result<Vec<Recommendation>> {
        let rows = sqlx::query(
            "SELECT r.id, r.title, r.author, r.reason, p.name, r.created_at
             FROM study_recommendations r LEFT JOIN people p ON p.id = r.person_id
             WHERE r.org_id = $1 ORDER BY r.id DESC",
        )
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Recommendation {
                    id: r.try_get("id")?,
                    title: r.try_get("title")?,
                    author: r.try_get("author")?,
                    reason: r.try_get("reason")?,
                    by: r.try_get("name")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }
}
