//! Honours: one honour with the cases that tell of it and its certificate
//! (public, as the honour roll is); and the honour roll of a subtree as xlsx.

use crate::commendation::sheet::honours_xlsx;
use crate::http::context::Ctx;
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use store::commendation::Honour;
use store::organisation::Organisation;

#[derive(Template)]
#[template(path = "commendation/honour.html")]
struct HonourPage<'a> {
    t: Tr<'a>,
    base: Base,
    h: Honour,
    conferrer: Organisation,
    /// (case id, title) of the published cases that tell of it.
    cases: Vec<(i64, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let h = state.store.honour(id).await?;
    let conferrer = state.store.organisation(h.org_id).await?;
    let cases = state
        .store
        .cases_of_honours(&[id])
        .await?
        .into_iter()
        .map(|(_, c, title)| (c, title))
        .collect();
    let t = ctx.tr(&state.i18n);
    html(&HonourPage {
        base: base(
            &state,
            &ctx,
            format!("{} · {}", h.name, h.title),
            &format!("/honours/{id}"),
        )
        .await,
        t,
        h,
        conferrer,
        cases,
    })
}

/// The honour roll of the organisation's subtree, as xlsx.
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    let honours = state.store.honour_roll(&org.path).await?;
    let t = ctx.tr(&state.i18n);
    let title = t.a1("honours-roll-title", "org", &org.name);
    let bytes = honours_xlsx(&t, &title, &honours)?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}
