//! Books in the branch, for the pages and the API alike: recommending one
//! (荐书), and liking a book on the 晒书 wall.

use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use domain::access::Action;
use domain::study::StudyProblem;
use std::collections::HashMap;
use store::organisation::Organisation;

/// A recommendation's fields, trimmed: a title of at most 100 characters, an
/// author of at most 50, a reason of at most 500. Every problem, by field.
pub fn check_recommendation(
    title: &str,
    author: &str,
    reason: &str,
) -> HashMap<&'static str, StudyProblem> {
    let mut errors = HashMap::new();
    let title = title.trim();
    if title.is_empty() {
        errors.insert("title", StudyProblem::Missing);
    }
    for (field, value, max) in [
        ("title", title, 100),
        ("author", author.trim(), 50),
        ("reason", reason.trim(), 500),
    ] {
        if value.chars().count() > max {
            errors.insert(field, StudyProblem::TooLong);
        }
    }
    errors
}

/// Anyone of the organisation recommends a book; every problem by its field.
pub async fn recommend(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    title: &str,
    author: &str,
    reason: &str,
) -> Result<i64, AppError> {
    let account = ctx.require(&org.path, Action::Read)?;
    let errors = check_recommendation(title, author, reason);
    if !errors.is_empty() {
        let mut errors: Vec<_> = errors
            .into_iter()
            .map(|(field, p)| FieldRefusal::new(field, p.message_id()))
            .collect();
        errors.sort_by(|a, b| a.field.cmp(&b.field));
        return Err(AppError::invalid_fields("study-invalid", errors));
    }
    Ok(state
        .store
        .recommend_book(
            &account.username,
            org.id,
            account.person_id,
            title.trim(),
            author.trim(),
            reason.trim(),
        )
        .await?)
}

/// Likes a book on the wall of the reader's organisation, or takes the like
/// back; answers whether it is liked now and the organisation.
pub async fn like(state: &AppState, ctx: &Ctx, record_id: i64) -> Result<(bool, i64), AppError> {
    let account = ctx.user()?;
    let record = state.store.record(record_id).await?;
    let org = state.store.organisation(record.org_id).await?;
    ctx.require(&org.path, Action::Read)?;
    let liked = state
        .store
        .toggle_like(account.person_id, record_id)
        .await?;
    Ok((liked, org.id))
}
