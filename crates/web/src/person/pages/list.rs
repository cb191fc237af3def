//! The roster of an organisation's subtree: a page at a time, the whole of it as
//! xlsx, and the empty template to fill in.

use crate::http::context::Ctx;
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use crate::person::rules::sees_personal;
use crate::person::sheet::roster_xlsx;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::access::Action;
use serde::Deserialize;
use store::Page;
use store::organisation::Organisation;
use store::person::Person;

const PER_PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "person/list.html")]
struct PeoplePage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    page: Page<Person>,
    can_manage: bool,
    /// What an import just did: added, updated, unchanged.
    imported: Option<(i64, i64, i64)>,
    ctx: Ctx,
}

impl PeoplePage<'_> {
    fn personal(&self, p: &Person) -> bool {
        sees_personal(&self.ctx, &self.org, p.id)
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    page: Option<i64>,
    imported: Option<i64>,
    #[serde(default)]
    updated: i64,
    #[serde(default)]
    unchanged: i64,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    let page = state
        .store
        .people(&org.path, q.page.unwrap_or(1), PER_PAGE)
        .await?;
    let t = ctx.tr(&state.i18n);
    html(&PeoplePage {
        base: base(
            &state,
            &ctx,
            t.a1("people-title", "org", &org.name),
            &format!("/organisations/{id}/people"),
        )
        .await,
        t,
        can_manage: ctx.can(&org.path, Action::ManagePeople),
        org,
        page,
        imported: q.imported.map(|n| (n, q.updated, q.unchanged)),
        ctx,
    })
}

pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    // The roster holds everyone's personal fields: the leadership's only.
    ctx.require(&org.path, Action::ManagePeople)?;
    let people = state.store.all_people(&org.path).await?;
    let title = ctx
        .tr(&state.i18n)
        .a1("roster-file-title", "org", &org.name);
    let bytes = roster_xlsx(&title, &people)?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}

pub async fn template(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let title = ctx.tr(&state.i18n).t("roster-template-title");
    let bytes = roster_xlsx(&title, &[])?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}
