//! Who may do what with reviews and rectification items, for the pages and
//! the API alike, and the reviews and items a viewer may read.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use domain::access::{Action, Role};
use domain::commitment::{Owner, criteria_for};
use domain::plan::ScalePoint;
use store::organisation::Organisation;
use store::review::{Rectification, Review};

/// A leader or campaign office over the organisation may review it.
pub fn may_review(ctx: &Ctx, org: &Organisation) -> bool {
    ctx.roles_at(&org.path)
        .iter()
        .any(|r| matches!(r, Role::Leader | Role::CampaignOffice))
}

/// Who may read a review: everyone once published; before, the reviewer, the
/// reviewed member, and the branch leadership (which includes offices above).
pub fn may_read(ctx: &Ctx, org: &Organisation, r: &Review) -> bool {
    r.published
        || ctx
            .account
            .as_ref()
            .is_some_and(|a| a.id == r.reviewer_account_id || Some(a.person_id) == r.person_id)
        || ctx.can(&org.path, Action::ManagePeople)
}

/// The reviewed side: the member, or for the branch, its leadership.
pub fn is_reviewed_side(ctx: &Ctx, org: &Organisation, r: &Review) -> bool {
    match r.person_id {
        Some(p) => ctx.account.as_ref().is_some_and(|a| a.person_id == p),
        None => ctx.can(&org.path, Action::ManagePeople),
    }
}

/// Whether the signed-in person wrote the review.
pub fn is_reviewer(ctx: &Ctx, r: &Review) -> bool {
    ctx.account
        .as_ref()
        .is_some_and(|a| a.id == r.reviewer_account_id)
}

/// Who may see a rectification item and its files, whatever raised it: its owner,
/// the branch leadership, the leaders and offices over the branch, the reviewer
/// whose review raised it, and everyone who may read that review once it is
/// published. `review` is the item's review where the viewer may read it.
pub fn may_see_rectification(
    ctx: &Ctx,
    org: &Organisation,
    item: &Rectification,
    review: Option<&Review>,
) -> bool {
    ctx.account
        .as_ref()
        .is_some_and(|a| a.person_id == item.owner_person_id)
        || may_review(ctx, org)
        || may_direct(ctx, org, review.map(|r| r.reviewer_account_id))
        || review.is_some_and(|r| r.published)
}

/// The reviewer or the branch leadership raise and close rectification items.
pub fn may_direct(ctx: &Ctx, org: &Organisation, reviewer: Option<i64>) -> bool {
    ctx.account.as_ref().is_some_and(|a| Some(a.id) == reviewer)
        || ctx.can(&org.path, Action::ManagePeople)
}

/// The owner of an item reports on it.
pub fn may_report(ctx: &Ctx, item: &Rectification) -> bool {
    ctx.account
        .as_ref()
        .is_some_and(|a| a.person_id == item.owner_person_id)
}

/// A review and its branch, when the viewer may read it.
pub async fn readable_review(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Review, Organisation), AppError> {
    let review = state.store.review(id).await?;
    let org = state.store.organisation(review.org_id).await?;
    if !may_read(ctx, &org, &review) {
        return Err(ctx.refused());
    }
    Ok((review, org))
}

/// The reviews of a branch, and its rectification items, that the viewer may read.
pub async fn readable(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
) -> Result<(Vec<Review>, Vec<Rectification>), AppError> {
    let reviews: Vec<Review> = state
        .store
        .branch_reviews(org.id)
        .await?
        .into_iter()
        .filter(|r| may_read(ctx, org, r))
        .collect();
    let rectifications = state
        .store
        .branch_rectifications(org.id)
        .await?
        .into_iter()
        .filter(|x| {
            let review = x
                .review_id
                .and_then(|id| reviews.iter().find(|r| r.id == id));
            may_see_rectification(ctx, org, x, review)
        })
        .collect();
    Ok((reviews, rectifications))
}

/// The overall grades the plan's `[review]` section offers, best first.
pub async fn review_grades(
    state: &AppState,
    org: &Organisation,
) -> Result<Vec<ScalePoint>, AppError> {
    let plan = plan_of(&state.store, org).await?;
    Ok(plan.review.map(|r| r.grades).unwrap_or_default())
}

/// The criteria a review of `org` may speak to: both standards of its plan.
pub async fn criteria(
    state: &AppState,
    org: &Organisation,
) -> Result<Vec<(String, String)>, AppError> {
    let plan = plan_of(&state.store, org).await?;
    let mut criteria = criteria_for(&plan, Owner::Branch);
    criteria.extend(criteria_for(&plan, Owner::Member));
    Ok(criteria)
}
