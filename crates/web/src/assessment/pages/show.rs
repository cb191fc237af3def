//! One assessment: the ranking with every indicator's value, the grades and the
//! adjustments; finalising it; and the same as xlsx. It prints on A4.

use crate::assessment::rules::{assessment_and_org, may_assess, may_read_all, refused};
use crate::assessment::scoring;
use crate::assessment::sheet::scores_xlsx;
use crate::http::context::{Ctx, flash};
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
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
    scores: Vec<SubjectScore>,
    can_assess: bool,
}

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
) -> Result<Response, AppError> {
    let (a, org) = assessment_and_org(&state, &ctx, id).await?;
    if !may_read_all(&ctx, &org) {
        return Err(refused(&ctx));
    }
    let scores = scoring::scores(&state, &a).await?;
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
        return Err(refused(&ctx));
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
