//! Files held between an import's preview and its confirmation.

use crate::{Result, Store, StoreError, now_text};
use sqlx::Row;

#[derive(Clone, Debug)]
pub struct Upload {
    pub id: i64,
    pub org_id: i64,
    pub filename: String,
    pub body: Vec<u8>,
}

impl Store {
    pub async fn save_upload(
        &self,
        account_id: i64,
        org_id: i64,
        filename: &str,
        body: &[u8],
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO uploads (account_id, org_id, filename, body, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(account_id)
        .bind(org_id)
        .bind(filename)
        .bind(body.to_vec())
        .bind(now_text())
        .fetch_one(&self.pool)
        .await?)
    }

    /// An upload, only to the account that made it.
    pub async fn upload(&self, account_id: i64, id: i64) -> Result<Upload> {
        let row = sqlx::query(
            "SELECT id, org_id, filename, body FROM uploads WHERE id = $1 AND account_id = $2",
        )
        .bind(id)
        .bind(account_id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(Upload {
            id: row.try_get("id")?,
            org_id: row.try_get("org_id")?,
            filename: row.try_get("filename")?,
            body: row.try_get("body")?,
        })
    }

    pub async fn delete_upload(&self, id: i64) -> Result<()> {
        sqlx::query("DELETE FROM uploads WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
