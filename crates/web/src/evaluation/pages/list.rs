//! The evaluation rounds an organisation runs and those that evaluate it.

use crate::evaluation::rules::may_organise;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use domain::evaluation::RoundKind;
use store::evaluation::Round;
use store::organisation::Organisation;
use time::OffsetDateTime;

/// A round in a list, with the times as the users read them.
pub struct RoundRow {
    pub round: Round,
    pub state: &'static str,
    pub opens: String,
    pub closes: String,
}

pub fn round_row(state: &AppState, round: Round) -> RoundRow {
    let offset = state.config.utc_offset;
    RoundRow {
        state: round.state(OffsetDateTime::now_utc()).as_str(),
        opens: crate::http::clock::local_time(round.opens_at, offset),
        closes: crate::http::clock::local_time(round.closes_at, offset),
        round,
    }
}

#[derive(Template)]
#[template(path = "evaluation/list.html")]
struct ListPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    organised: Vec<RoundRow>,
    evaluating: Vec<RoundRow>,
    kinds: Vec<&'static str>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    let id = org.id;
    let organised = state.store.rounds_of(id).await?;
    let evaluating = state.store.rounds_evaluating(id).await?;
    let t = ctx.tr(&state.i18n);
    html(&ListPage {
        base: base(
            &state,
            &ctx,
            t.a1("evaluations-title", "org", &org.name),
            &format!("/organisations/{id}/evaluations"),
        )
        .await,
        t,
        kinds: [RoundKind::Members, RoundKind::Branches]
            .into_iter()
            .filter(|k| may_organise(&ctx, &org, *k))
            .map(RoundKind::as_str)
            .collect(),
        organised: organised
            .into_iter()
            .map(|r| round_row(&state, r))
            .collect(),
        evaluating: evaluating
            .into_iter()
            .map(|r| round_row(&state, r))
            .collect(),
        org,
    })
}
