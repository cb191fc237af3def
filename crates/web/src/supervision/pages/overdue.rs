//! The overdue list of a subtree: every item with its kind, branch, owner,
//! due day and days overdue, linked to where it is dealt with; its workbook.

use crate::http::context::Ctx;
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use crate::http::workbook::{Sheet, Value, workbook};
use crate::supervision::dashboard::dashboard;
use crate::supervision::overdue::overdue;
use crate::supervision::rules::supervised;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use store::organisation::Organisation;
use store::supervision::OverdueItem;

#[derive(Template)]
#[template(path = "supervision/overdue.html")]
struct OverduePage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    items: Vec<OverdueItem>,
}

async fn items(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
) -> Result<Vec<OverdueItem>, AppError> {
    let board = dashboard(state, org).await?;
    let t = ctx.tr(&state.i18n);
    overdue(state, org, &board, &t.t("overdue-review-missing")).await
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    let org = supervised(&ctx, org)?;
    let items = items(&state, &ctx, &org).await?;
    let t = ctx.tr(&state.i18n);
    html(&OverduePage {
        base: base(
            &state,
            &ctx,
            t.a1("overdue-title", "org", &org.name),
            &format!("/organisations/{}/overdue", org.id),
        )
        .await,
        t,
        items,
        org,
    })
}

pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    let org = supervised(&ctx, org)?;
    let items = items(&state, &ctx, &org).await?;
    let t = ctx.tr(&state.i18n);
    let title = t.a1("overdue-title", "org", &org.name);
    let headers = [
        "overdue-kind",
        "overdue-item",
        "dashboard-branch",
        "overdue-owner",
        "overdue-due",
        "overdue-days",
    ];
    let rows = items
        .iter()
        .map(|i| {
            vec![
                Value::Text(t.e("overdue-kind", &i.kind)),
                Value::Text(i.title.clone()),
                Value::Text(i.org_name.clone()),
                Value::Text(i.owner.clone()),
                Value::Date(i.due_on),
                Value::count(i.days as f64),
            ]
        })
        .collect();
    let bytes = workbook(&[Sheet {
        name: t.t("overdue-title-short"),
        headers: headers.iter().map(|h| t.t(h)).collect(),
        rows,
    }])?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}
