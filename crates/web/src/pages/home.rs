//! The front door: a visitor sees the public portals, a signed-in person their
//! organisations; and each organisation's public portal home.

use super::{Base, base, html};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::evaluation::RoundState;
use domain::organisation::OrgKind;
use domain::plan::Plan;
use store::account::Grant;
use store::evaluation::Round;
use store::notification::InboxItem;
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
    html(&HomePage {
        base: base(&state, &ctx, t.t("home-title"), "/").await,
        t,
        grants,
        portals,
        todo,
    })
}

#[derive(Template)]
#[template(path = "organisation/portal.html")]
struct PortalPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    plan: Option<Plan>,
    /// Closed evaluation rounds, run by or evaluating the organisation, whose
    /// results the organisers published.
    rounds: Vec<Round>,
}

/// The public portal of an organisation: readable without an account.
pub async fn portal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    let plan = state.store.current_plan(&org).await?.map(|v| v.plan);
    let now = time::OffsetDateTime::now_utc();
    let mut rounds = state.store.rounds_of(id).await?;
    rounds.extend(state.store.rounds_evaluating(id).await?);
    rounds.retain(|r| r.publication.published && r.state(now) == RoundState::Closed);
    rounds.sort_by_key(|r| std::cmp::Reverse(r.id));
    rounds.dedup_by_key(|r| r.id);
    let t = ctx.tr(&state.i18n);
    html(&PortalPage {
        rounds,
        base: base(&state, &ctx, org.name.clone(), &format!("/p/{id}")).await,
        t,
        org,
        plan,
    })
}
