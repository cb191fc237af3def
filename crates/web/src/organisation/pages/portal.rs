//! An organisation's public portal: readable without an account.

use crate::evaluation::round::published_rounds;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base};
use crate::http::page_cache::{CSRF_SLOT, PageCache, with_csrf};
use crate::http::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
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

/// This server's rendered portals, checked by the last recorded change: a
/// change anywhere shows within a second.
pub type PortalCache = PageCache<PortalPage<'static>>;

/// The portal; visitors without an account share this server's copy.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    if ctx.account.is_some() || ctx.flash.is_some() {
        return Ok(Html(render(&state, &ctx, id, &ctx.csrf).await?).into_response());
    }
    let cache = state.shared::<PortalCache>();
    let serve = |html: Bytes| Html(with_csrf(&html, &ctx.csrf)).into_response();
    if let Some(html) = cache.fresh(id, ctx.locale) {
        return Ok(serve(html));
    }
    // Read before rendering, so that a change made meanwhile is seen on the
    // next check.
    let version = state.store.last_change().await?;
    if let Some(html) = cache.at_version(id, ctx.locale, version) {
        return Ok(serve(html));
    }
    let html = Bytes::from(render(&state, &ctx, id, CSRF_SLOT).await?);
    cache.keep(id, ctx.locale, version, html.clone());
    Ok(serve(html))
}

async fn render(state: &AppState, ctx: &Ctx, id: i64, csrf: &str) -> Result<String, AppError> {
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
    base.csrf = csrf.to_string();
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
