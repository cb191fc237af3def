//! Fulfilment: progress on an approved item with its evidence files, and the
//! people who follow a commitment and are told of it.

use super::{Commitment, bump_board, change};
use crate::{Result, Store, StoreError, audit, inbox, now_text};
use domain::commitment::ItemStatus;
use serde::Serialize;
use sqlx::Row;
use std::collections::HashMap;

/// The current state of one item: the newest progress report.
#[derive(Clone, Debug, Serialize)]
pub struct Progress {
    pub percent: u8,
    pub status: ItemStatus,
    pub note: String,
    pub at: String,
    pub by: String,
    pub evidence: Vec<EvidenceInfo>,
}

#[derive(Clone, Debug, Serialize)]
pub struct EvidenceInfo {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
}

/// A file proving progress, checked by the caller for kind and size.
#[derive(Clone, Debug)]
pub struct EvidenceFile {
    pub filename: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

/// Rewrites a commitment's roll-up figures from its approved items and their
/// newest progress, in the caller's transaction.
pub(crate) async fn refresh_rollup(conn: &mut crate::Conn, id: i64) -> Result<()> {
    let approved: Option<String> =
        sqlx::query_scalar("SELECT approved FROM commitments WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let Some(approved) = approved else {
        return Ok(());
    };
    let items: Vec<domain::commitment::Item> =
        serde_json::from_str(&approved).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let latest: HashMap<String, i64> = sqlx::query(
        "SELECT f.item_key, f.percent FROM fulfilments f WHERE f.commitment_id = $1
           AND f.id = (SELECT MAX(g.id) FROM fulfilments g
                       WHERE g.commitment_id = f.commitment_id AND g.item_key = f.item_key)",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("item_key")?, r.try_get("percent")?)))
    .collect::<Result<_>>()?;
    let total: i64 = items.iter().map(|i| i64::from(i.weight)).sum();
    let done: i64 = items
        .iter()
        .map(|i| i64::from(i.weight) * latest.get(&i.key).copied().unwrap_or(0).clamp(0, 100))
        .sum();
    sqlx::query("UPDATE commitments SET weight_total = $2, weighted_done = $3 WHERE id = $1")
        .bind(id)
        .bind(total)
        .bind(done)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

impl Store {
    /// Records progress on an approved item, with evidence, and tells followers.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_progress(
        &self,
        actor: &str,
        c: &Commitment,
        item_key: &str,
        percent: u8,
        status: ItemStatus,
        note: &str,
        evidence: Option<EvidenceFile>,
        notice: (&str, &str),
    ) -> Result<i64> {
        let item = c
            .approved
            .as_ref()
            .and_then(|items| items.iter().find(|i| i.key == item_key))
            .ok_or(StoreError::NotFound)?;
        let now = now_text();
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO fulfilments (commitment_id, item_key, percent, status, note, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(c.id)
        .bind(item_key)
        .bind(i64::from(percent.min(100)))
        .bind(status.as_str())
        .bind(note)
        .bind(actor)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        if let Some(f) = evidence {
            sqlx::query(
                "INSERT INTO evidence (fulfilment_id, filename, content_type, body, created_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(&f.filename)
            .bind(&f.content_type)
            .bind(f.body)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        let followers = sqlx::query("SELECT person_id FROM follows WHERE commitment_id = $1")
            .bind(c.id)
            .fetch_all(&mut *tx)
            .await?;
        let (title, link) = notice;
        for f in &followers {
            let body = format!("{}：{}% · {}", item.what, percent, note);
            inbox::notify(&mut tx, f.try_get("person_id")?, title, &body, Some(link)).await?;
        }
        bump_board(&mut tx, c.org_id).await?;
        refresh_rollup(&mut tx, c.id).await?;
        audit::record(
            &mut tx,
            change(
                actor,
                "progress",
                c.id,
                format!("{item_key}: {percent}% {}", status.as_str()),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The newest progress of every item of the given commitments.
    pub async fn progress_of(
        &self,
        commitment_ids: &[i64],
    ) -> Result<HashMap<(i64, String), Progress>> {
        let mut out: HashMap<(i64, String), Progress> = HashMap::new();
        if commitment_ids.is_empty() {
            return Ok(out);
        }
        let list = commitment_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT f.id, f.commitment_id, f.item_key, f.percent, f.status, f.note, f.created_at, f.created_by
             FROM fulfilments f
             WHERE f.commitment_id IN ({list})
               AND f.id = (SELECT MAX(g.id) FROM fulfilments g
                           WHERE g.commitment_id = f.commitment_id AND g.item_key = f.item_key)"
        )))
        .fetch_all(&self.pool)
        .await?;
        let mut by_fulfilment = HashMap::new();
        for r in &rows {
            let status: String = r.try_get("status")?;
            let key = (
                r.try_get::<i64, _>("commitment_id")?,
                r.try_get::<String, _>("item_key")?,
            );
            by_fulfilment.insert(r.try_get::<i64, _>("id")?, key.clone());
            out.insert(
                key,
                Progress {
                    percent: u8::try_from(r.try_get::<i64, _>("percent")?).unwrap_or(100),
                    status: ItemStatus::parse(&status).ok_or(StoreError::Corrupt(status))?,
                    note: r.try_get("note")?,
                    at: r.try_get("created_at")?,
                    by: r.try_get("created_by")?,
                    evidence: Vec::new(),
                },
            );
        }
        if !by_fulfilment.is_empty() {
            let ids = by_fulfilment
                .keys()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let files = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT id, fulfilment_id, filename, content_type FROM evidence
                 WHERE fulfilment_id IN ({ids}) ORDER BY id"
            )))
            .fetch_all(&self.pool)
            .await?;
            for f in &files {
                if let Some(key) = by_fulfilment.get(&f.try_get::<i64, _>("fulfilment_id")?)
                    && let Some(p) = out.get_mut(key)
                {
                    p.evidence.push(EvidenceInfo {
                        id: f.try_get("id")?,
                        filename: f.try_get("filename")?,
                        content_type: f.try_get("content_type")?,
                    });
                }
            }
        }
        Ok(out)
    }

    /// An evidence file with the commitment it belongs to.
    pub async fn evidence(&self, id: i64) -> Result<(i64, EvidenceFile)> {
        let row = sqlx::query(
            "SELECT f.commitment_id, e.filename, e.content_type, e.body
             FROM evidence e JOIN fulfilments f ON f.id = e.fulfilment_id WHERE e.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok((
            row.try_get("commitment_id")?,
            EvidenceFile {
                filename: row.try_get("filename")?,
                content_type: row.try_get("content_type")?,
                body: row.try_get("body")?,
            },
        ))
    }

    pub async fn follow(&self, person_id: i64, commitment_id: i64, on: bool) -> Result<()> {
        let sql = if on {
            "INSERT INTO follows (person_id, commitment_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        } else {
            "DELETE FROM follows WHERE person_id = $1 AND commitment_id = $2"
        };
        sqlx::query(sql)
            .bind(person_id)
            .bind(commitment_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The commitments `person_id` follows.
    pub async fn followed(&self, person_id: i64) -> Result<Vec<i64>> {
        let rows = sqlx::query("SELECT commitment_id FROM follows WHERE person_id = $1")
            .bind(person_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| r.try_get("commitment_id").map_err(Into::into))
            .collect()
    }

    pub async fn follows(&self, person_id: i64, commitment_id: i64) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM follows WHERE person_id = $1 AND commitment_id = $2",
        )
        .bind(person_id)
        .bind(commitment_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }
}
