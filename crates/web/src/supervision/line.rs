//! The dashboard's lines kept current on write. The database's triggers mark
//! a branch whenever a record its line counts is written; once the request
//! that wrote is answered, this server recomputes the marked lines behind it
//! (`after_write`). A read takes the lines the store keeps for the plan's
//! version, today and the running phase (those this server holds from its
//! last read and the ones kept since, `line_cache`), and recomputes the missing or
//! outdated ones and a few still marked (the whole subtree at once when many
//! are); what was computed is stored for the next read. The clock recomputes
//! every dashboard in use after midnight and whatever is still marked, so
//! that the day's first reader finds it done.

use crate::http::error::AppError;
use crate::http::state::{AppState, Shared};
use crate::plan::rules::phase_for;
use crate::supervision::figures::{Computed, Line, Missed, compute};
use crate::supervision::line_cache;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use domain::date::Day;
use domain::plan::Phase;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use store::Store;
use store::organisation::Organisation;
use store::plan::PlanVersion;
use store::supervision::{LineKey, MissedText, StoredLine};

/// Above this many lines to recompute, the whole subtree is computed at once:
/// one branch's line takes a dozen indexed queries, a province's dashboard
/// the time of about a thousand of those.
const ONE_BY_ONE: usize = 100;

/// How many lines marked by a write one read recomputes, should it come
/// before the recount behind the write; the clock does the rest within a
/// tick, and the read shows their earlier figures meanwhile.
pub const READ_BUDGET: usize = 8;

/// A subtree's lines, and how many of them are shown as they were before a
/// write not yet recounted.
pub struct Current {
    pub lines: Vec<Line>,
    pub pending: usize,
}

/// Every branch's line under (or being) `org`, as of `today`, in the order
/// of their ids (every reader sorts them its own way). A line not
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
    let stored = line_cache::stored_lines(state, org, key).await?;
    let missing = stored.iter().filter(|b| b.line.is_none()).map(|b| b.org_id);
    let marked = stored
        .iter()
        .filter(|b| b.line.is_some() && b.stale)
        .map(|b| b.org_id);
    let marked_count = marked.clone().count();
    let due: Vec<i64> = missing.chain(marked.take(budget)).collect();
    if due.len() > ONE_BY_ONE {
        let mut lines = recompute(state, org, version, phase, today).await?;
        lines.sort_unstable_by_key(|l| l.org_id);
        return Ok(Current { lines, pending: 0 });
    }
    let pending = marked_count - marked_count.min(budget);
    let mut fresh: HashMap<i64, Line> = recompute_each(state, &due, version, phase, today)
        .await?
        .into_iter()
        .map(|l| (l.org_id, l))
        .collect();
    let lines = stored
        .into_iter()
        .filter_map(|b| match (fresh.remove(&b.org_id), b.line) {
            (Some(l), _) => Some(l),
            (None, Some(l)) => Some(decode(b.org_name, l)),
            (None, None) => None,
        })
        .collect();
    Ok(Current { lines, pending })
}

/// Recomputes the lines of the branches `ids` one by one, side by side: each
/// branch's dozen queries wait mostly on the database.
async fn recompute_each(
    state: &AppState,
    ids: &[i64],
    version: &PlanVersion,
    phase: &Phase,
    today: Day,
) -> Result<Vec<Line>, AppError> {
    let mut running = tokio::task::JoinSet::new();
    for &id in ids {
        let (state, version, phase) = (state.clone(), version.clone(), phase.clone());
        running.spawn(async move {
            let branch = state.store.organisation(id).await?;
            recompute(&state, &branch, &version, &phase, today).await
        });
    }
    let mut lines = Vec::with_capacity(ids.len());
    while let Some(done) = running.join_next().await {
        lines.extend(done.map_err(|e| AppError::Internal(e.to_string()))??);
    }
    Ok(lines)
}

/// Recomputes the lines of `org`'s subtree that writes have marked since
/// they were kept for today: what a write's request leaves behind it.
pub async fn recompute_marked(state: &AppState, org: &Organisation) -> Result<usize, AppError> {
    let Some(version) = state.store.current_plan(org).await? else {
        return Ok(0);
    };
    let today = crate::http::clock::today(state.config.utc_offset);
    let Some(phase) = phase_for(&version.plan, today) else {
        return Ok(0);
    };
    let marked = state.store.stale_branches(org).await?;
    if marked.len() > ONE_BY_ONE {
        recompute(state, org, &version, phase, today).await?;
    } else {
        recompute_each(state, &marked, &version, phase, today).await?;
    }
    Ok(marked.len())
}

/// This server's refresher of marked lines: one run at a time, run again
/// when a write came in meanwhile.
#[derive(Default)]
pub struct Refresher {
    wanted: AtomicBool,
    running: AtomicBool,
}

impl Shared for Refresher {
    fn start(_: &Store) -> Refresher {
        Refresher::default()
    }
}

/// Once a request that may write has been answered, the lines it marked are
/// recomputed behind it, so that the next reader finds them current.
pub async fn after_write(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let response = next.run(req).await;
    if writes && !response.status().is_server_error() {
        refresh_soon(&state);
    }
    response
}

fn refresh_soon(state: &AppState) {
    let refresher = state.shared::<Refresher>();
    refresher.wanted.store(true, Ordering::SeqCst);
    if refresher.running.swap(true, Ordering::SeqCst) {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        while refresher.wanted.swap(false, Ordering::SeqCst) {
            if let Err(e) = refresh_in_use(&state).await {
                tracing::warn!(error = %e, "recomputing the dashboards' marked lines");
            }
        }
        refresher.running.store(false, Ordering::SeqCst);
    });
}

/// Recomputes the marked lines of every dashboard in use today.
pub async fn refresh_in_use(state: &AppState) -> Result<usize, AppError> {
    let today = crate::http::clock::today(state.config.utc_offset);
    let mut done = 0;
    for id in state.store.dashboard_plan_owners(today).await? {
        let org = state.store.organisation(id).await?;
        done += recompute_marked(state, &org).await?;
    }
    Ok(done)
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

fn decode(org_name: String, l: StoredLine) -> Line {
    Line {
        org_id: l.org_id,
        org_name,
        members: l.members,
        figures: l.figures.to_vec(),
        tasks_overdue: l.tasks_overdue,
        rectifications_open: l.rectifications_open,
        rectifications_overdue: l.rectifications_overdue,
        meetings_missed: l.meetings_missed,
        reviews_missed: l.reviews_missed,
    }
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
