//! What a round's organisers do, for the pages and the API alike: open a
//! round, close it early, record forums and solicited opinions, choose what the
//! public sees, sum up the feedback, and make a result a rectification item.
//! Each takes a round its caller loaded for an organiser (`round::managed`).

use crate::evaluation::closing::close;
use crate::evaluation::round::{is_closed, results};
use crate::evaluation::rules::{candidates, may_organise, rectification_branch_id};
use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use domain::evaluation::record::{
    check_feedback, check_forum, check_rectification, check_solicited,
};
use domain::evaluation::{Publication, RoundInput, RoundKind, check_round};
use store::evaluation::{NewTarget, ResultRectification, Round};
use store::organisation::Organisation;
use time::OffsetDateTime;

/// Opens a round of `kind` at `org` over the targets `choose` keeps of the
/// candidates. Every problem comes back by its field.
pub async fn create(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    kind: RoundKind,
    input: &RoundInput,
    choose: impl FnOnce(Vec<NewTarget>) -> Vec<NewTarget>,
) -> Result<i64, AppError> {
    if !may_organise(ctx, org, kind) {
        return Err(ctx.refused());
    }
    let plan = plan_of(&state.store, org).await?;
    let chosen = choose(candidates(state, org, kind).await?);
    let mut errors = Vec::new();
    if chosen.is_empty() {
        errors.push(FieldRefusal::new("targets", "evaluation-error-targets"));
    }
    let draft = check_round(
        input,
        &plan,
        state.config.utc_offset,
        OffsetDateTime::now_utc(),
    );
    if let Err(problems) = &draft {
        errors.extend(
            problems
                .iter()
                .map(|(f, p)| FieldRefusal::new(*f, p.message_id()).with_args(p.args())),
        );
    }
    match draft {
        Ok(draft) if errors.is_empty() => Ok(state
            .store
            .create_round(&ctx.user()?.username, org.id, &draft, &chosen)
            .await?),
        _ => Err(AppError::invalid_fields("evaluation-invalid", errors)),
    }
}

/// Refused once the round is closed.
pub fn still_open(round: &Round) -> Result<(), AppError> {
    if is_closed(round) {
        Err(AppError::unprocessable("evaluation-error-closed"))
    } else {
        Ok(())
    }
}

/// Refused until the round is closed.
fn closed(round: &Round) -> Result<(), AppError> {
    if is_closed(round) {
        Ok(())
    } else {
        Err(AppError::unprocessable("evaluation-error-not-closed"))
    }
}

/// Closes the round now, before its time.
pub async fn close_now(state: &AppState, ctx: &Ctx, round: &Round) -> Result<(), AppError> {
    still_open(round)?;
    close(
        state,
        &ctx.user()?.username,
        round,
        OffsetDateTime::now_utc(),
    )
    .await
}

/// A forum (座谈会) held for the round, as typed.
pub struct ForumInput<'a> {
    pub held_on: &'a str,
    pub place: &'a str,
    pub present: &'a str,
    pub minutes: &'a str,
}

pub async fn add_forum(
    state: &AppState,
    ctx: &Ctx,
    round: &Round,
    f: ForumInput<'_>,
) -> Result<i64, AppError> {
    let forum =
        check_forum(f.held_on, f.place, f.present, f.minutes).map_err(AppError::unprocessable)?;
    Ok(state
        .store
        .add_forum(&ctx.user()?.username, round.id, &forum)
        .await?)
}

/// Records an opinion solicited (征求意见) about one of the round's targets.
pub async fn add_opinion(
    state: &AppState,
    ctx: &Ctx,
    round: &Round,
    target: Option<i64>,
    source: &str,
    text: &str,
) -> Result<i64, AppError> {
    let targets = state.store.round_targets(round.id).await?;
    let target = target
        .filter(|t| targets.iter().any(|x| x.id == *t))
        .ok_or(AppError::invalid("target", "evaluation-error-target"))?;
    let (source, text) = check_solicited(source, text).map_err(AppError::unprocessable)?;
    Ok(state
        .store
        .add_solicited_opinion(&ctx.user()?.username, round.id, target, &source, &text)
        .await?)
}

/// Chooses what the public portal shows of a closed round's results.
pub async fn set_publication(
    state: &AppState,
    ctx: &Ctx,
    round: &Round,
    publication: &Publication,
) -> Result<(), AppError> {
    closed(round)?;
    Ok(state
        .store
        .set_publication(&ctx.user()?.username, round.id, publication)
        .await?)
}

/// Records the feedback summary (反馈与应用) of a closed round.
pub async fn set_feedback(
    state: &AppState,
    ctx: &Ctx,
    round: &Round,
    text: &str,
) -> Result<(), AppError> {
    closed(round)?;
    let text = check_feedback(text).map_err(|m| AppError::invalid("text", m))?;
    Ok(state
        .store
        .set_feedback(&ctx.user()?.username, round.id, &text)
        .await?)
}

/// A rectification item raised from a target's shown result, as typed.
pub struct RaiseInput<'a> {
    pub target_id: i64,
    pub problem: &'a str,
    pub owner: Option<i64>,
    pub due_on: &'a str,
}

/// Raises a rectification item from a target's result, owned by someone of
/// the branch whose list it joins; answers the item's id and that branch.
pub async fn raise(
    state: &AppState,
    ctx: &Ctx,
    round: &Round,
    r: RaiseInput<'_>,
) -> Result<(i64, i64), AppError> {
    let all = results(state, round).await?;
    let tallied = all
        .targets
        .iter()
        .find(|x| x.target.id == r.target_id)
        .ok_or(AppError::NotFound)?;
    if !tallied.result.shown() {
        return Err(AppError::unprocessable("evaluation-error-target"));
    }
    let branch_id = rectification_branch_id(round, &tallied.target);
    let owner = match r.owner {
        Some(o) if state.store.person(o).await?.org_id == branch_id => o,
        _ => return Err(AppError::invalid("owner", "evaluation-error-rectification")),
    };
    let today = crate::http::clock::today(state.config.utc_offset);
    let (problem, due_on) =
        check_rectification(r.problem, r.due_on, today).map_err(AppError::unprocessable)?;
    let id = state
        .store
        .add_evaluation_rectification(
            &ctx.user()?.username,
            &ResultRectification {
                round_id: round.id,
                target_id: r.target_id,
                org_id: branch_id,
                problem,
                owner_person_id: owner,
                due_on,
            },
        )
        .await?;
    Ok((id, branch_id))
}
