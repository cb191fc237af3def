//! The result notice (结果通报) on A4 and the results workbook, for the
//! organisers and the leaders above.

use super::figures::period;
use crate::evaluation::round::readable_results;
use crate::evaluation::sheet::results_xlsx;
use crate::http::context::Ctx;
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::html;
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use std::sync::Arc;
use store::evaluation::{Participation, Round, RoundResults};
use store::organisation::Organisation;

#[derive(Template)]
#[template(path = "evaluation/notice.html")]
struct NoticePage<'a> {
    t: Tr<'a>,
    lang: &'static str,
    org: Organisation,
    round: Round,
    period: String,
    participation: Participation,
    results: Arc<RoundResults>,
    today: String,
}

/// The result notice (结果通报) on A4, for the organisers and leaders.
pub async fn notice(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (round, org, results) = readable_results(&state, &ctx, id).await?;
    html(&NoticePage {
        t: ctx.tr(&state.i18n),
        lang: ctx.locale.code(),
        period: period(&state, &round),
        participation: state.store.participation(id).await?,
        today: crate::http::clock::today(state.config.utc_offset).to_string(),
        results,
        org,
        round,
    })
}

/// Results and participation as a workbook: one sheet each.
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (round, _, results) = readable_results(&state, &ctx, id).await?;
    let batches = state.store.batches(id).await?;
    let t = ctx.tr(&state.i18n);
    let bytes = results_xlsx(&t, &round, &results, &batches)?;
    Ok(xlsx_download(&format!("{}.xlsx", round.title), bytes))
}
