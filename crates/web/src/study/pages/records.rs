//! The branch's meeting records (会议记录), as a workbook and on A4, for an
//! inspection.

use crate::http::context::Ctx;
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use crate::study::meeting::when;
use crate::study::rules::overseen;
use crate::study::sheet;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use store::organisation::Organisation;
use store::study::meeting::{Attendee, Meeting};

/// The organisation's meetings, oldest first, to those who oversee it.
async fn records_of(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Organisation, Vec<(Meeting, String)>), AppError> {
    let org = overseen(state, ctx, id).await?;
    let meetings = state
        .store
        .meetings(org.id)
        .await?
        .into_iter()
        .rev()
        .map(|m| {
            let w = when(state, &m);
            (m, w)
        })
        .collect();
    Ok((org, meetings))
}

pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (org, meetings) = records_of(&state, &ctx, id).await?;
    let t = ctx.tr(&state.i18n);
    let bytes = sheet::meetings(&t, &meetings, state.config.utc_offset)?;
    Ok(xlsx_download(
        &format!("{}-{}.xlsx", t.t("meeting-records"), org.name),
        bytes,
    ))
}

#[derive(Template)]
#[template(path = "study/meetings_print.html")]
struct PrintPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    meetings: Vec<(Meeting, String, Vec<Attendee>)>,
}

/// 会议记录 on A4: one block per meeting, oldest first, with who attended.
pub async fn print(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (org, meetings) = records_of(&state, &ctx, id).await?;
    let mut full = Vec::new();
    for (m, w) in meetings {
        let a = state.store.attendees(m.id).await?;
        full.push((m, w, a));
    }
    let t = ctx.tr(&state.i18n);
    html(&PrintPage {
        base: base(
            &state,
            &ctx,
            t.a1("meetings-title", "org", &org.name),
            &format!("/organisations/{id}/meetings/print"),
        )
        .await,
        t,
        org,
        meetings: full,
    })
}
