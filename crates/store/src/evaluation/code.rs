//! Codes: made in batches, kept only as hashes, revoked one by one or all the
//! unused ones of a batch, delivered by message when asked. Nothing here records
//! who holds which code, except a message that carried one (until the close).

use super::{change, json, to_json};
use crate::{Conn, Result, Store, StoreError, audit, inbox, now_text};
use domain::evaluation::code::{CODE_BYTES, Code};
use serde::Serialize;
use sqlx::Row;
use std::collections::HashMap;

/// Where a code stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeState {
    Issued,
    Used,
    Revoked,
}

impl CodeState {
    fn parse(s: &str) -> Result<CodeState> {
        match s {
            "issued" => Ok(CodeState::Issued),
            "used" => Ok(CodeState::Used),
            "revoked" => Ok(CodeState::Revoked),
            other => Err(StoreError::Corrupt(other.to_string())),
        }
    }
}

/// Counts of a batch, or of a whole round.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Participation {
    pub issued: i64,
    pub used: i64,
    pub revoked: i64,
}

impl Participation {
    pub fn unused(&self) -> i64 {
        self.issued - self.used - self.revoked
    }

    /// The counts of several batches together.
    pub fn total(batches: &[Batch]) -> Participation {
        batches
            .iter()
            .fold(Participation::default(), |t, b| Participation {
                issued: t.issued + b.counts.issued,
                used: t.used + b.counts.used,
                revoked: t.revoked + b.counts.revoked,
            })
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Batch {
    pub id: i64,
    pub channel: String,
    pub label: String,
    /// The targets the batch's codes cover; empty for all.
    pub scope: Vec<i64>,
    pub counts: Participation,
    pub created_by: String,
    pub created_at: String,
}

/// A batch just made, with its codes: the only time they exist outside the
/// evaluators' hands.
pub struct IssuedBatch {
    pub batch_id: i64,
    pub codes: Vec<Code>,
}

/// What a typed code opens.
#[derive(Clone, Debug)]
pub struct CodeLookup {
    pub round_id: i64,
    pub state: CodeState,
    /// The targets the code covers; empty for all.
    pub scope: Vec<i64>,
}

/// A message to deliver a code by: to a person's inbox, or to an outside
/// channel (`sms`, `email`) and address.
pub enum Delivery {
    Inbox {
        person_id: i64,
        title: String,
        body: String,
        link: String,
    },
    Outgoing {
        channel: String,
        recipient: String,
        subject: String,
        body: String,
    },
}

fn new_codes(n: u32) -> Result<Vec<Code>> {
    let bytes = crate::random_bytes(CODE_BYTES * n as usize)?;
    Ok(bytes
        .chunks_exact(CODE_BYTES)
        .map(|c| {
            let mut b = [0u8; CODE_BYTES];
            b.copy_from_slice(c);
            Code::from_bytes(b)
        })
        .collect())
}

async fn insert_batch(
    conn: &mut Conn,
    actor: &str,
    round_id: i64,
    channel: &str,
    label: &str,
    scope: &[i64],
    codes: &[Code],
) -> Result<i64> {
    let batch_id: i64 = sqlx::query_scalar(
        "INSERT INTO evaluation_batches (round_id, channel, label, scope, issued, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(round_id)
    .bind(channel)
    .bind(label)
    .bind(to_json(&scope)?)
    .bind(codes.len() as i64)
    .bind(actor)
    .bind(now_text())
    .fetch_one(&mut *conn)
    .await?;
    for t in codes {
        sqlx::query(
            "INSERT INTO evaluation_codes (hash, round_id, batch_id, state) VALUES ($1, $2, $3, 'issued')",
        )
        .bind(t.hash())
        .bind(round_id)
        .bind(batch_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(batch_id)
}

impl Store {
    /// Makes `n` codes covering `scope` (empty: every target) and returns them,
    /// once. Only their hashes are kept.
    pub async fn issue_codes(
        &self,
        actor: &str,
        round_id: i64,
        channel: &str,
        label: &str,
        scope: &[i64],
        n: u32,
    ) -> Result<IssuedBatch> {
        let codes = new_codes(n)?;
        let mut tx = self.begin().await?;
        let batch_id =
            insert_batch(&mut tx, actor, round_id, channel, label, scope, &codes).await?;
        audit::record(
            &mut tx,
            change(
                actor,
                "issue_codes",
                round_id,
                format!("{channel} batch {batch_id}: {n}"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(IssuedBatch { batch_id, codes })
    }

    /// Makes one code a recipient and sends each in its message, which
    /// `message` writes for the code. All are sent or none.
    pub async fn deliver_codes(
        &self,
        actor: &str,
        round_id: i64,
        label: &str,
        scope: &[i64],
        recipients: usize,
        message: &mut (dyn FnMut(usize, &Code) -> Delivery + Send),
    ) -> Result<i64> {
        let codes = new_codes(recipients as u32)?;
        let mut tx = self.begin().await?;
        let batch_id =
            insert_batch(&mut tx, actor, round_id, "messages", label, scope, &codes).await?;
        for (i, code) in codes.iter().enumerate() {
            let (inbox, outbox) = match message(i, code) {
                Delivery::Inbox {
                    person_id,
                    title,
                    body,
                    link,
                } => (
                    Some(inbox::notify(&mut tx, person_id, &title, &body, Some(&link)).await?),
                    None,
                ),
                Delivery::Outgoing {
                    channel,
                    recipient,
                    subject,
                    body,
                } => (
                    None,
                    Some(
                        inbox::queue_outgoing(&mut tx, &channel, &recipient, &subject, &body)
                            .await?,
                    ),
                ),
            };
            sqlx::query(
                "INSERT INTO evaluation_deliveries (round_id, inbox_id, outbox_id) VALUES ($1, $2, $3)",
            )
            .bind(round_id)
            .bind(inbox)
            .bind(outbox)
            .execute(&mut *tx)
            .await?;
        }
        audit::record(
            &mut tx,
            change(
                actor,
                "deliver_codes",
                round_id,
                format!("batch {batch_id}: {recipients} messages"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(batch_id)
    }

    /// What a code opens, if it is known. Codes are forgotten when the round
    /// closes, so a closed round knows none.
    pub async fn lookup_code(&self, code: &Code) -> Result<Option<CodeLookup>> {
        let row = sqlx::query(
            "SELECT t.round_id, t.state, b.scope FROM evaluation_codes t
             JOIN evaluation_batches b ON b.id = t.batch_id WHERE t.hash = $1",
        )
        .bind(code.hash())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(CodeLookup {
                round_id: r.try_get("round_id")?,
                state: CodeState::parse(&r.try_get::<String, _>("state")?)?,
                scope: json(&r.try_get::<String, _>("scope")?)?,
            })
        })
        .transpose()
    }

    /// Revokes one unused code (a lost slip). False when it was not unused.
    pub async fn revoke_code(&self, actor: &str, round_id: i64, code: &Code) -> Result<bool> {
        let mut tx = self.begin().await?;
        let n = sqlx::query(
            "UPDATE evaluation_codes SET state = 'revoked'
             WHERE hash = $1 AND round_id = $2 AND state = 'issued'",
        )
        .bind(code.hash())
        .bind(round_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0 {
            audit::record(
                &mut tx,
                change(actor, "revoke_code", round_id, String::new()),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(n > 0)
    }

    /// Revokes every unused code of a batch (slips not handed out); returns how many.
    pub async fn revoke_batch(&self, actor: &str, round_id: i64, batch_id: i64) -> Result<u64> {
        let mut tx = self.begin().await?;
        // A batch of another round is not found through this one.
        sqlx::query("SELECT id FROM evaluation_batches WHERE id = $1 AND round_id = $2")
            .bind(batch_id)
            .bind(round_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let n = sqlx::query(
            "UPDATE evaluation_codes SET state = 'revoked'
             WHERE batch_id = $1 AND round_id = $2 AND state = 'issued'",
        )
        .bind(batch_id)
        .bind(round_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        audit::record(
            &mut tx,
            change(
                actor,
                "revoke_batch",
                round_id,
                format!("batch {batch_id}: {n}"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// The round's batches with their counts: live while the round runs, as
    /// kept at the close once its codes are forgotten.
    pub async fn batches(&self, round_id: i64) -> Result<Vec<Batch>> {
        let live: HashMap<(i64, String), i64> = sqlx::query(
            "SELECT batch_id, state, COUNT(*) AS codes FROM evaluation_codes
             WHERE round_id = $1 GROUP BY batch_id, state",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                (r.try_get("batch_id")?, r.try_get("state")?),
                r.try_get("codes")?,
            ))
        })
        .collect::<Result<_>>()?;
        let rows = sqlx::query(
            "SELECT id, channel, label, scope, issued, used, revoked, created_by, created_at
             FROM evaluation_batches WHERE round_id = $1 ORDER BY id",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                let kept_used: Option<i64> = r.try_get("used")?;
                let kept_revoked: Option<i64> = r.try_get("revoked")?;
                let live_count =
                    |state: &str| live.get(&(id, state.to_string())).copied().unwrap_or(0);
                Ok(Batch {
                    id,
                    channel: r.try_get("channel")?,
                    label: r.try_get("label")?,
                    scope: json(&r.try_get::<String, _>("scope")?)?,
                    counts: Participation {
                        issued: r.try_get("issued")?,
                        used: kept_used.unwrap_or_else(|| live_count("used")),
                        revoked: kept_revoked.unwrap_or_else(|| live_count("revoked")),
                    },
                    created_by: r.try_get("created_by")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// The round's counts over every batch.
    pub async fn participation(&self, round_id: i64) -> Result<Participation> {
        Ok(Participation::total(&self.batches(round_id).await?))
    }
}
