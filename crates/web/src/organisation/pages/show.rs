//! An organisation's own page: where it sits in the tree, what lies below it, its
//! plan in brief, and what the person may do here.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use domain::access::Action;
use store::organisation::Organisation;
use store::plan::PlanVersion;

#[derive(Template)]
#[template(path = "organisation/show.html")]
struct OrganisationPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    ancestors: Vec<Organisation>,
    children: Vec<Organisation>,
    plan: Option<PlanVersion>,
    people: i64,
    /// Rectification items past their due date and not closed.
    overdue: usize,
    can_manage: bool,
    can_oversee: bool,
    can_read_assessments: bool,
    can_supervise: bool,
    /// Every overdue item of the subtree, for those who supervise it.
    overdue_all: i64,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    let id = org.id;
    let mut ancestors = Vec::new();
    for aid in org.path.ids().into_iter().filter(|a| *a != id) {
        ancestors.push(state.store.organisation(aid).await?);
    }
    let children: Vec<Organisation> = state
        .store
        .subtree(&org.path)
        .await?
        .into_iter()
        .filter(|o| o.parent_id == Some(id))
        .collect();
    let plan = state.store.current_plan(&org).await?;
    let people = state.store.people(&org.path, 1, 1).await?.total;
    let today = crate::http::clock::today(state.config.utc_offset);
    let overdue = if org.kind == domain::organisation::OrgKind::Branch {
        let (_, items) = crate::review::rules::readable(&state, &ctx, &org).await?;
        items
            .iter()
            .filter(|x| domain::review::is_overdue(x.status, x.due_on, today))
            .count()
    } else {
        0
    };
    let can_supervise = crate::supervision::rules::may_supervise(&ctx, &org);
    let overdue_all = if can_supervise {
        crate::supervision::overdue::count(&state, &org).await?
    } else {
        0
    };
    let t = ctx.tr(&state.i18n);
    html(&OrganisationPage {
        base: base(
            &state,
            &ctx,
            org.name.clone(),
            &format!("/organisations/{id}"),
        )
        .await,
        t,
        can_manage: ctx.can(&org.path, Action::ManagePeople),
        can_oversee: crate::study::rules::oversees(&ctx, &org),
        can_read_assessments: crate::assessment::rules::may_read_all(&ctx, &org)
            && !crate::assessment::rules::kinds_for(&org).is_empty(),
        can_supervise,
        overdue_all,
        org,
        ancestors,
        children,
        plan,
        people,
        overdue,
    })
}
