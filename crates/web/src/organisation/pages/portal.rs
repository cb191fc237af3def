//! An organisation's public portal: readable without an account.

use crate::evaluation::round::published_rounds;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base};
use crate::http::page_cache::shared_page;
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::organisation::OrgKind;
use domain::plan::Plan;
use store::evaluation::Round;
use store::organisation::Organisation;
use store::publicity::{Publication, PublicationFilter};
use store::review::Review;

#[derive(Template)]
#[template(path = "organisation/portal.html")]
pub struct PortalPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    plan: Option<Plan>,
    /// Closed evaluation rounds, run by or evaluating the organisation, whose
    /// results the organisers published.
    rounds: Vec<Round>,
    /// The organisations right under it that have portals of their own.
    children: Vec<Organisation>,
    /// Its latest published news and bulletins.
    news: Vec<Publication>,
    /// The leaders' reviews of the branch and its members they published.
    reviews: Vec<Review>,
}

/// The portal's fresh copy for a visitor, before the layers.
pub fn fresh_answer(state: &AppState, req: &axum::extract::Request) -> Option<Response> {
    let id: i64 = req.uri().path().strip_prefix("/p/")?.parse().ok()?;
    crate::http::page_cache::fresh_for_visitor::<PortalPage<'static>>(state, req, id, "")
}

/// The portal; visitors without an account share this server's copy, which
/// shows a change anywhere within a second.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let state = state.reading();
    shared_page::<PortalPage<'static>, _, _>(&state, &ctx, id, "", |csrf| {
        render(&state, &ctx, id, csrf)
    })
    .await
}

async fn render(state: &AppState, ctx: &Ctx, id: i64, csrf: String) -> Result<String, AppError> {
    let org = state.store.organisation(id).await?;
    let plan = state.store.current_plan(&org).await?.map(|v| v.plan);
    let rounds = published_rounds(state, id).await?;
    let mut children = state.store.children(id).await?;
    children.retain(|o| o.kind != OrgKind::PartyGroup);
    let published = PublicationFilter {
        kind: None,
        published_only: true,
    };
    let news = state
        .store
        .publications_of(id, published, 1, 5)
        .await?
        .items;
    let mut reviews = state.store.branch_reviews(id).await?;
    reviews.retain(|r| r.published);
    let t = ctx.tr(&state.i18n);
    let mut base = base(state, ctx, org.name.clone(), &format!("/p/{id}")).await;
    base.feeds = crate::publicity::feeds(&t, &org.name, id);
    base.csrf = csrf;
    Ok(PortalPage {
        rounds,
        children,
        news,
        reviews,
        base,
        t,
        org,
        plan,
    }
    .render()?)
}
