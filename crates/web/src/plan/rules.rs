//! Where an organisation stands in the campaign: the plan in force and the
//! phase a day falls in. Every area that follows the plan asks here.

use crate::http::error::AppError;
use domain::date::Day;
use domain::plan::{Phase, Plan};
use store::Store;
use store::organisation::Organisation;

/// The phase a day falls in; before the campaign the first, after it the last.
pub fn phase_for(plan: &Plan, day: Day) -> Option<&Phase> {
    plan.phase_on(day).or_else(|| {
        if plan.phases.first().is_some_and(|p| day < p.starts_on) {
            plan.phases.first()
        } else {
            plan.phases.last()
        }
    })
}

/// The plan in force for an organisation; a branch without one cannot commit yet.
pub async fn plan_of(store: &Store, org: &Organisation) -> Result<Plan, AppError> {
    store
        .current_plan(org)
        .await?
        .map(|v| v.plan)
        .ok_or(AppError::bad_request("plan-none"))
}
