//! The overdue list of a subtree, for the pages, the workbook and the API
//! alike: the store's tasks, rectification items and unfulfilled commitments
//! of ended phases, with the meeting periods missed and the review periods
//! passed without a review kept beside the dashboard's lines; the longest
//! overdue first, at most `LIMIT` of each.

use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use crate::supervision::dashboard::Dashboard;
use crate::supervision::line;
use store::organisation::Organisation;
use store::supervision::{LineKey, OverdueItem, OverdueKind};

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
    let mut periods = Vec::new();
    let key = LineKey {
        plan_id: board.plan_id,
        as_of: today,
        phase_key: &board.phase_key,
    };
    for (org_id, org_name, missed) in line::missed(state, org, key, LIMIT).await? {
        for (rule, p) in &missed.meetings {
            periods.push(OverdueItem {
                kind: OverdueKind::Meeting,
                id: org_id,
                org_id,
                org_name: org_name.clone(),
                title: format!("{rule}（{}/{}）", p.held, p.required),
                owner: org_name.clone(),
                due_on: p.span.last,
                days: (today.0 - p.span.last.0).whole_days(),
                link: format!("/organisations/{org_id}/meetings"),
            });
        }
        for span in &missed.reviews {
            periods.push(OverdueItem {
                kind: OverdueKind::Review,
                id: org_id,
                org_id,
                org_name: org_name.clone(),
                title: review_title.to_string(),
                owner: org.name.clone(),
                due_on: span.last,
                days: (today.0 - span.last.0).whole_days(),
                link: format!("/organisations/{org_id}/reviews"),
            });
        }
    }
    // The longest missed periods, as many as of each of the store's kinds.
    let by_age =
        |a: &OverdueItem, b: &OverdueItem| b.days.cmp(&a.days).then(a.org_name.cmp(&b.org_name));
    periods.sort_by(by_age);
    periods.truncate(LIMIT as usize);
    items.extend(periods);
    items.sort_by(by_age);
    Ok(items)
}

/// How many overdue items the subtree has, for the organisation page: the
/// store's kinds only, which need no plan arithmetic, counted in the database.
pub async fn count(state: &AppState, org: &Organisation) -> Result<i64, AppError> {
    let today = crate::http::clock::today(state.config.utc_offset);
    Ok(state.store.overdue_count_within(org, today).await?)
}
