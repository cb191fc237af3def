//! A branch's reviews and rectification items, as far as the viewer may read
//! them, and both lists as xlsx.

use crate::http::context::Ctx;
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use crate::review::rules::{may_direct, may_report, may_review, readable};
use crate::review::sheet::{rectifications_xlsx, reviews_xlsx};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use domain::date::Day;
use domain::review::is_overdue;
use store::organisation::Organisation;
use store::review::{Rectification, Review};

#[derive(Template)]
#[template(path = "review/list.html")]
struct ReviewsPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    reviews: Vec<Review>,
    rectifications: Vec<Rectification>,
    can_review: bool,
    ctx: Ctx,
    today: Day,
}

impl ReviewsPage<'_> {
    /// Only the owner reports on an item ([`may_report`]).
    fn can_report(&self, x: &Rectification) -> bool {
        may_report(&self.ctx, x)
    }

    /// The reviewer or the branch leadership close it ([`may_direct`]).
    fn can_close(&self, x: &Rectification) -> bool {
        let reviewer = x
            .review_id
            .and_then(|id| self.reviews.iter().find(|r| r.id == id))
            .map(|r| r.reviewer_account_id);
        may_direct(&self.ctx, &self.org, reviewer)
    }

    fn overdue(&self, x: &Rectification) -> bool {
        is_overdue(x.status, x.due_on, self.today)
    }
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    let id = org.id;
    let (reviews, rectifications) = readable(&state, &ctx, &org).await?;
    let t = ctx.tr(&state.i18n);
    html(&ReviewsPage {
        base: base(
            &state,
            &ctx,
            t.a1("reviews-title", "org", &org.name),
            &format!("/organisations/{id}/reviews"),
        )
        .await,
        t,
        can_review: may_review(&ctx, &org),
        today: crate::http::clock::today(state.config.utc_offset),
        ctx,
        org,
        reviews,
        rectifications,
    })
}

/// The rectification items the viewer may see, as xlsx.
pub async fn export_rectifications(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    let (_, items) = readable(&state, &ctx, &org).await?;
    let t = ctx.tr(&state.i18n);
    let title = t.a1("rectifications-title", "org", &org.name);
    let bytes = rectifications_xlsx(&t, &title, &items)?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}

/// The reviews the viewer may read, as xlsx.
pub async fn export_reviews(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    let (reviews, _) = readable(&state, &ctx, &org).await?;
    let t = ctx.tr(&state.i18n);
    let title = t.a1("reviews-title", "org", &org.name);
    let bytes = reviews_xlsx(&t, &title, &org.name, &reviews)?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}
