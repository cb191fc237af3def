//! The outbox as the channels work it: a server claims the due messages of a
//! channel for a while (so that no two servers send one message), then marks
//! each sent, or failed with the time of its next try, or dead after its last.
//! A dead message can be sent again by hand.

use crate::{Result, Store, StoreError, now_text, time_text};
use serde::Serialize;
use sqlx::Row;
use time::{Duration, OffsetDateTime};

/// A message as the outbox page lists it.
#[derive(Clone, Debug, Serialize)]
pub struct OutboxItem {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    /// `pending`, `sent` or `dead`.
    pub status: String,
    pub attempts: i64,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// When a failed message is tried again.
    pub next_at: Option<String>,
    pub last_error: Option<String>,
    /// A notice sent on: its message id and arguments, worded by the reader;
    /// `subject` is then the id.
    pub message: Option<(String, Vec<(String, String)>)>,
}

/// A message claimed for sending.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// Tries before this one.
    pub attempts: i64,
    /// A notice sent on: whom it is for, its message id with arguments (to
    /// be worded when sent) and its link.
    pub notice: Option<Notice>,
}

#[derive(Clone, Debug)]
pub struct Notice {
    pub person_id: i64,
    pub message_id: String,
    pub args: Vec<(String, String)>,
    pub link: String,
}

impl Store {
    /// Claims up to `limit` due messages of `channel` for `hold`: pending, due,
    /// and not held by another server. One statement, so that on PostgreSQL a
    /// row another server claimed first is re-checked and skipped.
    pub async fn claim_outgoing(
        &self,
        channel: &str,
        limit: i64,
        hold: Duration,
    ) -> Result<Vec<Outgoing>> {
        let now = OffsetDateTime::now_utc();
        let rows = sqlx::query(
            "UPDATE outbox SET locked_until = $3
             WHERE id IN (
                SELECT id FROM outbox
                WHERE channel = $1 AND status = 'pending'
                  AND (next_at IS NULL OR next_at <= $2)
                  AND (locked_until IS NULL OR locked_until <= $2)
                ORDER BY id LIMIT $4)
               AND status = 'pending' AND (locked_until IS NULL OR locked_until <= $2)
             RETURNING id, recipient, subject, body, attempts, person_id, message_id, args, link",
        )
        .bind(channel)
        .bind(time_text(now))
        .bind(time_text(now + hold))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<Outgoing> = rows
            .iter()
            .map(|r| {
                let person: Option<i64> = r.try_get("person_id")?;
                let message: Option<String> = r.try_get("message_id")?;
                let notice = match (person, message) {
                    (Some(person_id), Some(message_id)) => Some(Notice {
                        person_id,
                        message_id,
                        args: serde_json::from_str(
                            r.try_get::<Option<String>, _>("args")?
                                .as_deref()
                                .unwrap_or("[]"),
                        )
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                        link: r.try_get::<Option<String>, _>("link")?.unwrap_or_default(),
                    }),
                    _ => None,
                };
                Ok(Outgoing {
                    id: r.try_get("id")?,
                    recipient: r.try_get("recipient")?,
                    subject: r.try_get("subject")?,
                    body: r.try_get("body")?,
                    attempts: r.try_get("attempts")?,
                    notice,
                })
            })
            .collect::<Result<_>>()?;
        out.sort_by_key(|o| o.id);
        Ok(out)
    }

