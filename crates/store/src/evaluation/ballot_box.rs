//! Casting ballots. One transaction marks a token used and stores its ballot,
//! and the token's state changes only from `issued`, so a token votes once
//! however many submits race, in one process or several. Casts that arrive
//! together share one transaction (group commit): on SQLite with
//! `synchronous=FULL` one fsync then serves many evaluators, and none is told
//! "counted" before the commit that holds their ballot.

use crate::{Conn, Dialect, Result, Store, StoreError, now_text, random_bytes, random_hex};
use domain::evaluation::ballot::Ballot;
use domain::evaluation::code::Token;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};
use tracing::Instrument;

/// A checked ballot with the token that casts it.
#[derive(Clone, Debug)]
pub struct Cast {
    pub round_id: i64,
    pub token: Token,
    pub ballot: Ballot,
}

/// What became of a cast.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Counted now; the receipt to show.
    Counted {
        receipt: String,
    },
    /// The token had already cast a ballot, which was counted: a retry or a
    /// second click. Nothing new was stored.
    AlreadyCounted {
        receipt: String,
    },
    /// The token is not one of this round's.
    Unknown,
    Revoked,
    /// The round is not open (not yet, or no longer).
    NotOpen,
}

/// The most casts one transaction takes.
const MAX_BATCH: usize = 256;

/// Marks per insert statement: few distinct statements to prepare, few round trips.
const MARKS_PER_INSERT: usize = 64;

impl Store {
    /// Casts every ballot in one transaction; one outcome each, in order. A cast
    /// that fails on its own is rolled back to its savepoint and gets `None`;
    /// an error means nothing was stored and every caller may retry.
    pub async fn cast_all(&self, casts: &[Cast]) -> Result<Vec<Option<Outcome>>> {
        let mut tx = self.begin().await?;
        let now = now_text();
        let mut open: HashMap<i64, bool> = HashMap::new();
        let mut outcomes = Vec::with_capacity(casts.len());
        for cast in casts {
            let is_open = match open.get(&cast.round_id) {
                Some(o) => *o,
                None => {
                    let o = lock_open_round(&mut tx, cast.round_id, &now).await?;
                    open.insert(cast.round_id, o);
                    o
                }
            };
            if !is_open {
                outcomes.push(Some(Outcome::NotOpen));
                continue;
            }
            sqlx::query("SAVEPOINT one_cast").execute(&mut *tx).await?;
            match cast_one(&mut tx, cast).await {
                Ok(outcome) => {
                    sqlx::query("RELEASE SAVEPOINT one_cast")
                        .execute(&mut *tx)
                        .await?;
                    outcomes.push(Some(outcome));
                }
                Err(e) => {
                    tracing::warn!(error = %e, round.id = cast.round_id, "one cast failed");
                    sqlx::query("ROLLBACK TO SAVEPOINT one_cast")
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("RELEASE SAVEPOINT one_cast")
                        .execute(&mut *tx)
                        .await?;
                    outcomes.push(None);
                }
            }
        }
        tx.commit().await?;
        Ok(outcomes)
    }
}

/// True when the round is open at `now`. On PostgreSQL the no-op update also
/// locks the round's row until commit, so closing the round waits for casts in
/// flight, and a cast after the close sees it closed.
async fn lock_open_round(conn: &mut Conn, round_id: i64, now: &str) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE evaluation_rounds SET closed_at = closed_at
         WHERE id = $1 AND closed_at IS NULL AND opens_at <= $2 AND closes_at > $2",
    )
    .bind(round_id)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

