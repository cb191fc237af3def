//! The stored dashboard lines this server keeps in memory between reads, so
//! that a province's dashboard does not fetch its 50,000 lines on every read
//! (a quarter of a second): a read asks the store only for the lines kept
//! since its last, by the numbers they were kept with, and fetches them all
//! again when the tree or the stored lines changed in a way those numbers do
//! not tell (`reshaped`, see migration 0021). The numbers are the database's,
//! so each of several servers sees every server's writes.

use crate::http::error::AppError;
use crate::http::state::{AppState, Shared};
use domain::date::Day;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use store::Store;
use store::organisation::Organisation;
use store::supervision::{BranchLine, LineKey};

/// Lines held at most, over every subtree: a province's and its cities'
/// (some 35 MB). The subtree read longest ago goes first.
const MAX_LINES: usize = 120_000;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    org_id: i64,
    plan_id: i64,
    as_of: Day,
    phase_key: String,
}

impl Key {
    fn new(org: &Organisation, key: LineKey<'_>) -> Key {
        Key {
            org_id: org.id,
            plan_id: key.plan_id,
            as_of: key.as_of,
            phase_key: key.phase_key.to_string(),
        }
    }
}

struct Entry {
    reshaped: i64,
    /// The highest number among the lines read.
    seen: i64,
    /// In the order of the branches' ids, as the store gives them.
    lines: Vec<BranchLine>,
    last_read: u64,
}

#[derive(Default)]
struct Held {
    entries: HashMap<Key, Entry>,
    reads: u64,
}

/// This server's lines, by subtree and what they were computed against.
#[derive(Default)]
pub struct LineCache {
    held: Mutex<Held>,
}

impl Shared for LineCache {
    fn start(_: &Store) -> LineCache {
        LineCache::default()
    }
}

/// Every branch of `org`'s subtree with its stored line for `key`, as
/// `Store::dashboard_lines` gives them, from memory where it can.
pub async fn stored_lines(
    state: &AppState,
    org: &Organisation,
    key: LineKey<'_>,
) -> Result<Vec<BranchLine>, AppError> {
    let store = &state.store;
    let cache = state.shared::<LineCache>();
    let k = Key::new(org, key);
    // Read before the lines: a change after it is seen by the next read.
    let reshaped = store.dashboard_reshaped().await?;
    if let Some(seen) = cache.seen(&k, reshaped) {
        let changed = store.dashboard_lines_since(org, key, seen).await?;
        let stale: HashSet<i64> = store.stale_branches(org).await?.into_iter().collect();
        if let Some(lines) = cache.update(&k, changed, &stale) {
            return Ok(lines);
        }
    }
    let lines = store.dashboard_lines(org, key).await?;
    cache.put(k, reshaped, &lines);
    Ok(lines)
}

impl LineCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Held> {
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The number to read on from, when the subtree is held and nothing
    /// has been reshaped since.
    fn seen(&self, k: &Key, reshaped: i64) -> Option<i64> {
        let held = self.lock();
        held.entries
            .get(k)
            .filter(|e| e.reshaped == reshaped)
            .map(|e| e.seen)
    }

    /// Takes in the lines kept since, each only if newer than the one held
    /// (a slower read may bring an older one), and gives the whole subtree
    /// with today's marks. None when a line is of a branch not held.
    fn update(
        &self,
        k: &Key,
        changed: Vec<BranchLine>,
        stale: &HashSet<i64>,
    ) -> Option<Vec<BranchLine>> {
        let mut held = self.lock();
        held.reads += 1;
        let reads = held.reads;
        let entry = held.entries.get_mut(k)?;
        let mut all_held = true;
        for line in changed {
            let Ok(i) = entry.lines.binary_search_by_key(&line.org_id, |l| l.org_id) else {
                all_held = false;
                break;
            };
            entry.seen = entry.seen.max(line.kept);
            if line.kept > entry.lines[i].kept {
                entry.lines[i] = line;
            }
        }
        if !all_held {
            held.entries.remove(k);
            return None;
        }
        entry.last_read = reads;
        Some(
            entry
                .lines
                .iter()
                .map(|l| BranchLine {
                    stale: stale.contains(&l.org_id),
                    ..l.clone()
                })
                .collect(),
        )
    }

    /// Holds a subtree's lines as just read; lets go of earlier days' and,
    /// over the limit, of the subtrees read longest ago.
    fn put(&self, k: Key, reshaped: i64, lines: &[BranchLine]) {
        if lines.len() > MAX_LINES {
            return;
        }
        let mut held = self.lock();
        held.reads += 1;
        let last_read = held.reads;
        held.entries.retain(|other, _| other.as_of >= k.as_of);
        let seen = lines.iter().map(|l| l.kept).max().unwrap_or(0);
        held.entries.insert(
            k,
            Entry {
                reshaped,
                seen,
                lines: lines.to_vec(),
                last_read,
            },
        );
        while held.entries.values().map(|e| e.lines.len()).sum::<usize>() > MAX_LINES {
            let Some(oldest) = held
                .entries
                .iter()
                .min_by_key(|(_, e)| e.last_read)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            held.entries.remove(&oldest);
        }
    }
}
