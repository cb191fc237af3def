//! An organisation's published evaluation results as an Atom feed: each
//! closed round whose organisers published its results, linking to its
//! public page.

use crate::evaluation::round::published_rounds;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::feed::{Entry, Feed};
use crate::http::page::site_base;
use crate::http::state::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use quick_xml::escape::escape;

pub async fn results(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Feed, AppError> {
    let org = state.store.organisation(id).await?;
    let site = site_base(&state, &headers);
    let t = ctx.tr(&state.i18n);
    let rounds = published_rounds(&state, id).await?;
    Ok(Feed {
        title: t.a1("feed-results-title", "org", &org.name),
        author: org.name.clone(),
        self_link: format!("{site}/p/{id}/results.atom"),
        page_link: format!("{site}/p/{id}"),
        entries: rounds
            .into_iter()
            .take(50)
            .map(|r| Entry {
                link: format!("{site}/evaluations/{}/public", r.id),
                updated: store::time_text(r.closed_at.unwrap_or(r.closes_at)),
                summary_html: format!(
                    "<p>{}</p>",
                    escape(t.a1("feed-results-entry", "standard", &r.standard_name))
                ),
                title: r.title,
            })
            .collect(),
    })
}
