//! Rectification items (整改), for the pages and the API alike: one visibility
//! rule whatever raised them (a review's problem or an evaluation's result),
//! who raises, reports and closes them, and doing so.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::review::rules::{may_direct, may_read, may_report, may_see_rectification};
use domain::review::check_due;
use domain::roster::parse_date_text;
use store::commitment::EvidenceFile;
use store::organisation::Organisation;
use store::review::{Rectification, Review};

/// The review that raised an item, if one did.
pub async fn review_of(state: &AppState, item: &Rectification) -> Result<Option<Review>, AppError> {
    Ok(match item.review_id {
        Some(r) => Some(state.store.review(r).await?),
        None => None,
    })
}

/// The item's branch, when the viewer may see the item (else 403).
pub async fn visible(
    state: &AppState,
    ctx: &Ctx,
    item: &Rectification,
) -> Result<Organisation, AppError> {
    let org = state.store.organisation(item.org_id).await?;
    let review = review_of(state, item)
        .await?
        .filter(|r| may_read(ctx, &org, r));
    if may_see_rectification(ctx, &org, item, review.as_ref()) {
        Ok(org)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The reviewer or the branch leadership make one of a review's problems an
/// item for one of the branch's members, due from today on.
pub async fn raise(
    state: &AppState,
    ctx: &Ctx,
    review: &Review,
    problem: &str,
    owner: i64,
    due_on: &str,
) -> Result<i64, AppError> {
    let org = state.store.organisation(review.org_id).await?;
    if !may_direct(ctx, &org, Some(review.reviewer_account_id)) {
        return Err(AppError::Forbidden);
    }
    if !review.parts.problems.iter().any(|p| p == problem) {
        return Err(AppError::invalid("problem", "error-bad-request"));
    }
    if state.store.person(owner).await?.org_id != org.id {
        return Err(AppError::invalid("owner", "error-bad-request"));
    }
    let today = crate::http::clock::today(state.config.utc_offset);
    let due = parse_date_text(due_on)
        .ok_or("field-bad-date")
        .and_then(|d| check_due(d, today))
        .map_err(|id| AppError::invalid("due_on", id))?;
    Ok(state
        .store
        .add_rectification(&ctx.user()?.username, review, problem, owner, due)
        .await?)
}

/// The owner reports what was done, with an optional file.
pub async fn report(
    state: &AppState,
    ctx: &Ctx,
    item: &Rectification,
    note: &str,
    file: Option<EvidenceFile>,
) -> Result<(), AppError> {
    let account = ctx.user()?;
    if !may_report(ctx, item) {
        return Err(AppError::Forbidden);
    }
    let note = domain::text::required(note, 500)
        .map_err(|_| AppError::invalid("note", "rectification-error-note"))?;
    state
        .store
        .update_rectification(&account.username, item.id, &note, file)
        .await?;
    Ok(())
}

/// The reviewer or the branch leadership close an item (销号).
pub async fn close(state: &AppState, ctx: &Ctx, item: &Rectification) -> Result<(), AppError> {
    let org = state.store.organisation(item.org_id).await?;
    let reviewer = review_of(state, item).await?.map(|r| r.reviewer_account_id);
    if !may_direct(ctx, &org, reviewer) {
        return Err(AppError::Forbidden);
    }
    state
        .store
        .close_rectification(&ctx.user()?.username, item.id)
        .await?;
    Ok(())
}
