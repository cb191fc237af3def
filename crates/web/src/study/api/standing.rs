//! An organisation's study over JSON, for its leadership and those above: the
//! compliance table, reminding the laggards, and the summary below it.

use super::view::{
    ComplianceTableView, ComplianceView, OrgLineView, PersonRowView, QuotaView, RemindedView,
    SummaryView,
};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ManageOrg;
use crate::http::paging::PageQuery;
use crate::http::state::AppState;
use crate::study::rules::overseen;
use crate::study::standing::{Grouping, branch_compliance, city_summary, remind_laggards};
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use store::Page;
use utoipa::IntoParams;

/// People of a compliance table, or organisations of a summary, to a page
/// unless the caller asks for another size (500 at most).
const PER_PAGE: i64 = 500;

/// Everyone in the organisation × each quota, a page of people at a time:
/// share of ended periods met, the running period, and every laggard's id.
/// For the branch leadership and those above.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/study", tag = "study",
    params(("id" = i64, Path), PageQuery),
    responses((status = 200, body = ComplianceView), (status = 403)))]
pub async fn study_compliance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Json<ComplianceView>, AppError> {
    let org = overseen(&state, &ctx, id).await?;
    let c = branch_compliance(&state, &org).await?;
    let lagging: Vec<i64> = c
        .rows
        .iter()
        .filter(|r| r.lagging())
        .map(|r| r.person_id)
        .collect();
    let (page, per_page) = q.get(PER_PAGE);
    let rows = Page::cut(c.rows, page, per_page);
    Ok(Json(ComplianceView {
        table: ComplianceTableView {
            today: c.today.to_string(),
            quotas: c.quotas.iter().map(QuotaView::from).collect(),
            rows: rows.items.iter().map(PersonRowView::from).collect(),
        },
        lagging,
        count: rows.total,
        page: rows.page,
        per_page: rows.per_page,
    }))
}

/// Sends each laggard a reminder through the inbox.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/study/reminders", tag = "study",
    params(("id" = i64, Path)), responses((status = 200, body = RemindedView), (status = 403)))]
pub async fn remind(
    State(state): State<AppState>,
    ctx: Ctx,
    ManageOrg(org): ManageOrg,
) -> Result<Json<RemindedView>, AppError> {
    let reminded = remind_laggards(&state, &ctx, &org).await?;
    Ok(Json(RemindedView { reminded }))
}

#[derive(Deserialize, IntoParams)]
pub struct SummaryQuery {
    /// `organisation` (a line per organisation, the default) or `subordinate`
    /// (a line per direct subordinate, its subtree summed).
    #[serde(default)]
    #[param(value_type = Option<String>)]
    by: Grouping,
}

/// Compliance summed per organisation below this one, or per direct
/// subordinate, weakest first, a page of lines at a time, with the total over
/// all of them.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/study/summary", tag = "study",
    params(("id" = i64, Path), PageQuery, SummaryQuery),
    responses((status = 200, body = SummaryView), (status = 403)))]
pub async fn study_summary(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
    Query(by): Query<SummaryQuery>,
) -> Result<Json<SummaryView>, AppError> {
    let org = overseen(&state, &ctx, id).await?;
    let s = city_summary(&state, &org, by.by).await?;
    let (page, per_page) = q.get(PER_PAGE);
    let lines = Page::cut(s.lines, page, per_page);
    Ok(Json(SummaryView {
        today: s.today.to_string(),
        quotas: s.quotas.iter().map(QuotaView::from).collect(),
        lines: lines.items.iter().map(OrgLineView::from).collect(),
        total: OrgLineView::from(&s.total),
        count: lines.total,
        page: lines.page,
        per_page: lines.per_page,
    }))
}
