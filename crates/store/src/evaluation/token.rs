//! Tokens: made in batches, kept only as hashes, revoked one by one or all the
//! unused ones of a batch, delivered by message when asked. Nothing here records
//! who holds which token, except a message that carried one (until the close).

use super::{change, json, to_json};
use crate::{Conn, Result, Store, StoreError, audit, notification, now_text};
use domain::evaluation::code::{TOKEN_BYTES, Token};
use serde::Serialize;
use sqlx::Row;
use std::collections::HashMap;

/// Where a token stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenState {
    Issued,
    Used,
    Revoked,
}

impl TokenState {
    fn parse(s: &str) -> Result<TokenState> {
        match s {
            "issued" => Ok(TokenState::Issued),
            "used" => Ok(TokenState::Used),
            "revoked" => Ok(TokenState::Revoked),
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
    /// The targets the batch's tokens cover; empty for all.
    pub scope: Vec<i64>,
    pub counts: Participation,
    pub created_by: String,
    pub created_at: String,
}

/// A batch just made, with its tokens: the only time they exist outside the
/// evaluators' hands.
pub struct IssuedBatch {
    pub batch_id: i64,
    pub tokens: Vec<Token>,
}

/// What a typed token opens.
#[derive(Clone, Debug)]
pub struct TokenLookup {
    pub round_id: i64,
    pub state: TokenState,
    /// The targets the token covers; empty for all.
    pub scope: Vec<i64>,
}

/// A message to deliver a token by: to a person's inbox, or to an outside
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

fn new_tokens(n: u32) -> Result<Vec<Token>> {
    let bytes = crate::random_bytes(TOKEN_BYTES * n as usize)?;
    Ok(bytes
        .chunks_exact(TOKEN_BYTES)
        .map(|c| {
            let mut b = [0u8; TOKEN_BYTES];
            b.copy_from_slice(c);
            Token::from_bytes(b)
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
    tokens: &[Token],
) -> Result<i64> {
    let batch_id: i64 = sqlx::query(
        "INSERT INTO evaluation_batches (round_id, channel, label, scope, issued, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(round_id)
    .bind(channel)
    .bind(label)
    .bind(to_json(&scope)?)
    .bind(tokens.len() as i64)
    .bind(actor)
    .bind(now_text())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    for t in tokens {
        sqlx::query(
            "INSERT INTO evaluation_tokens (hash, round_id, batch_id, state) VALUES ($1, $2, $3, 'issued')",
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
    /// Makes `n` tokens covering `scope` (empty: every target) and returns them,
    /// once. Only their hashes are kept.
    pub async fn issue_tokens(
        &self,
        actor: &str,
        round_id: i64,
        channel: &str,
        label: &str,
        scope: &[i64],
        n: u32,
    ) -> Result<IssuedBatch> {
        let tokens = new_tokens(n)?;
        let mut tx = self.begin().await?;
        let batch_id =
            insert_batch(&mut tx, actor, round_id, channel, label, scope, &tokens).await?;
        audit::record(
            &mut tx,
            change(
                actor,
                "issue_tokens",
                round_id,
                format!("{channel} batch {batch_id}: {n}"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(IssuedBatch { batch_id, tokens })
    }

    /// Makes one token a recipient and sends each in its message, which
    /// `message` writes for the token. All are sent or none.
    pub async fn deliver_tokens(
        &self,
        actor: &str,
        round_id: i64,
        label: &str,
        scope: &[i64],
        recipients: usize,
        message: &mut (dyn FnMut(usize, &Token) -> Delivery + Send),
    ) -> Result<i64> {
        let tokens = new_tokens(recipients as u32)?;
        let mut tx = self.begin().await?;
        let batch_id =
            insert_batch(&mut tx, actor, round_id, "messages", label, scope, &tokens).await?;
        for (i, token) in tokens.iter().enumerate() {
            let (inbox, outbox) = match message(i, token) {
                Delivery::Inbox {
                    person_id,
                    title,
                    body,
                    link,
                } => (
                    Some(
                        notification::notify(&mut tx, person_id, &title, &body, Some(&link))
                            .await?,
                    ),
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
                        notification::queue_outgoing(
                            &mut tx, &channel, &recipient, &subject, &body,
                        )
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
                "deliver_tokens",
                round_id,
                format!("batch {batch_id}: {recipients} messages"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(batch_id)
    }

    /// What a token opens, if it is known. Tokens are forgotten when the round
    /// closes, so a closed round knows none.
    pub async fn lookup_token(&self, token: &Token) -> Result<Option<TokenLookup>> {
        let row = sqlx::query(
            "SELECT t.round_id, t.state, b.scope FROM evaluation_tokens t
             JOIN evaluation_batches b ON b.id = t.batch_id WHERE t.hash = $1",
        )
        .bind(token.hash())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(TokenLookup {
                round_id: r.try_get(0)?,
                state: TokenState::parse(&r.try_get::<String, _>(1)?)?,
                scope: json(&r.try_get::<String, _>(2)?)?,
            })
        })
        .transpose()
    }

    /// Revokes one unused token (a lost slip). False when it was not unused.
    pub async fn revoke_token(&self, actor: &str, round_id: i64, token: &Token) -> Result<bool> {
        let mut tx = self.begin().await?;
        let n = sqlx::query(
            "UPDATE evaluation_tokens SET state = 'revoked'
             WHERE hash = $1 AND round_id = $2 AND state = 'issued'",
        )
        .bind(token.hash())
        .bind(round_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0 {
            audit::record(
                &mut tx,
                change(actor, "revoke_token", round_id, String::new()),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(n > 0)
    }

    /// Revokes every unused token of a batch (slips not handed out); returns how many.
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
            "UPDATE evaluation_tokens SET state = 'revoked'
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
    /// kept at the close once its tokens are forgotten.
    pub async fn batches(&self, round_id: i64) -> Result<Vec<Batch>> {
        let live: HashMap<(i64, String), i64> = sqlx::query(
            "SELECT batch_id, state, COUNT(*) FROM evaluation_tokens
             WHERE round_id = $1 GROUP BY batch_id, state",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok(((r.try_get(0)?, r.try_get(1)?), r.try_get(2)?)))
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
                let id: i64 = r.try_get(0)?;
                let kept_used: Option<i64> = r.try_get(5)?;
                let kept_revoked: Option<i64> = r.try_get(6)?;
                let live_count =
                    |state: &str| live.get(&(id, state.to_string())).copied().unwrap_or(0);
                Ok(Batch {
                    id,
                    channel: r.try_get(1)?,
                    label: r.try_get(2)?,
                    scope: json(&r.try_get::<String, _>(3)?)?,
                    counts: Participation {
                        issued: r.try_get(4)?,
                        used: kept_used.unwrap_or_else(|| live_count("used")),
                        revoked: kept_revoked.unwrap_or_else(|| live_count("revoked")),
                    },
                    created_by: r.try_get(7)?,
                    created_at: r.try_get(8)?,
                })
            })
            .collect()
    }

    /// The round's counts over every batch.
    pub async fn participation(&self, round_id: i64) -> Result<Participation> {
        Ok(Participation::total(&self.batches(round_id).await?))
    }
}
