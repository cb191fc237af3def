//! The notifications core: an in-app inbox per person, and an outbox of messages
//! for other channels. Until a mail or SMS channel is configured, the outbox is
//! the channel: admins read it.

use crate::{Conn, Result, Store, now_text};
use serde::Serialize;
use sqlx::Row;

#[derive(Clone, Debug, Serialize)]
pub struct InboxItem {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: String,
    pub read_at: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OutboxItem {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub status: String,
    pub created_at: String,
}

/// Puts a message in a person's inbox, in the caller's transaction.
pub async fn notify(
    conn: &mut Conn,
    person_id: i64,
    title: &str,
    body: &str,
    link: Option<&str>,
) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO inbox (person_id, title, body, link, created_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING id",
    )
    .bind(person_id)
    .bind(title)
    .bind(body)
    .bind(link)
    .bind(now_text())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

/// Queues a message for an outside channel (`email`, `sms`).
pub async fn queue_outgoing(
    conn: &mut Conn,
    channel: &str,
    recipient: &str,
    subject: &str,
    body: &str,
) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO outbox (channel, recipient, subject, body, status, created_at)
         VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id",
    )
    .bind(channel)
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(now_text())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

impl Store {
    pub async fn inbox(&self, person_id: i64, limit: i64) -> Result<Vec<InboxItem>> {
        let rows = sqlx::query(
            "SELECT id, title, body, link, created_at, read_at FROM inbox
             WHERE person_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(person_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(InboxItem {
                    id: r.try_get(0)?,
                    title: r.try_get(1)?,
                    body: r.try_get(2)?,
                    link: r.try_get(3)?,
                    created_at: r.try_get(4)?,
                    read_at: r.try_get(5)?,
                })
            })
            .collect()
    }

    pub async fn unread_count(&self, person_id: i64) -> Result<i64> {
        Ok(
            sqlx::query("SELECT COUNT(*) FROM inbox WHERE person_id = $1 AND read_at IS NULL")
                .bind(person_id)
                .fetch_one(&self.pool)
                .await?
                .try_get(0)?,
        )
    }

    pub async fn mark_read(&self, person_id: i64, id: i64) -> Result<()> {
        sqlx::query(
            "UPDATE inbox SET read_at = $1 WHERE id = $2 AND person_id = $3 AND read_at IS NULL",
        )
        .bind(now_text())
        .bind(id)
        .bind(person_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn outbox(&self, limit: i64) -> Result<Vec<OutboxItem>> {
        let rows = sqlx::query(
            "SELECT id, channel, recipient, subject, status, created_at FROM outbox
             ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OutboxItem {
                    id: r.try_get(0)?,
                    channel: r.try_get(1)?,
                    recipient: r.try_get(2)?,
                    subject: r.try_get(3)?,
                    status: r.try_get(4)?,
                    created_at: r.try_get(5)?,
                })
            })
            .collect()
    }
}
