//! The dashboard and the overdue list over JSON.

use super::view::{DashboardView, OverdueView};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::state::AppState;
use crate::supervision::dashboard::{dashboard, sort};
use crate::supervision::overdue::overdue;
use crate::supervision::rules::supervised;
use axum::Json;
use axum::extract::State;

/// The running phase's line per branch of the subtree, the weakest first.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/supervision", tag = "supervision",
    params(("id" = i64, Path)), responses((status = 200, body = DashboardView), (status = 403)))]
pub async fn show_dashboard(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Json<DashboardView>, AppError> {
    let org = supervised(&ctx, org)?;
    let mut board = dashboard(&state, &org).await?;
    sort(&mut board.lines, "", false);
    Ok(Json(DashboardView::new(&board)))
}

/// Every overdue item of the subtree, the longest overdue first.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/overdue", tag = "supervision",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<OverdueView>), (status = 403)))]
pub async fn list_overdue(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Json<Vec<OverdueView>>, AppError> {
    let org = supervised(&ctx, org)?;
    let board = dashboard(&state, &org).await?;
    let t = ctx.tr(&state.i18n);
    let items = overdue(&state, &org, &board, &t.t("overdue-review-missing")).await?;
    Ok(Json(items.iter().map(OverdueView::from).collect()))
}
