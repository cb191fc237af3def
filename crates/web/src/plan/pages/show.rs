//! The campaign plan rendered in full: every section of the document, in the
//! plan's own words, with the structure the system runs on beside it.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use store::organisation::Organisation;
use store::plan::{PlanVersion, PlanVersionInfo};

#[derive(Template)]
#[template(path = "plan/show.html")]
struct PlanPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    version: Option<PlanVersion>,
    versions: Vec<PlanVersionInfo>,
}

#[derive(Deserialize)]
pub struct VersionQuery {
    version: Option<i64>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Query(q): Query<VersionQuery>,
) -> Result<Response, AppError> {
    render(&state, &ctx, org, q.version, true).await
}

/// The plan in full for anyone, no account needed: the masses read the
/// standards they supervise commitments against. Who imported which version
/// stays inside.
pub async fn public(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    render(&state, &ctx, org, None, false).await
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    org: Organisation,
    version: Option<i64>,
    with_versions: bool,
) -> Result<Response, AppError> {
    let id = org.id;
    // A branch may run under its superior's plan: versions belong to the owner.
    let current = state.store.current_plan(&org).await?;
    let version = match (version, current) {
        (Some(n), Some(c)) => Some(state.store.plan_version(c.org_id, n).await?),
        (_, current) => current,
    };
    let versions = match &version {
        Some(v) if with_versions => state.store.plan_versions(v.org_id).await?,
        _ => Vec::new(),
    };
    let t = ctx.tr(&state.i18n);
    let title = version
        .as_ref()
        .map_or_else(|| t.t("plan-none"), |v| v.plan.header.title.clone());
    html(&PlanPage {
        base: base(state, ctx, title, &format!("/organisations/{id}/plan")).await,
        t,
        org,
        version,
        versions,
    })
}
