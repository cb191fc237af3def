//! Reminding the holders of a round's codes before it closes. Who voted is
//! known to no one (docs/anonymity.md), so the reminder goes to everyone who
//! received a code of the round by message, by the way the code went and
//! worded alike for all, and only while some of those codes are unused: a
//! count, never a name.

use super::change;
use crate::{Result, Store, audit, inbox, now_text, parse_time_text, time_text};
use sqlx::Row;
use time::OffsetDateTime;

/// An open round whose code holders are to be reminded.
#[derive(Clone, Debug)]
pub struct CodesDue {
    pub round_id: i64,
    pub title: String,
    pub closes_at: OffsetDateTime,
}

impl Store {
    /// Open rounds closing by `until`, not yet reminded, with a code sent by
    /// message still unused.
    pub async fn rounds_to_remind(
        &self,
        now: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<Vec<CodesDue>> {
        let rows = sqlx::query(
            "SELECT r.id, r.title, r.closes_at FROM evaluation_rounds r
             WHERE r.closed_at IS NULL AND r.codes_reminded_at IS NULL
               AND r.opens_at <= $1 AND r.closes_at > $1 AND r.closes_at <= $2
               AND EXISTS (
                 SELECT 1 FROM evaluation_codes c
                 JOIN evaluation_batches b ON b.id = c.batch_id
                 WHERE c.round_id = r.id AND b.channel = 'messages' AND c.state = 'issued')
             ORDER BY r.id",
        )
        .bind(time_text(now))
        .bind(time_text(until))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let closes: String = r.try_get("closes_at")?;
                Ok(CodesDue {
                    round_id: r.try_get("id")?,
                    title: r.try_get("title")?,
                    closes_at: parse_time_text(&closes)
                        .ok_or_else(|| crate::StoreError::Corrupt(closes.clone()))?,
                })
            })
            .collect()
    }

    /// Sends `title` and `body` once to everyone who received a code of the
    /// round by message: to the inbox of those who got it there, by SMS or
    /// e-mail to the others. Returns how many, 0 when another server sent it.
    pub async fn remind_code_holders(
        &self,
        round_id: i64,
        title: &str,
        body: &str,
        link: &str,
    ) -> Result<usize> {
        let mut tx = self.begin().await?;
        let first = sqlx::query(
            "UPDATE evaluation_rounds SET codes_reminded_at = $2
             WHERE id = $1 AND codes_reminded_at IS NULL",
        )
        .bind(round_id)
        .bind(now_text())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if first == 0 {
            return Ok(0);
        }
        let people: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT i.person_id FROM inbox i
             JOIN evaluation_deliveries d ON d.inbox_id = i.id WHERE d.round_id = $1",
        )
        .bind(round_id)
        .fetch_all(&mut *tx)
        .await?;
        let addresses = sqlx::query(
            "SELECT DISTINCT o.channel, o.recipient FROM outbox o
             JOIN evaluation_deliveries d ON d.outbox_id = o.id WHERE d.round_id = $1",
        )
        .bind(round_id)
        .fetch_all(&mut *tx)
        .await?;
        for person in &people {
            inbox::notify(&mut tx, *person, title, body, Some(link)).await?;
        }
        for a in &addresses {
            let (channel, recipient): (String, String) =
                (a.try_get("channel")?, a.try_get("recipient")?);
            inbox::queue_outgoing(&mut tx, &channel, &recipient, title, body).await?;
        }
        let sent = people.len() + addresses.len();
        audit::record(
            &mut tx,
            change(
                "clock",
                "remind_codes",
                round_id,
                format!("{sent} messages"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(sent)
    }
}
