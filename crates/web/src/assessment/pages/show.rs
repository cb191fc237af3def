//! One assessment: the ranking with every indicator's value, the grades and the
//! adjustments; finalising it; and the same as xlsx. It prints on A4.

use crate::assessment::rules::{assessment_and_org, may_assess, may_read_all};
use crate::assessment::scoring;
use crate::assessment::sheet::scores_xlsx;
use crate::http::context::{Ctx, flash};
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::paging::PageQuery;
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use store::assessment::{Assessment, SubjectScore};
use store::organisation::Organisation;

#[derive(Template)]
#[template(path = "assessment/show.html")]
struct AssessmentPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    a: Assessment,
    /// The page of the ranking shown; the print and the workbook have it all.
    scores: Vec<SubjectScore>,
    page: i64,
    pages: i64,
    can_assess: bool,
}

/// Rows of the ranking a page: a province has 50,000 branches.
const PER_PAGE: usize = 200;

impl AssessmentPage<'_> {
    /// A value as shown in a cell: one decimal, or a dash when absent.
    fn value(&self, s: &SubjectScore, i: &usize) -> String {
        s.score
            .lines
            .get(*i)
            .and_then(|l| l.value)
            .map_or_else(|| "—".to_string(), |v| format!("{v:.1}"))
    }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    let (a, org) = assessment_and_org(&state, &ctx, id).await?;
    if !may_read_all(&ctx, &org) {
        return Err(ctx.refused());
    }
    let all = scoring::scores(&state, &a).await?;
    let pages = all.len().div_ceil(PER_PAGE).max(1) as i64;
    let page = q.page.unwrap_or(1).clamp(1, pages);
    let scores: Vec<SubjectScore> = all
        .into_iter()
        .skip((page as usize - 1) * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    let t = ctx.tr(&state.i18n);
    html(&AssessmentPage {
        base: base(
            &state,
            &ctx,
            t.a3(
                "assessment-title",
                "org",
                &org.name,
                "phase",
                &a.basis.phase.name,
                "version",
                a.version,
            ),
            &format!("/assessments/{id}"),
        )
        .await,
        t,
        can_assess: may_assess(&ctx, &org, a.subject_kind) && !a.is_final,
        org,
        a,
        scores,
        page,
        pages,
    })
}

pub async fn finalise(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (a, org) = assessment_and_org(&state, &ctx, id).await?;
    scoring::finalise(&state, &ctx, &org, &a).await?;
    Ok(flash(
        &format!("/assessments/{id}"),
        "flash-assessment-final",
        state.config.secure_cookies,
    ))
}

/// The ranking with every input, as xlsx.
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (a, org) = assessment_and_org(&state, &ctx, id).await?;
    if !may_read_all(&ctx, &org) {
        return Err(ctx.refused());
    }
    let scores = scoring::scores(&state, &a).await?;
    let t = ctx.tr(&state.i18n);
    let title = t.a3(
        "assessment-title",
        "org",
        &org.name,
        "phase",
        &a.basis.phase.name,
        "version",
        a.version,
    );
    let bytes = scores_xlsx(&t, &title, &a, &scores)?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}
