//! The branch's view of the study programme: the compliance table (person ×
//! quota, laggards highlighted, one action reminds them), its workbook, and a
//! campaign office's summary of every organisation below it.

use crate::http::context::Ctx;
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::extract::ManageOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use crate::study::rules::overseen;
use crate::study::sheet;
use crate::study::standing::{
    BranchCompliance, CitySummary, Grouping, OrgLine, PersonRow, branch_compliance, city_summary,
    remind_laggards,
};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Action;
use serde::Deserialize;
use store::Page;
use store::organisation::Organisation;

/// Rows of the compliance table, and organisations of the summary, to a page.
const PER_PAGE: i64 = 100;

#[derive(Template)]
#[template(path = "study/branch.html")]
struct BranchPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    c: BranchCompliance,
    /// The rows shown: this page of everyone, or of the laggards only.
    rows: Page<PersonRow>,
    laggards: usize,
    only_lagging: bool,
    can_remind: bool,
    reminded: Option<usize>,
}

#[derive(Deserialize)]
pub struct TableQuery {
    reminded: Option<usize>,
    page: Option<i64>,
    /// Shows the laggards only.
    #[serde(default)]
    lagging: bool,
}

pub async fn table(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<TableQuery>,
) -> Result<Response, AppError> {
    let org = overseen(&state, &ctx, id).await?;
    let mut c = branch_compliance(&state, &org).await?;
    let laggards = c.rows.iter().filter(|r| r.lagging()).count();
    let mut rows = std::mem::take(&mut c.rows);
    if q.lagging {
        rows.retain(PersonRow::lagging);
    }
    let t = ctx.tr(&state.i18n);
    html(&BranchPage {
        base: base(
            &state,
            &ctx,
            t.a1("study-branch-title", "org", &org.name),
            &format!("/organisations/{id}/study"),
        )
        .await,
        t,
        rows: Page::cut(rows, q.page.unwrap_or(1), PER_PAGE),
        laggards,
        only_lagging: q.lagging,
        can_remind: ctx.can(&org.path, Action::ManagePeople),
        reminded: q.reminded,
        org,
        c,
    })
}

pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = overseen(&state, &ctx, id).await?;
    let c = branch_compliance(&state, &org).await?;
    let t = ctx.tr(&state.i18n);
    let bytes = sheet::compliance(&t, &c)?;
    Ok(xlsx_download(
        &format!("{}-{}.xlsx", t.t("study-compliance"), org.name),
        bytes,
    ))
}

/// Sends each laggard one reminder through the notifications core.
pub async fn remind(
    State(state): State<AppState>,
    ctx: Ctx,
    ManageOrg(org): ManageOrg,
) -> Result<Response, AppError> {
    let id = org.id;
    let sent = remind_laggards(&state, &ctx, &org).await?;
    Ok(Redirect::to(&format!("/organisations/{id}/study?reminded={sent}")).into_response())
}

#[derive(Template)]
#[template(path = "study/summary.html")]
struct SummaryPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    s: CitySummary,
    /// The organisations shown, weakest first.
    lines: Page<OrgLine>,
    by: Grouping,
}

impl SummaryPage<'_> {
    fn by_subordinate(&self) -> bool {
        self.by == Grouping::Subordinate
    }

    /// Where a line leads: a subordinate with organisations below it opens into
    /// its own summary, any other line into its people's table.
    fn line_link(&self, line: &OrgLine) -> String {
        if self.by_subordinate() && line.breaks_down {
            format!(
                "/organisations/{}/study/summary?by=subordinate",
                line.org_id
            )
        } else {
            format!("/organisations/{}/study", line.org_id)
        }
    }
}

#[derive(Deserialize)]
pub struct SummaryQuery {
    page: Option<i64>,
    #[serde(default)]
    by: Grouping,
}

pub async fn summary(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<SummaryQuery>,
) -> Result<Response, AppError> {
    let org = overseen(&state, &ctx, id).await?;
    let mut s = city_summary(&state, &org, q.by).await?;
    let lines = Page::cut(std::mem::take(&mut s.lines), q.page.unwrap_or(1), PER_PAGE);
    let t = ctx.tr(&state.i18n);
    html(&SummaryPage {
        base: base(
            &state,
            &ctx,
            t.a1("study-summary-title", "org", &org.name),
            // The language switch comes back to the same grouping.
            &match q.by {
                Grouping::Organisation => format!("/organisations/{id}/study/summary"),
                Grouping::Subordinate => {
                    format!("/organisations/{id}/study/summary?by=subordinate")
                }
            },
        )
        .await,
        t,
        org,
        s,
        lines,
        by: q.by,
    })
}

pub async fn export_summary(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<SummaryQuery>,
) -> Result<Response, AppError> {
    let org = overseen(&state, &ctx, id).await?;
    let s = city_summary(&state, &org, q.by).await?;
    let t = ctx.tr(&state.i18n);
    let bytes = sheet::summary(&t, &s)?;
    Ok(xlsx_download(
        &format!("{}-{}.xlsx", t.t("study-summary"), org.name),
        bytes,
    ))
}