async fn cast_one(conn: &mut Conn, cast: &Cast) -> Result<Outcome> {
    let hash = cast.token.hash();
    let receipt = cast.token.receipt();
    let marked = sqlx::query(
        "UPDATE evaluation_tokens SET state = 'used'
         WHERE hash = $1 AND round_id = $2 AND state = 'issued'",
    )
    .bind(&hash)
    .bind(cast.round_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if marked == 0 {
        let state: Option<String> = sqlx::query_scalar(
            "SELECT state FROM evaluation_tokens WHERE hash = $1 AND round_id = $2",
        )
        .bind(&hash)
        .bind(cast.round_id)
        .fetch_optional(&mut *conn)
        .await?;
        return Ok(match state.as_deref() {
            Some("used") => Outcome::AlreadyCounted { receipt },
            Some("revoked") => Outcome::Revoked,
            _ => Outcome::Unknown,
        });
    }
    sqlx::query("INSERT INTO ballots (id, round_id, receipt) VALUES ($1, $2, $3)")
        .bind(random_hex(16)?)
        .bind(cast.round_id)
        .bind(&receipt)
        .execute(&mut *conn)
        .await?;
    insert_marks(conn, cast).await?;
    for (target, text) in &cast.ballot.comments {
        sqlx::query(
            "INSERT INTO ballot_comments (id, round_id, target_id, text) VALUES ($1, $2, $3, $4)",
        )
        .bind(random_hex(16)?)
        .bind(cast.round_id)
        .bind(target)
        .bind(text)
        .execute(&mut *conn)
        .await?;
    }
    Ok(Outcome::Counted { receipt })
}

/// Each mark gets its own random id: nothing ties it to the other marks of
/// its ballot.
async fn insert_marks(conn: &mut Conn, cast: &Cast) -> Result<()> {
    let marks = &cast.ballot.marks;
    let ids = random_bytes(8 * marks.len())?;
    let ids: Vec<i64> = ids
        .chunks_exact(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            i64::from_le_bytes(b)
        })
        .collect();
    for (chunk, chunk_ids) in marks
        .chunks(MARKS_PER_INSERT)
        .zip(ids.chunks(MARKS_PER_INSERT))
    {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = i * 5;
                format!(
                    "(${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO ballot_marks (round_id, target_id, criterion, level, id) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (m, id) in chunk.iter().zip(chunk_ids) {
            q = q
                .bind(cast.round_id)
                .bind(m.target)
                .bind(i64::from(m.criterion))
                .bind(i64::from(m.level))
                .bind(*id);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

struct Job {
    cast: Cast,
    /// `None` when the cast failed and nothing of it was stored.
    reply: oneshot::Sender<Option<Outcome>>,
}

/// The ballot box of one server process: casts queue here, and workers commit
/// whatever has queued while the previous commit was running, in one
/// transaction. SQLite has one writer, so one worker; PostgreSQL takes several.
#[derive(Clone)]
pub struct BallotBox {
    queue: mpsc::Sender<Job>,
}

impl BallotBox {
    /// Starts the workers on the current runtime.
    pub fn start(store: Store) -> BallotBox {
        let (queue, rx) = mpsc::channel::<Job>(4096);
        let rx = Arc::new(Mutex::new(rx));
        let workers = match store.dialect {
            Dialect::Sqlite => 1,
            Dialect::Postgres => 4,
        };
        for _ in 0..workers {
            tokio::spawn(work(store.clone(), rx.clone()));
        }
        BallotBox { queue }
    }

    /// Casts one ballot; returns once the transaction holding it has committed.
    pub async fn cast(&self, cast: Cast) -> Result<Outcome> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Job { cast, reply })
            .await
            .map_err(|_| StoreError::Conflict("vote-error-busy"))?;
        answer
            .await
            .ok()
            .flatten()
            .ok_or(StoreError::Conflict("vote-error-busy"))
    }
}

async fn work(store: Store, rx: Arc<Mutex<mpsc::Receiver<Job>>>) {
    loop {
        let jobs = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else {
                return;
            };
            let mut jobs = vec![first];
            while jobs.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(job) => jobs.push(job),
                    Err(_) => break,
                }
            }
            jobs
        };
        let casts: Vec<Cast> = jobs.iter().map(|j| j.cast.clone()).collect();
        let span = tracing::info_span!("cast_batch", ballots = casts.len());
        match store.cast_all(&casts).instrument(span).await {
            Ok(outcomes) => {
                for (job, outcome) in jobs.into_iter().zip(outcomes) {
                    let _ = job.reply.send(outcome);
                }
            }
            Err(e) => {
                // The error names no token: statements carry only hashes.
                tracing::error!(error = %e, "casting failed; nothing was stored");
                for job in jobs {
                    let _ = job.reply.send(None);
                }
            }
        }
    }
}
