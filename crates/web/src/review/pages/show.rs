//! A review with its replies; for the reviewed side the reply form, for its
//! writer publishing, and for the reviewer or the branch leadership making its
//! problems rectification items.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use crate::review::rules::{criteria, is_reviewed_side, is_reviewer, may_direct, readable_review};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use store::organisation::Organisation;
use store::person::Person;
use store::review::{Reply, Review};

#[derive(Template)]
#[template(path = "review/show.html")]
pub(super) struct ReviewPage<'a> {
    pub(super) t: Tr<'a>,
    base: Base,
    pub(super) org: Organisation,
    pub(super) review: Review,
    replies: Vec<Reply>,
    criteria: Vec<(String, String)>,
    members: Vec<Person>,
    is_reviewer: bool,
    can_reply: bool,
    can_direct: bool,
    pub(super) error: Option<String>,
}

impl ReviewPage<'_> {
    fn criterion_name<'b>(&'b self, key: &'b str) -> &'b str {
        self.criteria
            .iter()
            .find(|(k, _)| k == key)
            .map_or(key, |(_, n)| n.as_str())
    }

    /// Who a problem's rectification falls to by default: the member reviewed.
    fn default_owner(&self, person: &i64) -> bool {
        self.review.person_id == Some(*person)
    }
}

pub(super) async fn review_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<ReviewPage<'a>, AppError> {
    let (review, org) = readable_review(state, ctx, id).await?;
    let criteria = criteria(state, &org).await?;
    let can_direct = may_direct(ctx, &org, Some(review.reviewer_account_id));
    let members = if can_direct {
        state
            .store
            .all_people(&org.path)
            .await?
            .into_iter()
            .filter(|p| p.org_id == org.id)
            .collect()
    } else {
        Vec::new()
    };
    let t = ctx.tr(&state.i18n);
    Ok(ReviewPage {
        base: base(state, ctx, t.t("review-title"), &format!("/reviews/{id}")).await,
        t,
        replies: state.store.review_replies(id).await?,
        is_reviewer: is_reviewer(ctx, &review),
        can_reply: is_reviewed_side(ctx, &org, &review),
        can_direct,
        org,
        review,
        criteria,
        members,
        error: None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&review_page(&state, &ctx, id).await?)
}
