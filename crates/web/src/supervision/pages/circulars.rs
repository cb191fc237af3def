//! Progress circulars: an organisation's, with the office's form that drafts
//! one for a recent period; one circular as an official paper (A4), with the
//! office's edit and publish forms; its figures as a workbook.

use crate::http::context::{Ctx, flash};
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::http::workbook::{Sheet, Value, workbook};
use crate::supervision::circular::{self, draft_for, may_read, period_kind, previous};
use crate::supervision::rules::{is_office, supervised};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::study::Span;
use serde::Deserialize;
use store::organisation::Organisation;
use store::supervision::{Circular, CircularStatus};

#[derive(Template)]
#[template(path = "supervision/circulars.html")]
struct CircularsPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    circulars: Vec<Circular>,
    can_draft: bool,
    /// Recent periods without a circular, the latest first.
    periods: Vec<Span>,
    error: Option<String>,
}

async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    org: Organisation,
) -> Result<CircularsPage<'a>, AppError> {
    let org = supervised(ctx, org)?;
    let circulars = state.store.circulars(org.id).await?;
    let kind = period_kind(state, &org).await?;
    let today = crate::http::clock::today(state.config.utc_offset);
    // The running period and the five before it.
    let mut periods = vec![domain::study::period_of(kind, today)];
    for _ in 0..5 {
        let last = periods[periods.len() - 1];
        periods.push(previous(kind, last.first));
    }
    periods.retain(|p| !circulars.iter().any(|c| c.period_first == p.first));
    let t = ctx.tr(&state.i18n);
    Ok(CircularsPage {
        base: base(
            state,
            ctx,
            t.a1("circulars-title", "org", &org.name),
            &format!("/organisations/{}/circulars", org.id),
        )
        .await,
        t,
        can_draft: is_office(ctx, &org),
        circulars,
        periods,
        error: None,
        org,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    html(&page(&state, &ctx, org).await?)
}

#[derive(Deserialize)]
pub struct DraftForm {
    #[serde(default)]
    period: String,
}

pub async fn draft(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Form(f): Form<DraftForm>,
) -> Result<Response, AppError> {
    let result = draft_for(&state, &ctx, &org, &f.period).await;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/circulars/{id}")).into_response()),
        Err(AppError::Refused(r)) => {
            let mut page = page(&state, &ctx, org).await?;
            page.error = Some(page.t.refusal(&r));
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "supervision/circular.html")]
struct CircularPage<'a> {
    t: Tr<'a>,
    base: Base,
    c: Circular,
    can_edit: bool,
    error: Option<(String, String)>,
}

async fn circular_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<CircularPage<'a>, AppError> {
    let c = state.store.circular(id).await?;
    let org = state.store.organisation(c.org_id).await?;
    if !may_read(ctx, &org, &c) {
        return Err(ctx.refused());
    }
    let t = ctx.tr(&state.i18n);
    Ok(CircularPage {
        base: base(state, ctx, c.title.clone(), &format!("/circulars/{id}")).await,
        t,
        can_edit: c.status == CircularStatus::Draft && is_office(ctx, &org),
        c,
        error: None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&circular_page(&state, &ctx, id).await?)
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<EditForm>,
) -> Result<Response, AppError> {
    let c = state.store.circular(id).await?;
    match circular::edit(&state, &ctx, &c, &f.title, &f.body).await {
        Ok(()) => Ok(flash(
            &format!("/circulars/{id}"),
            "flash-circular-saved",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) if r.field.is_some() => {
            let mut page = circular_page(&state, &ctx, id).await?;
            page.c.title = f.title;
            page.c.body = f.body;
            let m = page.t.refusal(&r);
            page.error = r.field.clone().map(|field| (field, m));
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

pub async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let c = state.store.circular(id).await?;
    circular::publish(&state, &ctx, &c).await?;
    Ok(flash(
        &format!("/circulars/{id}"),
        "flash-circular-published",
        state.config.secure_cookies,
    ))
}

pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let page = circular_page(&state, &ctx, id).await?;
    let (t, c) = (&page.t, &page.c);
    let share = |p: Option<f64>| p.map_or(Value::Empty, |v| Value::Share(v.floor() / 100.0));
    let figures = |list: &[store::supervision::Figure]| {
        list.iter()
            .map(|f| vec![Value::Text(f.name.clone()), share(f.percent)])
            .collect::<Vec<_>>()
    };
    let head = |a: &str, b: &str| vec![t.t(a), t.t(b)];
    let mut ranked = figures(&c.figures.leaders);
    ranked.push(vec![]);
    ranked.extend(figures(&c.figures.laggards));
    let bytes = workbook(&[
        Sheet {
            name: t.t("circular-sheet-indicators"),
            headers: head("circular-indicator", "circular-percent"),
            rows: figures(&c.figures.indicators),
        },
        Sheet {
            name: t.t("circular-sheet-branches"),
            headers: head("dashboard-branch", "circular-percent"),
            rows: ranked,
        },
        Sheet {
            name: t.t("overdue-title-short"),
            headers: [
                "overdue-kind",
                "overdue-item",
                "dashboard-branch",
                "overdue-owner",
                "overdue-days",
            ]
            .iter()
            .map(|h| t.t(h))
            .collect(),
            rows: c
                .figures
                .overdue
                .iter()
                .map(|o| {
                    vec![
                        Value::Text(o.kind.clone()),
                        Value::Text(o.title.clone()),
                        Value::Text(o.org_name.clone()),
                        Value::Text(o.owner.clone()),
                        Value::count(o.days as f64),
                    ]
                })
                .collect(),
        },
    ])?;
    Ok(xlsx_download(&format!("{}.xlsx", c.title), bytes))
}
