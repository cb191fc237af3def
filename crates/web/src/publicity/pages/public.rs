//! The public side, with no account: an organisation's published news and
//! bulletins a page at a time, and one of them, each page announcing the feed.

use super::list::ListQuery;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::page_cache::shared_page;
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use domain::publicity::PublicationStatus;
use store::Page;
use store::organisation::Organisation;
use store::publicity::Publication;

/// The feed of an organisation's news and bulletins.
pub fn feed_link(org_id: i64) -> String {
    format!("/p/{org_id}/news.atom")
}

/// The feeds an organisation's public pages announce: its news and bulletins,
/// its published results, its honours.
pub fn feeds(t: &Tr<'_>, org: &str, org_id: i64) -> Vec<(String, String)> {
    vec![
        (t.a1("public-news-title", "org", org), feed_link(org_id)),
        (
            t.a1("feed-results-title", "org", org),
            format!("/p/{org_id}/results.atom"),
        ),
        (
            t.a1("feed-honours-title", "org", org),
            format!("/p/{org_id}/honours.atom"),
        ),
    ]
}

#[derive(Template)]
#[template(path = "publicity/public_list.html")]
pub struct NewsPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    list: Page<Publication>,
    kind: String,
}

/// The news list's fresh copy (every kind, first page) for a visitor, before the layers.
pub fn fresh_answer(state: &AppState, req: &axum::extract::Request) -> Option<Response> {
    let rest = req.uri().path().strip_prefix("/p/")?;
    let id: i64 = rest.strip_suffix("/news")?.parse().ok()?;
    crate::http::page_cache::fresh_for_visitor::<NewsPage<'static>>(state, req, id, "")
}

/// The news list; the first page of each kind is a copy visitors without an
/// account share, as the portal is.
pub async fn news(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let state = state.reading();
    let first = q.page.unwrap_or(1) <= 1;
    match q.filter(true).kind {
        Some(kind) if first => {
            shared_page::<NewsPage<'static>, _, _>(&state, &ctx, id, kind.as_str(), |csrf| {
                render_news(&state, &ctx, id, q, csrf)
            })
            .await
        }
        None if first && q.kind.is_empty() => {
            shared_page::<NewsPage<'static>, _, _>(&state, &ctx, id, "", |csrf| {
                render_news(&state, &ctx, id, q, csrf)
            })
            .await
        }
        _ => Ok(
            Html(render_news(&state, &ctx, id, q, ctx.csrf().to_string()).await?).into_response(),
        ),
    }
}

async fn render_news(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    q: ListQuery,
    csrf: String,
) -> Result<String, AppError> {
    let org = state.store.organisation(id).await?;
    let list = state
        .store
        .publications_of(id, q.filter(true), q.page.unwrap_or(1), 20)
        .await?;
    let t = ctx.tr(&state.i18n);
    let title = t.a1("public-news-title", "org", &org.name);
    let mut base = base(state, ctx, title.clone(), &format!("/p/{id}/news")).await;
    base.feeds = feeds(&t, &org.name, id);
    base.csrf = csrf;
    Ok(NewsPage {
        base,
        t,
        org,
        list,
        kind: q.kind,
    }
    .render()?)
}

#[derive(Template)]
#[template(path = "publicity/public_show.html")]
struct ItemPage<'a> {
    t: Tr<'a>,
    base: Base,
    p: Publication,
}

pub async fn item(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let p = state.store.publication(id).await?;
    if p.status != PublicationStatus::Published {
        return Err(AppError::NotFound);
    }
    let t = ctx.tr(&state.i18n);
    let mut base = base(
        &state,
        &ctx,
        p.title.clone(),
        &format!("/p/publications/{id}"),
    )
    .await;
    base.feeds = feeds(&t, &p.org_name, p.org_id);
    html(&ItemPage { base, t, p })
}