    /// Gives back claimed messages the server did not try, for any server to claim.
    pub async fn release_outgoing(&self, ids: &[i64]) -> Result<()> {
        for chunk in ids.chunks(500) {
            let list = chunk
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE outbox SET locked_until = NULL WHERE status = 'pending' AND id IN ({list})"
            )))
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// The channel took the message.
    pub async fn outgoing_sent(&self, id: i64) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET status = 'sent', sent_at = $2, attempts = attempts + 1,
                locked_until = NULL, next_at = NULL
             WHERE id = $1 AND status = 'pending'",
        )
        .bind(id)
        .bind(now_text())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The channel refused or did not answer: tried again at `retry_at`, or
    /// dead when there is no further try.
    pub async fn outgoing_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<OffsetDateTime>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $2, locked_until = NULL,
                next_at = $3, status = CASE WHEN $3 IS NULL THEN 'dead' ELSE 'pending' END
             WHERE id = $1 AND status = 'pending'",
        )
        .bind(id)
        .bind(error.chars().take(500).collect::<String>())
        .bind(retry_at.map(time_text))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Holds a message until `until` (the end of its person's quiet hours),
    /// without counting a try.
    pub async fn outgoing_deferred(&self, id: i64, until: OffsetDateTime) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET next_at = $2, locked_until = NULL WHERE id = $1 AND status = 'pending'",
        )
        .bind(id)
        .bind(time_text(until))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Queues a dead message again, its tries counted afresh.
    pub async fn resend_outgoing(&self, id: i64) -> Result<()> {
        let changed = sqlx::query(
            "UPDATE outbox SET status = 'pending', attempts = 0, next_at = NULL, locked_until = NULL
             WHERE id = $1 AND status = 'dead'",
        )
        .bind(id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("outbox-error-not-dead"));
        }
        Ok(())
    }

    /// The newest messages, of one status when given.
    pub async fn outbox(&self, status: Option<&str>, limit: i64) -> Result<Vec<OutboxItem>> {
        let rows = sqlx::query(
            "SELECT id, channel, recipient, subject, status, attempts, created_at, sent_at,
                next_at, last_error, message_id, args
             FROM outbox WHERE ($1 IS NULL OR status = $1) ORDER BY id DESC LIMIT $2",
        )
        .bind(status)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OutboxItem {
                    id: r.try_get("id")?,
                    channel: r.try_get("channel")?,
                    recipient: r.try_get("recipient")?,
                    subject: r.try_get("subject")?,
                    status: r.try_get("status")?,
                    attempts: r.try_get("attempts")?,
                    created_at: r.try_get("created_at")?,
                    sent_at: r.try_get("sent_at")?,
                    next_at: r.try_get("next_at")?,
                    last_error: r.try_get("last_error")?,
                    message: match r.try_get::<Option<String>, _>("message_id")? {
                        Some(id) => Some((
                            id,
                            serde_json::from_str(
                                r.try_get::<Option<String>, _>("args")?
                                    .as_deref()
                                    .unwrap_or("[]"),
                            )
                            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                        )),
                        None => None,
                    },
                })
            })
            .collect()
    }

    /// How many messages of a channel stand in each status: (pending, sent, dead).
    pub async fn outbox_counts(&self, channel: &str) -> Result<(i64, i64, i64)> {
        let row = sqlx::query(
            "SELECT COUNT(*) FILTER (WHERE status = 'pending') AS pending,
                    COUNT(*) FILTER (WHERE status = 'sent') AS sent,
                    COUNT(*) FILTER (WHERE status = 'dead') AS dead
             FROM outbox WHERE channel = $1",
        )
        .bind(channel)
        .fetch_one(&self.pool)
        .await?;
        Ok((
            row.try_get("pending")?,
            row.try_get("sent")?,
            row.try_get("dead")?,
        ))
    }
}

/// Whom a message to a group goes to.
#[derive(Clone, Copy, Debug)]
pub enum Audience<'a> {
    /// Everyone of an organisation's subtree.
    Within(&'a domain::organisation::OrgPath),
    /// A party group's members.
    PartyGroup(i64),
    /// These people (the study laggards of a branch, say).
    People(&'a [i64]),
}

impl Store {
    /// Queues one message on `channel` (`email` or `sms`) for each person of
    /// the audience with an address for it; returns how many were queued and
    /// how many had none. The gateway's rate paces the sending.
    pub async fn queue_to_group(
        &self,
        actor: &str,
        audience: Audience<'_>,
        channel: &str,
        subject: &str,
        body: &str,
    ) -> Result<(i64, i64)> {
        let address = if channel == "email" { "email" } else { "phone" };
        // The audience's condition with its binds numbered from `first`.
        let filter = |first: usize| match audience {
            Audience::Within(_) => format!("o.path >= ${first} AND o.path < ${}", first + 1),
            Audience::PartyGroup(_) => format!("p.party_group_id = ${first}"),
            // Ids the caller read from the database, written as numbers.
            Audience::People([]) => "1 = 0".to_string(),
            Audience::People(ids) => format!(
                "p.id IN ({})",
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
            ),
        };
        let end = match audience {
            Audience::Within(path) => crate::organisation::subtree_end(path),
            Audience::PartyGroup(_) | Audience::People(_) => String::new(),
        };
        let bind =
            |q: sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>| match audience {
                Audience::Within(path) => q.bind(path.as_str().to_string()).bind(end.clone()),
                Audience::PartyGroup(id) => q.bind(id),
                Audience::People(_) => q,
            };
        let mut tx = self.begin().await?;
        let total: i64 = bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM people p JOIN organisations o ON o.id = p.org_id WHERE {}",
            filter(1)
        ))))
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
        let queued = bind(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO outbox (channel, recipient, subject, body, status, created_at, person_id)
                 SELECT $1, p.{address}, $2, $3, 'pending', $4, p.id
                 FROM people p JOIN organisations o ON o.id = p.org_id
                 WHERE {} AND p.{address} IS NOT NULL AND p.{address} <> ''",
                filter(5)
            )))
            .bind(channel.to_string())
            .bind(subject.to_string())
            .bind(body.to_string())
            .bind(now_text()),
        )
        .execute(&mut *tx)
        .await?
        .rows_affected() as i64;
        crate::audit::record(
            &mut tx,
            crate::audit::change(
                actor,
                "send",
                "group_message",
                queued,
                format!("{channel}: {subject}"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok((queued, total - queued))
    }
}
