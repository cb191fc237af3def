//! One subject's score, explained: every indicator's source records, its raw
//! figure, the value out of 100, the weight and what it adds; the adjustment
//! with its reason; the veto; the grade and place. The assessor adjusts here.

use crate::assessment::rules::{assessment_and_org, may_assess, may_read_subject};
use crate::assessment::scoring;
use crate::http::context::{Ctx, flash};
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::assessment::{Line, Raw};
use serde::Deserialize;
use std::collections::HashMap;
use store::assessment::{Assessment, SubjectScore};
use store::organisation::Organisation;

#[derive(Template)]
#[template(path = "assessment/subject.html")]
struct SubjectPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    a: Assessment,
    s: SubjectScore,
    can_adjust: bool,
    form: AdjustForm,
    errors: HashMap<String, String>,
}

impl SubjectPage<'_> {
    /// The raw figure behind a line, in words.
    fn raw(&self, l: &Line) -> String {
        match l.raw {
            Raw::Share { part, whole } => format!("{} / {}", trim(part), trim(whole)),
            Raw::Points { points } => {
                self.t
                    .a1("assessment-points", "points", format!("{points:+}"))
            }
            Raw::Absent => self.t.t("assessment-absent"),
        }
    }

    /// An indicator's name in the plan, by its key.
    fn indicator_name(&self, key: &str) -> String {
        self.a
            .basis
            .scheme
            .indicators
            .iter()
            .find(|i| i.key == key)
            .map_or_else(|| key.to_string(), |i| i.name.clone())
    }

    /// Where a source record is read, if it has a page.
    fn link(&self, kind: &str, id: &i64) -> Option<String> {
        match kind {
            "review" => Some(format!("/reviews/{id}")),
            "round" => Some(format!("/evaluations/{id}")),
            "commitment" => Some(format!(
                "/organisations/{}/commitments#commitment-{id}",
                self.org.id
            )),
            "commitments" => Some(format!("/organisations/{id}/commitments")),
            "incentive" => Some(format!(
                "/organisations/{}/incentives#incentive-{id}",
                self.org.id
            )),
            _ => None,
        }
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[derive(Deserialize, Default)]
pub struct AdjustForm {
    #[serde(default)]
    points: String,
    #[serde(default)]
    reason: String,
}

async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
    subject_id: i64,
    form: AdjustForm,
) -> Result<SubjectPage<'a>, AppError> {
    let (a, org) = assessment_and_org(state, ctx, id).await?;
    if !may_read_subject(state, ctx, &org, &a, subject_id).await? {
        return Err(ctx.refused());
    }
    let s = scoring::scores(state, &a)
        .await?
        .into_iter()
        .find(|s| s.subject_id == subject_id)
        .ok_or(AppError::NotFound)?;
    let t = ctx.tr(&state.i18n);
    Ok(SubjectPage {
        base: base(
            state,
            ctx,
            t.a1("assessment-subject-title", "name", &s.name),
            &format!("/assessments/{id}/subjects/{subject_id}"),
        )
        .await,
        t,
        can_adjust: may_assess(ctx, &org, a.subject_kind) && !a.is_final,
        form,
        errors: HashMap::new(),
        org,
        a,
        s,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, subject_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    html(&page(&state, &ctx, id, subject_id, AdjustForm::default()).await?)
}

pub async fn adjust(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, subject_id)): Path<(i64, i64)>,
    Form(form): Form<AdjustForm>,
) -> Result<Response, AppError> {
    let (a, org) = assessment_and_org(&state, &ctx, id).await?;
    match scoring::adjust(
        &state,
        &ctx,
        &org,
        &a,
        subject_id,
        &form.points,
        &form.reason,
    )
    .await
    {
        Ok(()) => Ok(flash(
            &format!("/assessments/{id}/subjects/{subject_id}"),
            "flash-assessment-adjusted",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) if r.field.is_some() => {
            let mut page = page(&state, &ctx, id, subject_id, form).await?;
            let message = page.t.refusal(&r);
            page.errors
                .insert(r.field.clone().unwrap_or_default(), message);
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}
