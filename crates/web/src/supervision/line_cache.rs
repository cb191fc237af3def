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
        let mut total: usize = held.entries.values().map(|e| e.lines.len()).sum();
        if total > MAX_LINES {
            // Oldest first, in one pass however many small subtrees go.
            let mut by_age: Vec<(u64, Key, usize)> = held
                .entries
                .iter()
                .map(|(k, e)| (e.last_read, k.clone(), e.lines.len()))
                .collect();
            by_age.sort_unstable_by_key(|(read, _, _)| *read);
            for (_, k, n) in by_age {
                if total <= MAX_LINES {
                    break;
                }
                held.entries.remove(&k);
                total -= n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(org_id: i64) -> Key {
        Key {
            org_id,
            plan_id: 1,
            as_of: Day(time::Date::from_calendar_date(2026, time::Month::December, 5).unwrap()),
            phase_key: "phase1".into(),
        }
    }

    fn lines(n: usize) -> Vec<BranchLine> {
        (0..n as i64)
            .map(|org_id| BranchLine {
                org_id,
                org_name: String::new(),
                line: None,
                kept: 1,
                stale: false,
            })
            .collect()
    }

    #[test]
    fn over_the_limit_the_subtree_read_longest_ago_goes() {
        let cache = LineCache::default();
        cache.put(key(1), 0, &lines(MAX_LINES / 2));
        cache.put(key(2), 0, &lines(MAX_LINES / 2));
        // The first is read again, so the second is now the longest ago.
        assert!(cache.update(&key(1), vec![], &HashSet::new()).is_some());
        cache.put(key(3), 0, &lines(10));
        assert!(cache.seen(&key(1), 0).is_some());
        assert!(cache.seen(&key(2), 0).is_none());
        assert!(cache.seen(&key(3), 0).is_some());
        // A reshaped tree is read whole again.
        assert!(cache.seen(&key(1), 1).is_none());
    }

    #[test]
    fn a_line_read_late_does_not_replace_a_newer_one() {
        let cache = LineCache::default();
        cache.put(key(1), 0, &lines(3));
        let newer = BranchLine {
            kept: 9,
            org_name: "新".into(),
            ..lines(3)[2].clone()
        };
        let older = BranchLine {
            kept: 5,
            org_name: "旧".into(),
            ..lines(3)[2].clone()
        };
        cache.update(&key(1), vec![newer], &HashSet::new()).unwrap();
        let read = cache
            .update(&key(1), vec![older], &HashSet::from([2]))
            .unwrap();
        assert_eq!((read[2].org_name.as_str(), read[2].stale), ("新", true));
        assert_eq!(cache.seen(&key(1), 0), Some(9));
    }
}
