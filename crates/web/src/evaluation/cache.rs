//! What each server keeps of the rounds beside the database: a fresh copy of the
//! rounds being voted in, the results of closed rounds (a closed round's ballots
//! never change), and the ballot box's workers.

use crate::http::state::Shared;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::evaluation::ballot_box::BallotBox;
use store::evaluation::{Round, RoundResults, Target};

/// A round with its targets, as voting reads them for every ballot.
pub struct RoundView {
    pub round: Round,
    pub targets: Vec<Target>,
}

/// How long a server trusts its copy of a round: casting checks the round in
/// its own transaction, so a stale copy can show a ballot, never count one.
const ROUND_FRESH: Duration = Duration::from_secs(2);

/// Each server's copies of the rounds being voted in.
#[derive(Default)]
pub struct RoundCache {
    rounds: Mutex<HashMap<i64, (Instant, Arc<RoundView>)>>,
}

impl Shared for RoundCache {
    fn start(_: &store::Store) -> RoundCache {
        RoundCache::default()
    }
}

impl RoundCache {
    /// The copy, if it is fresh.
    pub fn get(&self, id: i64) -> Option<Arc<RoundView>> {
        let m = self.rounds.lock().ok()?;
        m.get(&id)
            .filter(|(at, _)| at.elapsed() < ROUND_FRESH)
            .map(|(_, v)| v.clone())
    }

    pub fn keep(&self, id: i64, view: Arc<RoundView>) {
        if let Ok(mut m) = self.rounds.lock() {
            m.retain(|_, (at, _)| at.elapsed() < ROUND_FRESH);
            m.insert(id, (Instant::now(), view));
        }
    }

    pub fn forget(&self, id: i64) {
        if let Ok(mut m) = self.rounds.lock() {
            m.remove(&id);
        }
    }
}

/// The results of closed rounds, counted once per server.
#[derive(Default)]
pub struct ResultCache {
    rounds: Mutex<HashMap<i64, Arc<RoundResults>>>,
}

impl Shared for ResultCache {
    fn start(_: &store::Store) -> ResultCache {
        ResultCache::default()
    }
}

impl ResultCache {
    pub fn get(&self, round_id: i64) -> Option<Arc<RoundResults>> {
        self.rounds.lock().ok()?.get(&round_id).cloned()
    }

    pub fn keep(&self, round_id: i64, results: Arc<RoundResults>) {
        if let Ok(mut m) = self.rounds.lock() {
            m.insert(round_id, results);
        }
    }

    pub fn forget(&self, round_id: i64) {
        if let Ok(mut m) = self.rounds.lock() {
            m.remove(&round_id);
        }
    }
}

/// The ballot box's workers, started on this server's first ballot.
impl Shared for BallotBox {
    fn start(store: &store::Store) -> BallotBox {
        BallotBox::start(store.clone())
    }
}
