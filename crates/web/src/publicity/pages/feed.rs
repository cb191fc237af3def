//! An organisation's news and bulletins as an Atom feed: the latest fifty
//! published, each linking to its public page.

use super::public::feed_link;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::feed::{Entry, Feed};
use crate::http::page::site_base;
use crate::http::state::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use store::publicity::PublicationFilter;

pub async fn news(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Feed, AppError> {
    let org = state.store.organisation(id).await?;
    let filter = PublicationFilter {
        kind: None,
        published_only: true,
    };
    let list = state.store.publications_of(id, filter, 1, 50).await?;
    let site = site_base(&state, &headers);
    let t = ctx.tr(&state.i18n);
    Ok(Feed {
        title: t.a1("public-news-title", "org", &org.name),
        author: org.name.clone(),
        self_link: format!("{site}{}", feed_link(id)),
        page_link: format!("{site}/p/{id}/news"),
        entries: list
            .items
            .into_iter()
            .map(|p| Entry {
                link: format!("{site}/p/publications/{}", p.id),
                updated: p.published_at.unwrap_or(p.updated_at),
                title: match p.number {
                    Some(n) => format!("{} · {}", t.a1("bulletin-issue", "number", n), p.title),
                    None => p.title,
                },
                summary_html: p.body_html,
            })
            .collect(),
    })
}
