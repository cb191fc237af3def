//! One evaluation round: state and times, and for its organisers participation
//! by batch, the code forms, forums and solicited opinions, and once closed the
//! results table, what to publish and the feedback summary. Each form posts
//! (`manage`, `codes`) and comes back to this page, with its error beside it
//! when it failed.

use crate::evaluation::round::{current_round, results};
use crate::evaluation::rules::{may_manage, may_see_results};
use crate::http::context::{Ctx, flash};
use crate::http::error::{AppError, Refusal};
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::access::Action;
use domain::evaluation::RoundState;
use serde::Deserialize;
use std::sync::Arc;
use store::evaluation::{
    Batch, Forum, Participation, Round, RoundResults, SolicitedOpinion, Target,
};
use store::organisation::Organisation;
use time::OffsetDateTime;

/// Targets in the results table per page.
pub const TARGETS_PER_PAGE: usize = 100;

#[derive(Template)]
#[template(path = "evaluation/show.html")]
pub struct RoundPage<'a> {
    pub t: Tr<'a>,
    pub base: Base,
    pub org: Organisation,
    pub round: Round,
    pub state: RoundState,
    pub opens: String,
    pub closes: String,
    pub can_manage: bool,
    pub participation: Participation,
    pub batches: Vec<Batch>,
    pub targets: Vec<Target>,
    pub forums: Vec<Forum>,
    pub opinions: Vec<SolicitedOpinion>,
    pub results: Option<Arc<RoundResults>>,
    pub page: usize,
    pub pages: usize,
    /// A form that came back: its name and what was wrong.
    pub form_error: Option<(&'static str, String)>,
    pub notice: Option<String>,
}

impl RoundPage<'_> {
    pub fn target_name(&self, id: &i64) -> &str {
        self.targets
            .iter()
            .find(|t| t.id == *id)
            .map_or("", |t| t.name.as_str())
    }

    /// The names of the targets a batch covers, or "all".
    pub fn scope_names(&self, batch: &Batch) -> String {
        if batch.scope.is_empty() {
            self.t.t("evaluation-scope-all")
        } else {
            batch
                .scope
                .iter()
                .map(|id| self.target_name(id))
                .collect::<Vec<_>>()
                .join("、")
        }
    }

    pub fn error_for(&self, form: &str) -> Option<&str> {
        self.form_error
            .as_ref()
            .filter(|(f, _)| *f == form)
            .map(|(_, e)| e.as_str())
    }

    pub fn is_open(&self) -> bool {
        self.state == RoundState::Open
    }

    pub fn is_closed(&self) -> bool {
        self.state == RoundState::Closed
    }

    /// The results rows of the current page.
    pub fn result_rows(&self) -> &[store::evaluation::Tallied] {
        self.results.as_deref().map_or(&[], |r| {
            let start = (self.page - 1) * TARGETS_PER_PAGE;
            let end = (start + TARGETS_PER_PAGE).min(r.targets.len());
            r.targets.get(start..end).unwrap_or(&[])
        })
    }
}

/// The round's page for whoever may read its organisation; the organiser's
/// forms only for its organisers, results only once closed and only to them
/// and the leaders above.
pub async fn round_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
    page: usize,
) -> Result<RoundPage<'a>, AppError> {
    let round = current_round(state, id).await?;
    let org = state.store.organisation(round.org_id).await?;
    ctx.require(&org.path, Action::Read)?;
    let now = OffsetDateTime::now_utc();
    let round_state = round.state(now);
    let shown = if round_state == RoundState::Closed && may_see_results(ctx, &org, &round) {
        Some(results(state, &round).await?)
    } else {
        None
    };
    let pages = shown
        .as_ref()
        .map_or(1, |r| r.targets.len().div_ceil(TARGETS_PER_PAGE).max(1));
    let batches = state.store.batches(id).await?;
    let t = ctx.tr(&state.i18n);
    let offset = state.config.utc_offset;
    Ok(RoundPage {
        base: base(
            state,
            ctx,
            round.title.clone(),
            &format!("/evaluations/{id}"),
        )
        .await,
        t,
        can_manage: may_manage(ctx, &org, &round),
        state: round_state,
        opens: crate::http::clock::local_time(round.opens_at, offset),
        closes: crate::http::clock::local_time(round.closes_at, offset),
        participation: Participation::total(&batches),
        batches,
        targets: state.store.round_targets(id).await?,
        forums: state.store.forums(id).await?,
        opinions: state.store.solicited_opinions(id).await?,
        results: shown,
        page: page.clamp(1, pages),
        pages,
        form_error: None,
        notice: None,
        org,
        round,
    })
}

/// The page for its organisers only; 403 (or sign in) for anyone else.
pub async fn managed_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<RoundPage<'a>, AppError> {
    let page = round_page(state, ctx, id, 1).await?;
    if !page.can_manage {
        return Err(AppError::Forbidden);
    }
    Ok(page)
}

/// The page again with a form's error beside it.
pub fn form_failed(
    mut page: RoundPage<'_>,
    form: &'static str,
    refusal: &Refusal,
) -> Result<Response, AppError> {
    page.form_error = Some((form, page.t.refusal(refusal)));
    html_status(refusal.status, &page)
}

/// What a form of the round's page did: back to the page saying so, or the
/// page again with the form's error beside it.
pub fn answer(
    state: &AppState,
    page: RoundPage<'_>,
    form: &'static str,
    done: Result<&'static str, AppError>,
) -> Result<Response, AppError> {
    match done {
        Ok(done) => Ok(back(state, page.round.id, done)),
        Err(AppError::Refused(r)) => form_failed(page, form, &r),
        Err(e) => Err(e),
    }
}

/// Back to the round, saying what was done.
pub fn back(state: &AppState, id: i64, done: &'static str) -> Response {
    flash(
        &format!("/evaluations/{id}"),
        done,
        state.config.secure_cookies,
    )
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<usize>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    html(&round_page(&state, &ctx, id, q.page.unwrap_or(1)).await?)
}
