//! The dashboard's lines kept current on write. A read takes the lines the
//! store keeps for the plan's version, today and the running phase; a branch
//! whose line is missing or outdated, and a few whose records a write has
//! changed, are recomputed on their own, or, when many are, the whole subtree
//! at once; what was computed is stored for the next read. The clock does the
//! same for every dashboard in use and every marked line, so that the day's
//! first reader finds it done and a write shows within a tick.

use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::supervision::figures::{Computed, Line, Missed, compute};
use domain::date::Day;
use domain::plan::Phase;
use std::collections::HashMap;
use store::organisation::Organisation;
use store::plan::PlanVersion;
use store::supervision::{LineKey, MissedText, StoredLine};

/// Above this many lines to recompute, the whole subtree is computed at once:
/// one branch's line takes a dozen indexed queries, a province's dashboard
/// the time of about a thousand of those.
const ONE_BY_ONE: usize = 100;

/// How many lines marked by a write one read recomputes; the clock does the
/// rest within a tick, and the read shows their earlier figures meanwhile.
pub const READ_BUDGET: usize = 8;

/// A subtree's lines, and how many of them are shown as they were before a
/// write that the clock has yet to count.
pub struct Current {
    pub lines: Vec<Line>,
    pub pending: usize,
}

/// Every branch's line under (or being) `org`, as of `today`. A line not
/// stored for the day is always computed; of those a write has marked,
/// `budget` are.
pub async fn current(
    state: &AppState,
    org: &Organisation,
    version: &PlanVersion,
    phase: &Phase,
    today: Day,
    budget: usize,
) -> Result<Current, AppError> {
    let key = LineKey {
        plan_id: version.id,
        as_of: today,
        phase_key: &phase.key,
    };
    let stored = state.store.dashboard_lines(org, key).await?;
    let missing = stored.iter().filter(|b| b.line.is_none()).map(|b| b.org_id);
    let marked = stored
        .iter()
        .filter(|b| b.line.is_some() && b.stale)
        .map(|b| b.org_id);
    let marked_count = marked.clone().count();
    let due: Vec<i64> = missing.chain(marked.take(budget)).collect();
    if due.len() > ONE_BY_ONE {
        let lines = recompute(state, org, version, phase, today).await?;
        return Ok(Current { lines, pending: 0 });
    }
    let pending = marked_count - marked_count.min(budget);
    // Each branch's dozen queries wait mostly on the database: side by side.
    let mut running = tokio::task::JoinSet::new();
    for id in due {
        let (state, version, phase) = (state.clone(), version.clone(), phase.clone());
        running.spawn(async move {
            let branch = state.store.organisation(id).await?;
            recompute(&state, &branch, &version, &phase, today).await
        });
    }
    let mut fresh: HashMap<i64, Line> = HashMap::new();
    while let Some(done) = running.join_next().await {
        let lines = done.map_err(|e| AppError::Internal(e.to_string()))??;
        fresh.extend(lines.into_iter().map(|l| (l.org_id, l)));
    }
    let lines = stored
        .into_iter()
        .filter_map(|b| match (fresh.remove(&b.org_id), b.line) {
            (Some(l), _) => Some(Ok(l)),
            (None, Some(l)) => Some(decode(b.org_name, l)),
            (None, None) => None,
        })
        .collect::<Result<_, _>>()?;
    Ok(Current { lines, pending })
}

/// Computes the lines of `scope` from the records and stores them. The stale
/// marks come off first, so that a write while the records are read marks
/// its branch again.
async fn recompute(
    state: &AppState,
    scope: &Organisation,
    version: &PlanVersion,
    phase: &Phase,
    today: Day,
) -> Result<Vec<Line>, AppError> {
    state.store.unmark_stale(scope, version.id).await?;
    let computed = compute(state, &version.plan, phase, today, scope).await?;
    let key = LineKey {
        plan_id: version.id,
        as_of: today,
        phase_key: &phase.key,
    };
    let kept: Vec<(StoredLine, MissedText)> =
        computed.iter().map(encode).collect::<Result<_, _>>()?;
    state.store.keep_dashboard_lines(key, &kept).await?;
    Ok(computed.into_iter().map(|c| c.line).collect())
}

fn encode(c: &Computed) -> Result<(StoredLine, MissedText), AppError> {
    let l = &c.line;
    let mut figures = [None; 9];
    figures.copy_from_slice(&l.figures);
    let missed = match c.missed.since() {
        None => MissedText::default(),
        Some(since) => MissedText {
            since: Some(since),
            details: serde_json::to_string(&c.missed)
                .map_err(|e| AppError::Internal(e.to_string()))?,
        },
    };
    let stored = StoredLine {
        org_id: l.org_id,
        members: l.members,
        figures,
        tasks_overdue: l.tasks_overdue,
        rectifications_open: l.rectifications_open,
        rectifications_overdue: l.rectifications_overdue,
        meetings_missed: l.meetings_missed,
        reviews_missed: l.reviews_missed,
    };
    Ok((stored, missed))
}

fn decode(org_name: String, l: StoredLine) -> Result<Line, AppError> {
    Ok(Line {
        org_id: l.org_id,
        org_name,
        members: l.members,
        figures: l.figures.to_vec(),
        tasks_overdue: l.tasks_overdue,
        rectifications_open: l.rectifications_open,
        rectifications_overdue: l.rectifications_overdue,
        meetings_missed: l.meetings_missed,
        reviews_missed: l.reviews_missed,
    })
}

/// The missed periods behind the lines just read for `key`, by branch (id,
/// name), from the `limit` branches that missed the earliest.
pub async fn missed(
    state: &AppState,
    org: &Organisation,
    key: LineKey<'_>,
    limit: i64,
) -> Result<Vec<(i64, String, Missed)>, AppError> {
    let kept = state.store.dashboard_missed(org, key, limit).await?;
    kept.into_iter()
        .map(|b| {
            let missed: Missed =
                serde_json::from_str(&b.details).map_err(|e| AppError::Internal(e.to_string()))?;
            Ok((b.org_id, b.org_name, missed))
        })
        .collect()
}
