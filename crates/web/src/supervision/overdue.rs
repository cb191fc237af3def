//! The overdue list of a subtree, for the pages, the workbook and the API
//! alike: the store's tasks, rectification items and unfulfilled commitments
//! of ended phases, with the meeting periods missed and the review periods
//! passed without a review from the dashboard's lines; the longest overdue
//! first.

use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use crate::supervision::dashboard::Dashboard;
use store::organisation::Organisation;
use store::supervision::{OverdueItem, OverdueKind};

/// Most items of each kind the list reads.
pub const LIMIT: i64 = 2_000;

pub async fn overdue(
    state: &AppState,
    org: &Organisation,
    board: &Dashboard,
    review_title: &str,
) -> Result<Vec<OverdueItem>, AppError> {
    let plan = plan_of(&state.store, org).await?;
    let today = board.today;
    let ended: Vec<(String, domain::date::Day)> = plan
        .phases
        .iter()
        .map(|p| (p.key.clone(), p.ends_on))
        .collect();
    let mut items = state
        .store
        .overdue_within(org, today, &ended, LIMIT)
        .await?;
    for line in &board.lines {
        for (rule, p) in &line.missed_meetings {
            items.push(OverdueItem {
                kind: OverdueKind::Meeting,
                id: line.org_id,
                org_id: line.org_id,
                org_name: line.org_name.clone(),
                title: format!("{rule}（{}/{}）", p.held, p.required),
                owner: line.org_name.clone(),
                due_on: p.span.last,
                days: (today.0 - p.span.last.0).whole_days(),
                link: format!("/organisations/{}/meetings", line.org_id),
            });
        }
        for span in &line.missed_reviews {
            items.push(OverdueItem {
                kind: OverdueKind::Review,
                id: line.org_id,
                org_id: line.org_id,
                org_name: line.org_name.clone(),
                title: review_title.to_string(),
                owner: org.name.clone(),
                due_on: span.last,
                days: (today.0 - span.last.0).whole_days(),
                link: format!("/organisations/{}/reviews", line.org_id),
            });
        }
    }
    items.sort_by(|a, b| b.days.cmp(&a.days).then(a.org_name.cmp(&b.org_name)));
    Ok(items)
}

/// How many overdue items the subtree has, for the organisation page: the
/// store's kinds only, which need no plan arithmetic, counted in the database.
pub async fn count(state: &AppState, org: &Organisation) -> Result<i64, AppError> {
    let today = crate::http::clock::today(state.config.utc_offset);
    Ok(state.store.overdue_count_within(org, today).await?)
}
