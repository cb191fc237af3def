//! The supervision dashboard: one line per branch of the subtree, each
//! figure a percentage with a bar coloured by threshold, sortable, each
//! branch opening its own; the subtree's averages as a chart; the workbook;
//! A4 print.

use crate::http::chart::{percent_bars, threshold_colour};
use crate::http::context::Ctx;
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use crate::http::workbook::{Sheet, Value, workbook};
use crate::supervision::dashboard::{Dashboard, FAIR, GOOD, INDICATORS, Line, dashboard, sort};
use crate::supervision::rules::supervised;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use store::organisation::Organisation;

/// Lines a page shows.
const PER_PAGE: usize = 200;

#[derive(Deserialize, Default)]
pub struct BoardQuery {
    #[serde(default)]
    sort: String,
    #[serde(default)]
    desc: String,
    page: Option<usize>,
}

#[derive(Template)]
#[template(path = "supervision/dashboard.html")]
struct DashboardPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    board: Dashboard,
    lines: Vec<Line>,
    indicators: [&'static str; 9],
    chart: String,
    sort: String,
    desc: bool,
    page: usize,
    pages: usize,
}

impl DashboardPage<'_> {
    fn colour(&self, v: &f64) -> &'static str {
        threshold_colour(*v, GOOD, FAIR)
    }

    /// The link that sorts by `key`: the other way round when it already does.
    fn sort_link(&self, key: &str) -> String {
        let desc = self.sort == key && !self.desc;
        format!(
            "/organisations/{}/supervision?sort={key}{}",
            self.org.id,
            if desc { "&desc=1" } else { "" }
        )
    }
}

/// The average of each indicator over the lines that have it.
fn averages(lines: &[Line]) -> Vec<Option<f64>> {
    (0..INDICATORS.len())
        .map(|i| {
            let v: Vec<f64> = lines.iter().filter_map(|l| l.figures[i]).collect();
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        })
        .collect()
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Query(q): Query<BoardQuery>,
) -> Result<Response, AppError> {
    let org = supervised(&ctx, org)?;
    let mut board = dashboard(&state, &org).await?;
    let desc = q.desc == "1";
    sort(&mut board.lines, &q.sort, desc);
    let t = ctx.tr(&state.i18n);
    let avg = averages(&board.lines);
    let rows: Vec<(String, f64)> = INDICATORS
        .iter()
        .zip(&avg)
        .filter_map(|(k, v)| v.map(|v| (t.t(&format!("indicator-{k}")), v)))
        .collect();
    let chart = percent_bars(&t.t("dashboard-averages"), &rows, GOOD, FAIR);
    let pages = board.lines.len().div_ceil(PER_PAGE).max(1);
    let page = q.page.unwrap_or(1).clamp(1, pages);
    let lines = board
        .lines
        .iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .cloned()
        .collect();
    html(&DashboardPage {
        base: base(
            &state,
            &ctx,
            t.a1("dashboard-title", "org", &org.name),
            &format!("/organisations/{}/supervision", org.id),
        )
        .await,
        t,
        lines,
        indicators: INDICATORS,
        chart,
        sort: q.sort,
        desc,
        page,
        pages,
        board,
        org,
    })
}

pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    let org = supervised(&ctx, org)?;
    let mut board = dashboard(&state, &org).await?;
    sort(&mut board.lines, "", false);
    let t = ctx.tr(&state.i18n);
    let mut headers = vec![t.t("dashboard-branch"), t.t("dashboard-members")];
    headers.extend(INDICATORS.iter().map(|k| t.t(&format!("indicator-{k}"))));
    headers.extend([
        t.t("dashboard-tasks-overdue"),
        t.t("dashboard-rectifications-open"),
        t.t("dashboard-rectifications-overdue"),
    ]);
    let rows = board
        .lines
        .iter()
        .map(|l| {
            let mut row = vec![
                Value::Text(l.org_name.clone()),
                Value::count(l.members as f64),
            ];
            row.extend(
                l.figures
                    .iter()
                    .map(|f| f.map_or(Value::Empty, |v| Value::Share(v.floor() / 100.0))),
            );
            row.extend([
                Value::count(l.tasks_overdue as f64),
                Value::count(l.rectifications_open as f64),
                Value::count(l.rectifications_overdue as f64),
            ]);
            row
        })
        .collect();
    let title = t.a1("dashboard-title", "org", &org.name);
    let bytes = workbook(&[Sheet {
        name: board.phase_name.chars().take(31).collect(),
        headers,
        rows,
    }])?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}
