//! The notifications core: an in-app inbox per person, and an outbox of messages
//! for other channels. Until a mail or SMS channel is configured, the outbox is
//! the channel: admins read it.

#[cfg(feature = "bench")]
mod bench;
mod outbox;
mod preference;
mod todo;

pub use outbox::{Audience, Notice, OutboxItem, Outgoing};
pub use preference::ChannelPreference;
pub use todo::{BranchTodo, OfficeTodo, PersonTodo};

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
    /// A workflow notice: its message id and arguments, read in the reader's
    /// language ([`tell`]); `title` is then the id.
    pub message: Option<(String, Vec<(String, String)>)>,
}

/// Puts a message in a person's inbox, in the caller's transaction.
pub async fn notify(
    conn: &mut Conn,
    person_id: i64,
    title: &str,
    body: &str,
    link: Option<&str>,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO inbox (person_id, title, body, link, created_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING id",
    )
    .bind(person_id)
    .bind(title)
    .bind(body)
    .bind(link)
    .bind(now_text())
    .fetch_one(&mut *conn)
    .await?)
}

/// Tells each of `people` that something waits for them or happened to them:
/// a message id and its arguments, with a link to the item, in the caller's
/// transaction. Each reads it in their own language; it goes on by e-mail or
/// SMS to those who chose them.
pub async fn tell(
    conn: &mut Conn,
    people: &[i64],
    message_id: &str,
    args: &[(&str, String)],
    link: &str,
) -> Result<()> {
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let args =
        serde_json::to_string(&args).map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
    let mut people = people.to_vec();
    people.sort_unstable();
    people.dedup();
    for person in people {
        sqlx::query(
            "INSERT INTO inbox (person_id, title, body, link, created_at, message_id, args)
             VALUES ($1, $2, '', $3, $4, $2, $5)",
        )
        .bind(person)
        .bind(message_id)
        .bind(link)
        .bind(now_text())
        .bind(&args)
        .execute(&mut *conn)
        .await?;
        // On by the channels the person chose, where they gave an address.
        for (channel, address) in [("email", "email"), ("sms", "phone")] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO outbox (channel, recipient, subject, body, status, created_at,
                    person_id, message_id, args, link)
                 SELECT '{channel}', p.{address}, $2, '', 'pending', $3, p.id, $2, $4, $5
                 FROM channel_preferences c JOIN people p ON p.id = c.person_id
                 WHERE c.person_id = $1 AND c.{channel} <> 0
                   AND p.{address} IS NOT NULL AND p.{address} <> ''"
            )))
            .bind(person)
            .bind(message_id)
            .bind(now_text())
            .bind(&args)
            .bind(link)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// Marks every unread `message_id` notice linking to `link` as read: the step
/// it waited for is done, by whoever did it.
pub async fn done(conn: &mut Conn, message_id: &str, link: &str) -> Result<()> {
    sqlx::query(
        "UPDATE inbox SET read_at = $1 WHERE message_id = $2 AND link = $3 AND read_at IS NULL",
    )
    .bind(now_text())
    .bind(message_id)
    .bind(link)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The people who lead an organisation: its secretary and deputies.
pub async fn leadership(conn: &mut Conn, org_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT a.person_id FROM role_grants g JOIN accounts a ON a.id = g.account_id
         WHERE g.org_id = $1 AND g.role IN ('secretary', 'deputy')",
    )
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// The campaign offices over an organisation (granted above it).
pub async fn offices_above(conn: &mut Conn, org_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT a.person_id FROM role_grants g
         JOIN accounts a ON a.id = g.account_id
         JOIN organisations above ON above.id = g.org_id
         JOIN organisations o ON o.id = $1
         WHERE g.role = 'campaign_office' AND above.id <> o.id
           AND substr(o.path, 1, length(above.path)) = above.path",
    )
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// The person behind an account.
pub async fn person_of_account(conn: &mut Conn, account_id: i64) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT person_id FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Queues a message for an outside channel (`email`, `sms`).
pub async fn queue_outgoing(
    conn: &mut Conn,
    channel: &str,
    recipient: &str,
    subject: &str,
    body: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO outbox (channel, recipient, subject, body, status, created_at)
         VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id",
    )
    .bind(channel)
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(now_text())
    .fetch_one(&mut *conn)
    .await?)
}

impl Store {
    pub async fn inbox(&self, person_id: i64, limit: i64) -> Result<Vec<InboxItem>> {
        let rows = sqlx::query(
            "SELECT id, title, body, link, created_at, read_at, message_id, args FROM inbox
             WHERE person_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(person_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let message_id: Option<String> = r.try_get("message_id")?;
                let args: Option<String> = r.try_get("args")?;
                let message = match message_id {
                    Some(id) => Some((
                        id,
                        serde_json::from_str(args.as_deref().unwrap_or("[]"))
                            .map_err(|e| crate::StoreError::Corrupt(e.to_string()))?,
                    )),
                    None => None,
                };
                Ok(InboxItem {
                    id: r.try_get("id")?,
                    title: r.try_get("title")?,
                    body: r.try_get("body")?,
                    link: r.try_get("link")?,
                    created_at: r.try_get("created_at")?,
                    read_at: r.try_get("read_at")?,
                    message,
                })
            })
            .collect()
    }

    pub async fn unread_count(&self, person_id: i64) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM inbox WHERE person_id = $1 AND read_at IS NULL",
        )
        .bind(person_id)
        .fetch_one(&self.pool)
        .await?)
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
}

/// The people granted `role` at exactly this organisation (its campaign office,
/// its leaders).
pub async fn holders(conn: &mut Conn, org_id: i64, role: &str) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT a.person_id FROM role_grants g JOIN accounts a ON a.id = g.account_id
         WHERE g.org_id = $1 AND g.role = $2",
    )
    .bind(org_id)
    .bind(role)
    .fetch_all(&mut *conn)
    .await?)
}
