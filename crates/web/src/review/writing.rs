//! Writing, answering and publishing a leader review (领导点评), for the pages
//! and the API alike.

use crate::commitment::board_cache::BoardCache;
use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use crate::review::rules::{criteria, is_reviewed_side, may_review, review_grades};
use domain::review::check_review;
use store::organisation::Organisation;
use store::review::Review;

/// A review as written.
pub struct NewReview<'a> {
    /// The member reviewed; none for the branch itself.
    pub person_id: Option<i64>,
    pub affirmed: &'a str,
    /// One problem a line.
    pub problems: &'a str,
    pub direction: &'a str,
    /// Keys of the criteria it speaks to; others are dropped.
    pub criteria: Vec<String>,
    /// The overall grade by name, from the plan's review scale; empty for none.
    pub grade: &'a str,
}

/// A leader or office writes a review of `org` or one of its members; it stays
/// private until its writer publishes it.
pub async fn create(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    new: NewReview<'_>,
) -> Result<i64, AppError> {
    if !may_review(ctx, org) {
        return Err(ctx.refused());
    }
    if let Some(p) = new.person_id
        && state.store.person(p).await?.org_id != org.id
    {
        return Err(AppError::invalid("target", "error-bad-request"));
    }
    let known = criteria(state, org).await?;
    let chosen = new
        .criteria
        .into_iter()
        .filter(|k| known.iter().any(|(c, _)| c == k))
        .collect();
    let grade = match new.grade.trim() {
        "" => None,
        name => Some(
            review_grades(state, org)
                .await?
                .into_iter()
                .find(|g| g.name == name)
                .ok_or_else(|| AppError::invalid("grade", "review-error-grade"))?,
        ),
    };
    let mut parts =
        check_review(new.affirmed, new.problems, new.direction, chosen).map_err(|errors| {
            AppError::invalid_fields(
                "review-invalid",
                errors
                    .iter()
                    .map(|(f, p)| FieldRefusal::new(*f, p.message_id()).with_args(p.args()))
                    .collect(),
            )
        })?;
    parts.grade = grade;
    let a = ctx.user()?;
    Ok(state
        .store
        .add_review(
            &a.username,
            (a.id, &a.person_name),
            org.id,
            new.person_id,
            &parts,
        )
        .await?)
}

/// The reviewed side answers the review.
pub async fn reply(
    state: &AppState,
    ctx: &Ctx,
    review: &Review,
    org: &Organisation,
    text: &str,
) -> Result<(), AppError> {
    if !is_reviewed_side(ctx, org, review) {
        return Err(AppError::Forbidden);
    }
    let text = domain::text::required(text, domain::review::MAX_PART)
        .map_err(|p| AppError::invalid("text", p.message_id()).with_args(p.args()))?;
    state
        .store
        .add_review_reply(&ctx.user()?.username, review.id, &text)
        .await?;
    Ok(())
}

/// Its writer publishes a review on the board, or takes it back.
pub async fn publish(
    state: &AppState,
    ctx: &Ctx,
    review: &Review,
    published: bool,
) -> Result<(), AppError> {
    let account = ctx.user()?;
    if account.id != review.reviewer_account_id {
        return Err(AppError::Forbidden);
    }
    state
        .store
        .publish_review(&account.username, review.id, published)
        .await?;
    state.shared::<BoardCache>().forget(review.org_id);
    Ok(())
}
