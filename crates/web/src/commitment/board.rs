//! The public board (公开栏) as data, for the page, the poster and the API: a
//! branch's approved commitments of the current phase with their progress, the
//! shown opinions of the masses, and the reviews the leaders published.

use crate::commitment::rules::{ProgressMap, current_phase};
use crate::http::error::AppError;
use crate::http::state::AppState;
use domain::commitment::opinion::OpinionStatus;
use domain::plan::{Phase, Plan};
use std::collections::HashMap;
use store::commitment::Commitment;
use store::commitment::opinion::Opinion;
use store::organisation::Organisation;
use store::review::Review;

pub struct Board {
    pub org: Organisation,
    pub plan: Plan,
    pub phase: Phase,
    /// Approved commitments only: the public sees what was approved.
    pub commitments: Vec<Commitment>,
    pub progress: ProgressMap,
    /// Shown opinions, by commitment.
    pub opinions: HashMap<i64, Vec<Opinion>>,
    /// The branch's progress over every approved item.
    pub overall: u8,
    pub reviews: Vec<Review>,
}

/// The board of the branch `id`, readable by anyone.
pub async fn board(state: &AppState, id: i64) -> Result<Board, AppError> {
    let org = state.store.organisation(id).await?;
    let (plan, phase) = current_phase(state, &org).await?;
    let all = state.store.branch_commitments(org.id, &phase.key).await?;
    let ids: Vec<i64> = all.iter().map(|c| c.id).collect();
    let progress = state.store.progress_of(&ids).await?;
    let overall = crate::commitment::rules::branch_overall(&all, &progress);
    let mut opinions: HashMap<i64, Vec<Opinion>> = HashMap::new();
    for o in state
        .store
        .branch_opinions(org.id, OpinionStatus::Approved)
        .await?
    {
        opinions.entry(o.commitment_id).or_default().push(o);
    }
    let reviews = state
        .store
        .branch_reviews(org.id)
        .await?
        .into_iter()
        .filter(|r| r.published)
        .collect();
    Ok(Board {
        org,
        plan,
        phase,
        commitments: all.into_iter().filter(|c| c.approved.is_some()).collect(),
        progress,
        opinions,
        overall,
        reviews,
    })
}
