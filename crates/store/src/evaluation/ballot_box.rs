//! Casting ballots. One transaction marks a token used and stores its ballot,
//! and the token's state changes only from `issued`, so a token votes once
//! however many submits race, in one process or several. Casts that arrive
//! together share one transaction (group commit): on SQLite with
//! `synchronous=FULL` one fsync then serves many evaluators, and none is told
//! "counted" before the commit that holds their ballot.

use crate::{Conn, Dialect, Result, Store, StoreError, now_text, random_bytes, random_hex};
use domain::evaluation::ballot::{Ballot, Mark};
use domain::evaluation::code::Token;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
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

/// Rows per multi-row insert: few statements, few distinct ones to prepare.
pub(crate) const ROWS_PER_INSERT: usize = 100;

impl Store {
    /// Casts every ballot in one transaction; one outcome each, in order. When
    /// the batch fails, each cast is tried again on its own, so that one bad
    /// cast fails alone: it gets `None`, and nothing of it is stored.
    pub async fn cast_all(&self, casts: &[Cast]) -> Result<Vec<Option<Outcome>>> {
        match self.cast_together(casts).await {
            Ok(outcomes) => Ok(outcomes.into_iter().map(Some).collect()),
            Err(e) => {
                tracing::warn!(error = %e, ballots = casts.len(), "a batch failed; casting one by one");
                let mut outcomes = Vec::with_capacity(casts.len());
                for cast in casts {
                    match self.cast_together(std::slice::from_ref(cast)).await {
                        Ok(mut one) => outcomes.push(one.pop()),
                        Err(e) => {
                            tracing::warn!(error = %e, round.id = cast.round_id, "one cast failed");
                            outcomes.push(None);
                        }
                    }
                }
                Ok(outcomes)
            }
        }
    }

    /// One transaction for all: per round, lock it and check it is open, mark
    /// every token used in one statement, and store the ballots of the tokens
    /// that were marked now, many rows a statement.
    async fn cast_together(&self, casts: &[Cast]) -> Result<Vec<Outcome>> {
        let mut tx = self.begin().await?;
        let now = now_text();
        let mut outcomes = vec![Outcome::NotOpen; casts.len()];
        let mut by_round: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        for (i, c) in casts.iter().enumerate() {
            by_round.entry(c.round_id).or_default().push(i);
        }
        let mut to_store: Vec<&Cast> = Vec::new();
        for (round_id, indices) in by_round {
            if !lock_open_round(&mut tx, round_id, &now).await? {
                continue;
            }
            let hashes: Vec<String> = indices.iter().map(|&i| casts[i].token.hash()).collect();
            let distinct: BTreeSet<&str> = hashes.iter().map(String::as_str).collect();
            let marked = mark_used(&mut tx, round_id, &distinct).await?;
            let unmarked: BTreeSet<&str> = distinct
                .iter()
                .copied()
                .filter(|h| !marked.contains(*h))
                .collect();
            let states = token_states(&mut tx, round_id, &unmarked).await?;
            let mut stored: HashSet<&str> = HashSet::new();
            for (&i, hash) in indices.iter().zip(&hashes) {
                let receipt = casts[i].token.receipt();
                outcomes[i] = if marked.contains(hash) && stored.insert(hash) {
                    to_store.push(&casts[i]);
                    Outcome::Counted { receipt }
                } else if marked.contains(hash) {
                    Outcome::AlreadyCounted { receipt }
                } else {
                    match states.get(hash).map(String::as_str) {
                        Some("used") => Outcome::AlreadyCounted { receipt },
                        Some("revoked") => Outcome::Revoked,
                        _ => Outcome::Unknown,
                    }
                };
            }
        }
        store_ballots(&mut tx, &to_store).await?;
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

/// `$from, $from+1, …` for `n` binds.
fn binds(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Marks the round's tokens among `hashes` used, where they were unused; the
/// hashes it marked. Only this can move a token from `issued`, so of racing
/// transactions exactly one marks it.
async fn mark_used(
    conn: &mut Conn,
    round_id: i64,
    hashes: &BTreeSet<&str>,
) -> Result<HashSet<String>> {
    let sql = format!(
        "UPDATE evaluation_tokens SET state = 'used'
         WHERE round_id = $1 AND state = 'issued' AND hash IN ({}) RETURNING hash",
        binds(2, hashes.len())
    );
    let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).bind(round_id);
    for h in hashes {
        q = q.bind(*h);
    }
    Ok(q.fetch_all(&mut *conn).await?.into_iter().collect())
}

/// The states of the round's tokens among `hashes`; unknown ones are absent.
async fn token_states(
    conn: &mut Conn,
    round_id: i64,
    hashes: &BTreeSet<&str>,
) -> Result<HashMap<String, String>> {
    if hashes.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT hash, state FROM evaluation_tokens WHERE round_id = $1 AND hash IN ({})",
        binds(2, hashes.len())
    );
    let mut q = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql)).bind(round_id);
    for h in hashes {
        q = q.bind(*h);
    }
    Ok(q.fetch_all(&mut *conn).await?.into_iter().collect())
}

