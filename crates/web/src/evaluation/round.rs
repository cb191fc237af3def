//! Loading a round as the pages and the API read it: as `now` sees it (closed
//! first if its time is up), from this server's copy while voting, with its
//! results once closed, and for its organisers or those who may see results.

use crate::evaluation::cache::{ResultCache, RoundCache, RoundView};
use crate::evaluation::closing::close;
use crate::evaluation::rules::{may_manage, may_see_results};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use domain::evaluation::RoundState;
use std::sync::Arc;
use store::evaluation::{Round, RoundResults};
use store::organisation::Organisation;
use time::OffsetDateTime;

/// A round as `now` sees it, after running its closing work if its time is up.
pub async fn current_round(state: &AppState, id: i64) -> Result<Round, AppError> {
    let round = state.store.round(id).await?;
    let now = OffsetDateTime::now_utc();
    if round.needs_closing(now) {
        close(state, "system", &round, now).await?;
        return Ok(state.store.round(id).await?);
    }
    Ok(round)
}

/// Whether the round is closed now.
pub fn is_closed(round: &Round) -> bool {
    round.state(OffsetDateTime::now_utc()) == RoundState::Closed
}

/// A round and its targets, from this server's fresh copy when it has one.
pub async fn round_view(state: &AppState, id: i64) -> Result<Arc<RoundView>, AppError> {
    let cache = state.shared::<RoundCache>();
    if let Some(v) = cache.get(id)
        && !v.round.needs_closing(OffsetDateTime::now_utc())
    {
        return Ok(v);
    }
    let round = current_round(state, id).await?;
    let view = Arc::new(RoundView {
        targets: state.store.round_targets(id).await?,
        round,
    });
    cache.keep(id, view.clone());
    Ok(view)
}

/// The results of a closed round; a 409 before the close.
pub async fn results(state: &AppState, round: &Round) -> Result<Arc<RoundResults>, AppError> {
    let cache = state.shared::<ResultCache>();
    if let Some(r) = cache.get(round.id) {
        return Ok(r);
    }
    let r = Arc::new(state.store.round_results(round).await?);
    cache.keep(round.id, r.clone());
    Ok(r)
}

/// The round and its organisation, for one of its organisers.
pub async fn managed(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Round, Organisation), AppError> {
    let round = current_round(state, id).await?;
    let org = state.store.organisation(round.org_id).await?;
    if !may_manage(ctx, &org, &round) {
        return Err(ctx.refused());
    }
    Ok((round, org))
}

/// A closed round's results, with the round and its organiser, for those who
/// may see them: its organisers and the leaders above.
pub async fn readable_results(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Round, Organisation, Arc<RoundResults>), AppError> {
    let round = current_round(state, id).await?;
    let org = state.store.organisation(round.org_id).await?;
    if !may_see_results(ctx, &org, &round) {
        return Err(ctx.refused());
    }
    let r = results(state, &round).await?;
    Ok((round, org, r))
}

/// The closed rounds run by or evaluating an organisation whose results their
/// organisers published, newest first: what its portal and feed list.
pub async fn published_rounds(state: &AppState, org_id: i64) -> Result<Vec<Round>, AppError> {
    let now = OffsetDateTime::now_utc();
    let mut rounds = state.store.rounds_of(org_id).await?;
    rounds.extend(state.store.rounds_evaluating(org_id).await?);
    rounds.retain(|r| r.publication.published && r.state(now) == RoundState::Closed);
    rounds.sort_by_key(|r| std::cmp::Reverse(r.id));
    rounds.dedup_by_key(|r| r.id);
    Ok(rounds)
}
