//! A closed round's results: a target's figures, comments and solicited
//! opinions with the form that raises a rectification item; the result notice
//! on A4; the workbook of results and participation; and the public page with
//! what the organiser published and the receipt board, where any evaluator can
//! check their ballot was counted and that receipts match used codes.

use super::{Base, base, html, html_status};
use crate::evaluation::{
    current_round, may_manage, may_see_results, rectification_branch_id, results,
};
use crate::http::chart::{LEVEL_COLOURS, distribution};
use crate::http::context::Ctx;
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::evaluation::RoundState;
use domain::evaluation::code::normalise_receipt;
use domain::evaluation::record::check_rectification;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Deserialize;
use std::sync::Arc;
use store::evaluation::{
    Participation, ResultRectification, Round, RoundResults, SolicitedOpinion, Tallied,
};
use store::organisation::Organisation;
use store::person::Person;
use time::OffsetDateTime;

/// Receipts on one page of the board.
const RECEIPTS_PER_PAGE: i64 = 500;

/// The figures of a target as charts and rows, with the scale's labels.
pub struct TargetView {
    pub tallied: Tallied,
    pub chart: String,
}

fn target_view(round: &Round, tallied: &Tallied, t: &Tr<'_>) -> TargetView {
    let rows: Vec<(String, Vec<u64>)> = round
        .criteria
        .iter()
        .zip(&tallied.result.criteria)
        .map(|(c, f)| (c.name.clone(), f.counts.clone()))
        .collect();
    TargetView {
        chart: distribution(
            &t.a1("evaluation-chart-title", "target", &tallied.target.name),
            &rows,
        ),
        tallied: tallied.clone(),
    }
}

/// The colour of each level, for the legend under a chart.
pub fn legend(round: &Round) -> Vec<(String, &'static str)> {
    round
        .scale
        .iter()
        .enumerate()
        .map(|(i, l)| (l.label.clone(), LEVEL_COLOURS[i % LEVEL_COLOURS.len()]))
        .collect()
}

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
    error: Option<String>,
}

impl TargetPage<'_> {
    /// A member's item falls to the member by default.
    fn default_owner(&self, person: &i64) -> bool {
        self.view.tallied.target.person_id == Some(*person)
    }
}

/// The branch whose rectification list a target's items join, and the people
/// who may own them: the target branch, or the member's own branch.
async fn rectification_branch(
    state: &AppState,
    round: &Round,
    tallied: &Tallied,
) -> Result<(Organisation, Vec<Person>), AppError> {
    let branch = state
        .store
        .organisation(rectification_branch_id(round, &tallied.target))
        .await?;
    let people = state
        .store
        .all_people(&branch.path)
        .await?
        .into_iter()
        .filter(|p| p.org_id == branch.id)
        .collect();
    Ok((branch, people))
}

