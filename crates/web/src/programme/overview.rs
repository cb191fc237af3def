//! An organisation's programmes as its page and workbook show
//! them: each of the plan's programmes with the organisation's records of its
//! activities (matched to the plan's), its own activities, the plan's tasks,
//! and its completion, with the overall figure weighted as the plan says.

use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use domain::plan::{Activity as PlanActivity, Phase, Task as PlanTask};
use domain::programme::Completion;
use store::organisation::Organisation;
use store::programme::Activity;

/// One programme as the page shows it.
pub struct Block {
    pub key: String,
    pub name: String,
    pub text: String,
    pub completion: Completion,
    pub planned: Vec<(PlanActivity, Option<Activity>)>,
    pub own: Vec<Activity>,
    pub tasks: Vec<PlanTask>,
}

/// Each programme of the plan with the organisation's records and figures.
pub async fn blocks(
    state: &AppState,
    org: &Organisation,
) -> Result<(Vec<Block>, f64, Vec<Phase>), AppError> {
    let plan = plan_of(&state.store, org).await?;
    let today = crate::http::clock::today(state.config.utc_offset);
    let mut records = state.store.activities(org.id).await?;
    let figures = state.store.programme_figures(org, today).await?;
    let mut blocks = Vec::new();
    let mut weighted = Vec::new();
    for p in &plan.programmes {
        let mut completion = Completion::default();
        for f in figures.iter().filter(|f| f.programme_key == p.key) {
            completion.add(f.completion());
        }
        weighted.push((completion, p.weight));
        let planned = p
            .activities
            .iter()
            .map(|a| {
                let rec = records
                    .iter()
                    .position(|r| r.activity_key.as_deref() == Some(&a.key))
                    .map(|i| records.remove(i));
                (a.clone(), rec)
            })
            .collect();
        let own = records
            .iter()
            .filter(|r| r.programme_key == p.key && r.activity_key.is_none())
            .cloned()
            .collect();
        blocks.push(Block {
            key: p.key.clone(),
            name: p.name.clone(),
            text: p.text.clone(),
            completion,
            planned,
            own,
            tasks: p.tasks.clone(),
        });
    }
    Ok((blocks, domain::programme::overall(&weighted), plan.phases))
}
