//! The front door: a visitor sees the public portals, a signed-in person their
//! organisations, what waits for them (counted, with links) and their newest
//! messages.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use crate::organisation::todo::{TodoLine, todo};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use domain::organisation::OrgKind;
use store::account::Grant;
use store::inbox::InboxItem;
use store::organisation::Organisation;

#[derive(Template)]
#[template(path = "organisation/home.html")]
struct HomePage<'a> {
    t: Tr<'a>,
    base: Base,
    grants: Vec<Grant>,
    portals: Vec<Organisation>,
    /// What waits for the signed-in person, counted, each with its link.
    todo: Vec<TodoLine>,
    /// Their newest unread messages.
    unread: Vec<InboxItem>,
}

pub async fn home(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.tr(&state.i18n);
    // The roots and the organisations right under them: each portal lists
    // its own subordinates, so a province's 50,000 branches are reached by
    // links without all standing on the front page.
    let mut portals = Vec::new();
    for root in state.store.root_organisations().await? {
        let children = state.store.children(root.id).await?;
        portals.push(root);
        portals.extend(
            children
                .into_iter()
                .filter(|o| o.kind != OrgKind::PartyGroup),
        );
    }
    let grants = ctx
        .account
        .as_ref()
        .map(|a| a.grants.clone())
        .unwrap_or_default();
    let unread = match &ctx.account {
        Some(a) => state
            .store
            .inbox(a.person_id, 50)
            .await?
            .into_iter()
            .filter(|i| i.read_at.is_none())
            .take(5)
            .collect(),
        None => Vec::new(),
    };
    let todo = todo(&state, &ctx).await?;
    html(&HomePage {
        base: base(&state, &ctx, t.t("home-title"), "/").await,
        t,
        grants,
        portals,
        todo,
        unread,
    })
}