async fn target_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
    target_id: i64,
) -> Result<TargetPage<'a>, AppError> {
    let round = current_round(state, id).await?;
    let org = state.store.organisation(round.org_id).await?;
    if !may_see_results(ctx, &org, &round) {
        return Err(if ctx.account.is_some() {
            AppError::Forbidden
        } else {
            AppError::Unauthorized
        });
    }
    let all = results(state, &round).await?;
    let tallied = all
        .targets
        .iter()
        .find(|x| x.target.id == target_id)
        .ok_or(AppError::NotFound)?;
    let can_manage = may_manage(ctx, &org, &round);
    let owners = if can_manage && tallied.result.shown() {
        rectification_branch(state, &round, tallied).await?.1
    } else {
        Vec::new()
    };
    let t = ctx.tr(&state.i18n);
    Ok(TargetPage {
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
    let mut page = target_page(&state, &ctx, id, target_id).await?;
    if !page.can_manage || !page.view.tallied.result.shown() {
        return Err(AppError::Forbidden);
    }
    let owner = f
        .owner
        .parse::<i64>()
        .ok()
        .filter(|o| page.owners.iter().any(|p| p.id == *o));
    let today = crate::http::clock::today(state.config.utc_offset);
    let checked = check_rectification(&f.problem, &f.due_on, today);
    let (Ok((problem, due_on)), Some(owner)) = (&checked, owner) else {
        let id = checked.err().unwrap_or("evaluation-error-rectification");
        page.error = Some(page.t.t(id));
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let (problem, due_on) = (problem.clone(), *due_on);
    let (branch, _) = rectification_branch(&state, &page.round, &page.view.tallied).await?;
    state
        .store
        .add_evaluation_rectification(
            &ctx.user()?.username,
            &ResultRectification {
                round_id: id,
                target_id,
                org_id: branch.id,
                problem,
                owner_person_id: owner,
                due_on,
            },
        )
        .await?;
    Ok(Redirect::to(&format!("/orgs/{}/reviews#rectifications", branch.id)).into_response())
}

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
    let bytes = workbook(&t, &round, &results, &batches)?;
    Ok(xlsx_download(&format!("{}.xlsx", round.title), bytes))
}

/// A closed round's results, with the round and its organiser, for those who
/// may see them; 403 for anyone else.
async fn readable_results(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Round, Organisation, Arc<RoundResults>), AppError> {
    let round = current_round(state, id).await?;
    let org = state.store.organisation(round.org_id).await?;
    if !may_see_results(ctx, &org, &round) {
        return Err(AppError::Forbidden);
    }
    let r = results(state, &round).await?;
    Ok((round, org, r))
}

/// When the round runs, as the users read it.
fn period(state: &AppState, round: &Round) -> String {
    let offset = state.config.utc_offset;
    format!(
        "{} – {}",
        crate::http::clock::local_time(round.opens_at, offset),
        crate::http::clock::local_time(round.closes_at, offset)
    )
}

fn workbook(
    t: &Tr<'_>,
    round: &Round,
    results: &RoundResults,
    batches: &[store::evaluation::Batch],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let decimal = Format::new().set_num_format("0.0");
    let sheet = book.add_worksheet();
    sheet.set_name(t.t("evaluation-results"))?;
    sheet.set_paper_size(9);
    sheet.write_string_with_format(0, 0, &round.title, &bold)?;
    let mut headers = vec![
        t.t("evaluation-target"),
        t.t("evaluation-criterion"),
        t.t("evaluation-ballots"),
    ];
    headers.extend(round.scale.iter().map(|l| l.label.clone()));
    headers.push(t.t("evaluation-mean"));
    headers.push(t.t("evaluation-good-share"));
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, h, &bold)?;
    }
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 16)?;
    let levels = round.scale.len() as u16;
    let mut r = 2u32;
    for x in &results.targets {
        let Some(overall) = &x.result.overall else {
            sheet.write_string(r, 0, &x.target.name)?;
            sheet.write_number(r, 2, x.result.ballots as f64)?;
            sheet.write_string(
                r,
                3,
                t.a1("evaluation-below-minimum", "n", round.min_ballots),
            )?;
            r += 1;
            continue;
        };
        let named = round
            .criteria
            .iter()
            .map(|c| c.name.clone())
            .zip(&x.result.criteria)
            .chain(std::iter::once((t.t("evaluation-overall"), overall)));
        for (name, f) in named {
            sheet.write_string(r, 0, &x.target.name)?;
            sheet.write_string(r, 1, &name)?;
            sheet.write_number(r, 2, x.result.ballots as f64)?;
            for (i, n) in f.counts.iter().enumerate() {
                sheet.write_number(r, 3 + i as u16, *n as f64)?;
            }
            sheet.write_number_with_format(r, 3 + levels, f.mean, &decimal)?;
            sheet.write_number_with_format(r, 4 + levels, f.good_share, &percent)?;
            r += 1;
        }
    }
    let sheet = book.add_worksheet();
    sheet.set_name(t.t("evaluation-participation"))?;
    sheet.set_paper_size(9);
    for (c, h) in [
        "evaluation-batch",
        "evaluation-batch-label",
        "evaluation-scope",
        "evaluation-issued",
        "evaluation-used",
        "evaluation-revoked",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(0, c as u16, t.t(h), &bold)?;
        sheet.set_column_width(c as u16, 16)?;
    }
    let total = Participation::total(batches);
    for (i, b) in batches.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, t.e("evaluation-channel", &b.channel))?;
        sheet.write_string(r, 1, &b.label)?;
        let scope = if b.scope.is_empty() {
            t.t("evaluation-scope-all")
        } else {
            results
                .targets
                .iter()
                .filter(|x| b.scope.contains(&x.target.id))
                .map(|x| x.target.name.clone())
                .collect::<Vec<_>>()
                .join("、")
        };
        sheet.write_string(r, 2, &scope)?;
        sheet.write_number(r, 3, b.counts.issued as f64)?;
        sheet.write_number(r, 4, b.counts.used as f64)?;
        sheet.write_number(r, 5, b.counts.revoked as f64)?;
    }
    let r = batches.len() as u32 + 1;
    sheet.write_string_with_format(r, 0, t.t("evaluation-total"), &bold)?;
    sheet.write_number_with_format(r, 3, total.issued as f64, &bold)?;
    sheet.write_number_with_format(r, 4, total.used as f64, &bold)?;
    sheet.write_number_with_format(r, 5, total.revoked as f64, &bold)?;
    sheet.write_string(r + 1, 0, t.t("evaluation-ballots"))?;
    sheet.write_number(r + 1, 4, results.ballots as f64)?;
    book.save_to_buffer()
}

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
    let closed = round.state(OffsetDateTime::now_utc()) == RoundState::Closed;
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
