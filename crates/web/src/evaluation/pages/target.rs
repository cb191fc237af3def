//! A closed round's result for one target: its figures, comments and
//! solicited opinions, and for the organisers the form that raises a
//! rectification item from it.

use super::figures::{TargetView, legend, target_view};
use crate::evaluation::manage::{self, RaiseInput};
use crate::evaluation::round::{managed, readable_results};
use crate::evaluation::rules::{may_manage, rectification_branch_id};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use store::evaluation::{Round, SolicitedOpinion};
use store::person::Person;

#[derive(Template)]
#[template(path = "evaluation/target.html")]
struct TargetPage<'a> {
    t: Tr<'a>,
    base: Base,
    round: Round,
    view: TargetView,
    legend: Vec<(String, &'static str)>,
    opinions: Vec<SolicitedOpinion>,
    owners: Vec<Person>,
    can_manage: bool,
    /// The plan's rectification threshold, when the good rate is below it:
    /// (the rate as shown, the threshold in percent).
    must_rectify: Option<(String, u32)>,
    error: Option<String>,
}

impl TargetPage<'_> {
    /// A member's item falls to the member by default.
    fn default_owner(&self, person: &i64) -> bool {
        self.view.tallied.target.person_id == Some(*person)
    }
}

/// Who may own a target's items: the people of the branch whose list they
/// join, the target branch or the member's own branch.
async fn rectification_owners(
    state: &AppState,
    round: &Round,
    tallied: &store::evaluation::Tallied,
) -> Result<Vec<Person>, AppError> {
    let branch = state
        .store
        .organisation(rectification_branch_id(round, &tallied.target))
        .await?;
    Ok(state
        .store
        .all_people(&branch.path)
        .await?
        .into_iter()
        .filter(|p| p.org_id == branch.id)
        .collect())
}

async fn target_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
    target_id: i64,
) -> Result<TargetPage<'a>, AppError> {
    let (round, org, all) = readable_results(state, ctx, id).await?;
    let tallied = all
        .targets
        .iter()
        .find(|x| x.target.id == target_id)
        .ok_or(AppError::NotFound)?;
    let can_manage = may_manage(ctx, &org, &round);
    let owners = if can_manage && tallied.result.shown() {
        rectification_owners(state, &round, tallied).await?
    } else {
        Vec::new()
    };
    // 满意率低于 N% 的须整改: the plan's threshold, held against the good rate.
    let threshold = crate::plan::rules::plan_of(&state.store, &org)
        .await
        .ok()
        .and_then(|p| p.evaluation)
        .and_then(|e| e.rectify_below);
    let must_rectify = match (threshold, &tallied.result.overall) {
        (Some(below), Some(f)) if f.good_share * 100.0 < f64::from(below) => {
            Some((f.good_percent(), below))
        }
        _ => None,
    };
    let t = ctx.tr(&state.i18n);
    Ok(TargetPage {
        must_rectify,
        base: base(
            state,
            ctx,
            tallied.target.name.clone(),
            &format!("/evaluations/{id}/targets/{target_id}"),
        )
        .await,
        view: target_view(&round, tallied, &t),
        t,
        legend: legend(&round),
        opinions: state
            .store
            .solicited_opinions(id)
            .await?
            .into_iter()
            .filter(|o| o.target_id == target_id)
            .collect(),
        owners,
        can_manage,
        round,
        error: None,
    })
}

pub async fn target(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, target_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    html(&target_page(&state, &ctx, id, target_id).await?)
}

#[derive(Deserialize)]
pub struct RaiseForm {
    #[serde(default)]
    problem: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    due_on: String,
}

/// Raises a rectification item from a target's result.
pub async fn raise(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, target_id)): Path<(i64, i64)>,
    Form(f): Form<RaiseForm>,
) -> Result<Response, AppError> {
    let (round, _) = managed(&state, &ctx, id).await?;
    let raise = RaiseInput {
        target_id,
        problem: &f.problem,
        owner: f.owner.parse().ok(),
        due_on: &f.due_on,
    };
    match manage::raise(&state, &ctx, &round, raise).await {
        Ok((_, branch)) => Ok(Redirect::to(&format!(
            "/organisations/{branch}/reviews#rectifications"
        ))
        .into_response()),
        Err(AppError::Refused(r)) => {
            let mut page = target_page(&state, &ctx, id, target_id).await?;
            page.error = Some(page.t.refusal(&r));
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}
