//! The dashboard's lines kept current on write. A read takes the lines the
//! store keeps for the plan's version, today and the running phase; a branch
//! whose line is missing or outdated, and a few whose records a write has
//! changed, are recomputed on their own, or, when many are, the whole subtree
//! at once; what was computed is stored for the next read. The clock does the
//! same for every dashboard in use and every marked line, so that the day's
//! first reader finds it done and a write shows within a tick.

use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::supervision::dashboard::Line;
use crate::supervision::figures::compute;
use domain::date::Day;
use domain::plan::Phase;
use domain::study::{MeetingPeriod, Span};
use std::collections::HashMap;
use store::organisation::Organisation;
use store::plan::PlanVersion;
use store::supervision::{LineKey, StoredLine};

/// Above this many lines to recompute, the whole subtree is computed at once:
/// one branch's line takes a dozen indexed queries, a province's dashboard
/// the time of about a thousand of those.
const ONE_BY_ONE: usize = 100;

/// How many lines marked by a write one read recomputes; the clock does the
/// rest within a tick, and the read shows their earlier figures meanwhile.
pub const READ_BUDGET: usize = 8;

/// What a line missed, stored as JSON beside its figures.
type Missed = (Vec<(String, MeetingPeriod)>, Vec<Span>);

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
    let lines = compute(state, &version.plan, phase, today, scope).await?;
    let key = LineKey {
        plan_id: version.id,
        as_of: today,
        phase_key: &phase.key,
    };
    let stored: Vec<StoredLine> = lines.iter().map(encode).collect::<Result<_, _>>()?;
    state.store.keep_dashboard_lines(key, &stored).await?;
    Ok(lines)
}

fn encode(l: &Line) -> Result<StoredLine, AppError> {
    let mut figures = [None; 9];
    figures.copy_from_slice(&l.figures);
    let missed = if l.missed_meetings.is_empty() && l.missed_reviews.is_empty() {
        String::new()
    } else {
        let missed: Missed = (l.missed_meetings.clone(), l.missed_reviews.clone());
        serde_json::to_string(&missed).map_err(|e| AppError::Internal(e.to_string()))?
    };
    Ok(StoredLine {
        org_id: l.org_id,
        members: l.members,
        figures,
        tasks_overdue: l.tasks_overdue,
        rectifications_open: l.rectifications_open,
        rectifications_overdue: l.rectifications_overdue,
        missed,
    })
}

fn decode(org_name: String, l: StoredLine) -> Result<Line, AppError> {
    let (missed_meetings, missed_reviews): Missed = if l.missed.is_empty() {
        Missed::default()
    } else {
        serde_json::from_str(&l.missed).map_err(|e| AppError::Internal(e.to_string()))?
    };
    Ok(Line {
        org_id: l.org_id,
        org_name,
        members: l.members,
        figures: l.figures.to_vec(),
        tasks_overdue: l.tasks_overdue,
        rectifications_open: l.rectifications_open,
        rectifications_overdue: l.rectifications_overdue,
        missed_meetings,
        missed_reviews,
    })
}

/// Brings every dashboard read since yesterday up to date: at the day's
/// change each is recomputed whole, between changes only the branches
/// written to.
pub async fn keep_current(state: &AppState, today: Day) -> Result<usize, AppError> {
    let owners = state
        .store
        .dashboard_plan_owners(today.add_days(-1))
        .await?;
    for id in &owners {
        let org = state.store.organisation(*id).await?;
        crate::supervision::dashboard::read(state, &org, usize::MAX).await?;
    }
    Ok(owners.len())
}
