//! The front door: a visitor sees the public portals, a signed-in person their
//! organisations and what waits for them.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
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
    /// What waits for the signed-in person: their unread inbox, newest first.
    todo: Vec<InboxItem>,
    /// The signed-in person's open tasks, and how many of them are overdue.
    tasks: (usize, usize),
}

pub async fn home(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.tr(&state.i18n);
    let mut portals = Vec::new();
    for root in state.store.root_organisations().await? {
        portals.extend(
            state
                .store
                .subtree(&root.path)
                .await?
                .into_iter()
                .filter(|o| o.kind != OrgKind::PartyGroup),
        );
    }
    let grants = ctx
        .account
        .as_ref()
        .map(|a| a.grants.clone())
        .unwrap_or_default();
    let todo = match &ctx.account {
        Some(a) => state
            .store
            .inbox(a.person_id, 50)
            .await?
            .into_iter()
            .filter(|i| i.read_at.is_none())
            .take(10)
            .collect(),
        None => Vec::new(),
    };
    let tasks = match &ctx.account {
        Some(a) => {
            let today = crate::http::clock::today(state.config.utc_offset);
            let open: Vec<_> = state
                .store
                .tasks_of_person(a.person_id)
                .await?
                .into_iter()
                .filter(|k| k.status.is_open())
                .collect();
            let late = open.iter().filter(|k| k.due_on < today).count();
            (open.len(), late)
        }
        None => (0, 0),
    };
    html(&HomePage {
        base: base(&state, &ctx, t.t("home-title"), "/").await,
        t,
        grants,
        portals,
        todo,
        tasks,
    })
}