/// The ballots, their marks and their comments, each under random ids that
/// tie none of them to another.
async fn store_ballots(conn: &mut Conn, casts: &[&Cast]) -> Result<()> {
    let ballots: Vec<(String, i64, String)> = casts
        .iter()
        .map(|c| Ok((random_hex(16)?, c.round_id, c.token.receipt())))
        .collect::<Result<_>>()?;
    for chunk in ballots.chunks(ROWS_PER_INSERT) {
        let sql = values_sql(
            "INSERT INTO ballots (id, round_id, receipt) VALUES ",
            3,
            chunk.len(),
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, round, receipt) in chunk {
            q = q.bind(id.as_str()).bind(*round).bind(receipt.as_str());
        }
        q.execute(&mut *conn).await?;
    }
    let marks: Vec<(i64, &Mark)> = casts
        .iter()
        .flat_map(|c| c.ballot.marks.iter().map(move |m| (c.round_id, m)))
        .collect();
    let ids = random_bytes(8 * marks.len())?;
    let ids: Vec<i64> = ids
        .chunks_exact(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            i64::from_le_bytes(b)
        })
        .collect();
    // In key order, so that a batch touches each page of the table once.
    let mut marks: Vec<(i64, i64, u32, u32, i64)> = marks
        .iter()
        .zip(ids)
        .map(|((round, m), id)| (*round, m.target, m.criterion, m.level, id))
        .collect();
    marks.sort_unstable();
    // Marks are integers the server made or checked, so they are written as
    // literals: binding tens of thousands of values one by one through the
    // driver costs more than SQLite reading them from the statement.
    for chunk in marks.chunks(ROWS_PER_INSERT) {
        let rows: Vec<String> = chunk
            .iter()
            .map(|(round, target, criterion, level, id)| {
                format!("({round},{target},{criterion},{level},{id})")
            })
            .collect();
        let sql = format!(
            "INSERT INTO ballot_marks (round_id, target_id, criterion, level, id) VALUES {}",
            rows.join(",")
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .persistent(false)
            .execute(&mut *conn)
            .await?;
    }
    let comments: Vec<(String, i64, i64, &str)> = casts
        .iter()
        .flat_map(|c| {
            c.ballot
                .comments
                .iter()
                .map(move |(t, text)| (c.round_id, *t, text.as_str()))
        })
        .map(|(round, target, text)| Ok((random_hex(16)?, round, target, text)))
        .collect::<Result<_>>()?;
    for chunk in comments.chunks(ROWS_PER_INSERT) {
        let sql = values_sql(
            "INSERT INTO ballot_comments (id, round_id, target_id, text) VALUES ",
            4,
            chunk.len(),
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, round, target, text) in chunk {
            q = q.bind(id.as_str()).bind(*round).bind(*target).bind(*text);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// `head` followed by `rows` groups of `columns` numbered binds.
pub(crate) fn values_sql(head: &str, columns: usize, rows: usize) -> String {
    let groups: Vec<String> = (0..rows)
        .map(|r| format!("({})", binds(r * columns + 1, columns)))
        .collect();
    format!("{head}{}", groups.join(", "))
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
        let started = std::time::Instant::now();
        let result = store.cast_all(&casts).instrument(span).await;
        tracing::debug!(
            ballots = casts.len(),
            ms = started.elapsed().as_millis() as u64,
            "cast batch committed"
        );
        match result {
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
