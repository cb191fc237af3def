//! The public page of a round: before the close its dates only; after, the
//! totals, what the organisers published and the receipt board, where any
//! evaluator can check their ballot was counted and that receipts match the
//! codes used.

use super::figures::{TargetView, legend, period, target_view};
use crate::evaluation::round::{current_round, is_closed, results};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::evaluation::code::normalise_receipt;
use serde::Deserialize;
use store::evaluation::{Participation, Round};
use store::organisation::Organisation;

/// Receipts on one page of the board.
const RECEIPTS_PER_PAGE: i64 = 500;

#[derive(Template)]
#[template(path = "evaluation/public.html")]
struct PublicPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    round: Round,
    closed: bool,
    period: String,
    participation: Participation,
    ballots: i64,
    views: Vec<TargetView>,
    legend: Vec<(String, &'static str)>,
    receipts: Vec<String>,
    next_after: Option<String>,
    check: Option<(String, bool)>,
    check_error: bool,
}

#[derive(Deserialize)]
pub struct PublicQuery {
    /// The receipt board from after this receipt.
    after: Option<String>,
    /// A receipt to check.
    receipt: Option<String>,
}

/// The public page of a round: before the close its dates only; after, the
/// totals, the published results and the receipt board.
pub async fn public(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<PublicQuery>,
) -> Result<Response, AppError> {
    let round = current_round(&state, id).await?;
    let org = state.store.organisation(round.org_id).await?;
    let closed = is_closed(&round);
    let t = ctx.tr(&state.i18n);
    let mut page = PublicPage {
        base: base(
            &state,
            &ctx,
            round.title.clone(),
            &format!("/evaluations/{id}/public"),
        )
        .await,
        period: period(&state, &round),
        closed,
        participation: Participation::default(),
        ballots: 0,
        views: Vec::new(),
        legend: legend(&round),
        receipts: Vec::new(),
        next_after: None,
        check: None,
        check_error: false,
        t,
        org,
        round,
    };
    if closed {
        page.participation = state.store.participation(id).await?;
        let all = results(&state, &page.round).await?;
        page.ballots = all.ballots;
        if page.round.publication.published {
            page.views = all
                .targets
                .iter()
                .map(|x| target_view(&page.round, x, &page.t))
                .collect();
        }
        let after = q.after.unwrap_or_default();
        page.receipts = state
            .store
            .receipts(id, &after, RECEIPTS_PER_PAGE + 1)
            .await?;
        if page.receipts.len() as i64 > RECEIPTS_PER_PAGE {
            page.receipts.truncate(RECEIPTS_PER_PAGE as usize);
            page.next_after = page.receipts.last().cloned();
        }
        if let Some(typed) = q.receipt.filter(|r| !r.trim().is_empty()) {
            match normalise_receipt(&typed) {
                Some(code) => {
                    let found = state.store.receipt_counted(id, &code).await?;
                    page.check = Some((code, found));
                }
                None => page.check_error = true,
            }
        }
    }
    html(&page)
}
