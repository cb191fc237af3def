//! The supervision dashboard's lines, for the pages, the workbook and the API
//! alike: one per branch of the subtree, each indicator a percentage set
//! against what the plan asks for in the running phase. They are computed
//! from the records (`figures`) and kept current on write (`line`), so that
//! reading a province's dashboard reads its stored lines.

use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::plan::rules::phase_for;
pub use crate::supervision::figures::Line;
use crate::supervision::line;
use domain::date::Day;
use serde::Serialize;
use store::organisation::Organisation;

/// A figure at or above this is green, at or above `FAIR` amber, else red.
pub const GOOD: f64 = 80.0;
pub const FAIR: f64 = 60.0;

/// The indicators, in the dashboard's column order; each line has one
/// percentage per indicator (None where nothing was due).
pub const INDICATORS: [&str; 9] = [
    "commitments",
    "fulfilment",
    "reviews",
    "participation",
    "good-rate",
    "study",
    "meetings",
    "programmes",
    "tasks",
];

#[derive(Clone, Debug, Serialize)]
pub struct Dashboard {
    /// The plan version the lines are set against.
    pub plan_id: i64,
    pub today: Day,
    pub phase_key: String,
    pub phase_name: String,
    pub lines: Vec<Line>,
    /// Lines shown with their figures from before a write not yet
    /// recounted (within a tick of the clock).
    pub pending: usize,
}

/// The running phase's lines for every branch under (or being) `org`, as
/// kept current on write (`line`).
pub async fn dashboard(state: &AppState, org: &Organisation) -> Result<Dashboard, AppError> {
    read(state, org, line::READ_BUDGET).await
}

/// The same, recomputing up to `budget` of the lines a write has marked.
pub async fn read(
    state: &AppState,
    org: &Organisation,
    budget: usize,
) -> Result<Dashboard, AppError> {
    let version = state
        .store
        .current_plan(org)
        .await?
        .ok_or(AppError::bad_request("plan-none"))?;
    let today = crate::http::clock::today(state.config.utc_offset);
    let phase = phase_for(&version.plan, today).ok_or(AppError::bad_request("plan-none"))?;
    let current = line::current(state, org, &version, phase, today, budget).await?;
    Ok(Dashboard {
        plan_id: version.id,
        today,
        phase_key: phase.key.clone(),
        phase_name: phase.name.clone(),
        lines: current.lines,
        pending: current.pending,
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
        read(state, &org, usize::MAX).await?;
    }
    Ok(owners.len())
}

/// Sorts lines by an indicator (`name`, `overdue` or one of
/// [`INDICATORS`]); absent figures sort last. The default is the weakest
/// first.
pub fn sort(lines: &mut [Line], by: &str, descending: bool) {
    let key = |l: &Line| -> f64 {
        if let Some(i) = INDICATORS.iter().position(|k| *k == by) {
            l.figures[i].unwrap_or(-1.0)
        } else if by == "overdue" {
            l.overdue_count() as f64
        } else {
            l.weakest()
        }
    };
    if by == "name" {
        lines.sort_by(|a, b| a.org_name.cmp(&b.org_name));
    } else {
        lines.sort_by(|a, b| key(a).total_cmp(&key(b)).then(a.org_name.cmp(&b.org_name)));
    }
    if descending {
        lines.reverse();
    }
}
