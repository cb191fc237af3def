//! The branch's view of the study programme: the compliance table (person ×
//! quota, laggards highlighted, one action reminds them), its workbook, and a
//! campaign office's summary of every organisation below it.

use super::study::oversees;
use super::{Base, base, html};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use crate::study::{
    BranchCompliance, CitySummary, Grouping, OrgLine, PersonRow, branch_compliance, city_summary,
};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Action;
use serde::Deserialize;
use store::organisation::Organisation;
use store::person::Page;
use store::study::Reminder;

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

/// The organisation, if the signed-in person oversees it (see `oversees`).
pub(crate) async fn overseen(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<Organisation, AppError> {
    ctx.user()?;
    let org = state.store.organisation(id).await?;
    if !oversees(ctx, &org) {
        return Err(AppError::Forbidden);
    }
    Ok(org)
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
            &format!("/orgs/{id}/study"),
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
    let bytes = crate::study_sheet::compliance(&t, &c)?;
    Ok(crate::http::download::xlsx_download(
        &format!("{}-{}.xlsx", t.t("study-compliance"), org.name),
        bytes,
    ))
}

/// Sends each laggard one reminder through the notifications core.
pub async fn remind(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    let account = ctx.require(&org.path, Action::ManagePeople)?;
    let sent = remind_laggards(&state, &ctx, &org, &account.username).await?;
    Ok(Redirect::to(&format!("/orgs/{id}/study?reminded={sent}")).into_response())
}

/// Reminds the laggards of `org`; returns how many were reminded.
pub async fn remind_laggards(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    actor: &str,
) -> Result<usize, AppError> {
    let c = branch_compliance(state, org).await?;
    let t = ctx.tr(&state.i18n);
    let accounts: std::collections::HashMap<i64, store::person::Person> = state
        .store
        .all_people(&org.path)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let people: Vec<Reminder> = c
        .rows
        .iter()
        .filter(|r| r.lagging())
        .map(|r| {
            let behind: Vec<String> = c
                .quotas
                .iter()
                .zip(&r.cells)
                .filter(|(_, cell)| cell.as_ref().is_some_and(|c| c.lagging))
                .map(|(q, _)| q.name.clone())
                .collect();
            let person = accounts.get(&r.person_id);
            Reminder {
                person_id: r.person_id,
                body: t.a1("study-remind-body", "quotas", behind.join("、")),
                // Without an account the inbox goes unread: a text message instead.
                sms_to: person
                    .filter(|p| p.username.is_none())
                    .and_then(|p| p.phone.clone()),
            }
        })
        .collect();
    state
        .store
        .remind_study(actor, org.id, &t.t("study-remind-title"), &people, "/study")
        .await?;
    Ok(people.len())
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
            format!("/orgs/{}/study/summary?by=subordinate", line.org_id)
        } else {
            format!("/orgs/{}/study", line.org_id)
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
                Grouping::Organisation => format!("/orgs/{id}/study/summary"),
                Grouping::Subordinate => format!("/orgs/{id}/study/summary?by=subordinate"),
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
    let bytes = crate::study_sheet::summary(&t, &s)?;
    Ok(crate::http::download::xlsx_download(
        &format!("{}-{}.xlsx", t.t("study-summary"), org.name),
        bytes,
    ))
}
