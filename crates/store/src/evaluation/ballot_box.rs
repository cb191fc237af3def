//! Casting ballots. One transaction (in `cast`) finds each code, checks the
//! ballot against the targets the code covers, marks the code used and stores
//! the ballot; a code's state changes only from `issued`, so a code votes once
//! however many submits race, in one process or several. Casts that arrive
//! together share one transaction (group commit): on SQLite with
//! `synchronous=FULL` one fsync then serves many evaluators, and none is told
//! "counted" before the commit that holds their ballot. A vote costs the web
//! side no query of its own.

use crate::{Dialect, Result, Store, StoreError};
use domain::evaluation::ballot::{BallotInput, BallotProblem};
use domain::evaluation::code::Code;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, mpsc, oneshot};
use tracing::Instrument;

/// A ballot as filled in, with the code that casts it.
#[derive(Clone, Debug)]
pub struct Cast {
    pub code: Code,
    pub input: BallotInput,
    /// Refuse a code of any other round (paper ballots typed in for one).
    pub only_round: Option<i64>,
}

/// What became of a cast.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Counted now; the receipt to show.
    Counted {
        round_id: i64,
        receipt: String,
    },
    /// The code had already cast a ballot, which was counted: a retry or a
    /// second click. Nothing new was stored.
    AlreadyCounted {
        round_id: i64,
        receipt: String,
    },
    /// No such code (or its round has closed and forgotten it).
    Unknown,
    Revoked,
    /// The round is not open (not yet, or no longer).
    NotOpen {
        round_id: i64,
    },
    /// The ballot lacks ratings, or holds what the code does not cover; the
    /// code stays unused.
    Incomplete(Vec<BallotProblem>),
}

/// The most casts one transaction takes.
const MAX_BATCH: usize = 256;

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

/// Takes what has queued, up to a full batch.
fn drain(rx: &mut mpsc::Receiver<Job>, jobs: &mut Vec<Job>) {
    while jobs.len() < MAX_BATCH {
        match rx.try_recv() {
            Ok(job) => jobs.push(job),
            Err(_) => break,
        }
    }
}

/// Under load, how long to wait for more casts after the first, as a share
/// of the last commit's time. The evaluators a commit answers send their next
/// ballots a moment later: without the wait they would always miss the next
/// batch and split the load into two half-full commits, each writing the same
/// pages.
const GATHER_SHARE: u32 = 8;
const GATHER_MAX: Duration = Duration::from_millis(10);

async fn work(store: Store, rx: Arc<Mutex<mpsc::Receiver<Job>>>) {
    let mut last_commit = Duration::ZERO;
    loop {
        let jobs = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else {
                return;
            };
            let mut jobs = vec![first];
            drain(&mut rx, &mut jobs);
            let gather = (last_commit / GATHER_SHARE).min(GATHER_MAX);
            if jobs.len() < MAX_BATCH && !gather.is_zero() {
                tokio::time::sleep(gather).await;
                drain(&mut rx, &mut jobs);
            }
            jobs
        };
        let casts: Vec<Cast> = jobs.iter().map(|j| j.cast.clone()).collect();
        let span = tracing::info_span!("cast_batch", ballots = casts.len());
        let started = std::time::Instant::now();
        let result = store.cast_all(&casts).instrument(span).await;
        last_commit = started.elapsed();
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
                // The error names no code: statements carry only hashes.
                tracing::error!(error = %e, "casting failed; nothing was stored");
                for job in jobs {
                    let _ = job.reply.send(None);
                }
            }
        }
    }
}
