//! The honours held within an organisation as an Atom feed, newest first,
//! each linking to its honour's page.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::feed::{Entry, Feed};
use crate::http::page::site_base;
use crate::http::state::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use quick_xml::escape::escape;

pub async fn honours(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Feed, AppError> {
    let org = state.store.organisation(id).await?;
    let site = site_base(&state, &headers);
    let t = ctx.tr(&state.i18n);
    let offset = state.config.utc_offset;
    let roll = state.store.honour_roll(&org.path).await?;
    Ok(Feed {
        title: t.a1("feed-honours-title", "org", &org.name),
        author: org.name.clone(),
        self_link: format!("{site}/p/{id}/honours.atom"),
        page_link: format!("{site}/p/{id}/honours"),
        entries: roll
            .into_iter()
            .take(50)
            .map(|h| Entry {
                link: format!("{site}/honours/{}", h.id),
                // The day of the decision, at the start of the users' day.
                updated: store::time_text(h.decided_on.0.midnight().assume_offset(offset)),
                summary_html: format!(
                    "<p>{}</p>",
                    escape(format!("{} {}", h.decision_title, h.decision_code))
                ),
                title: format!("{} · {}", h.name, h.title),
            })
            .collect(),
    })
}
