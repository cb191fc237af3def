//! Exemplary cases (先进典型): an organisation's cases and the form that writes
//! one with photos; one case, read by anyone once published and by its writers
//! and reviewers before; the office's review; its photos.

use crate::commendation::case::{self, CaseInput, may_publish, may_write};
use crate::http::context::{Ctx, flash};
use crate::http::download::inline_file;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::http::upload::{evidence_files, read_multipart};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;
use store::commendation::{CaseStatus, ExemplaryCase, Honour};
use store::organisation::Organisation;
use store::person::Person;

#[derive(Template)]
#[template(path = "commendation/cases.html")]
struct CasesPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    cases: Vec<ExemplaryCase>,
    can_write: bool,
    people: Vec<Person>,
    honours: Vec<Honour>,
    form: HashMap<String, String>,
    errors: HashMap<String, String>,
}

impl CasesPage<'_> {
    fn typed(&self, field: &str) -> String {
        self.form.get(field).cloned().unwrap_or_default()
    }
}

async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    org: Organisation,
) -> Result<CasesPage<'a>, AppError> {
    let can_write = may_write(ctx, &org);
    let published_only = !can_write && !may_publish(ctx, &org);
    let t = ctx.tr(&state.i18n);
    Ok(CasesPage {
        base: base(
            state,
            ctx,
            t.a1("cases-title", "org", &org.name),
            &format!("/organisations/{}/cases", org.id),
        )
        .await,
        t,
        cases: state.store.cases_within(&org.path, published_only).await?,
        people: if can_write {
            state.store.all_people(&org.path).await?
        } else {
            Vec::new()
        },
        honours: state.store.honour_roll(&org.path).await?,
        can_write,
        form: HashMap::new(),
        errors: HashMap::new(),
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

pub async fn write(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let form = read_multipart(multipart, "photos").await?;
    let input = CaseInput {
        person: form.text("person").to_string(),
        honour: form.text("honour").to_string(),
        subject: form.text("subject").to_string(),
        title: form.text("title").to_string(),
        story: form.text("story").to_string(),
    };
    let result = match evidence_files(form.files.clone(), "photos") {
        Ok(files) => case::write(&state, &ctx, &org, &input, files).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/cases/{id}")).into_response()),
        Err(AppError::Refused(r)) => {
            let mut page = page(&state, &ctx, org).await?;
            page.form = form.fields.clone();
            page.errors = page.t.field_messages(&r);
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "commendation/case.html")]
struct CasePage<'a> {
    t: Tr<'a>,
    base: Base,
    c: ExemplaryCase,
    can_review: bool,
    error: Option<String>,
}

/// A case the viewer may read: anyone once published.
async fn readable(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(ExemplaryCase, Organisation), AppError> {
    let c = state.store.case(id).await?;
    let org = state.store.organisation(c.org_id).await?;
    if c.status != CaseStatus::Published && !may_write(ctx, &org) && !may_publish(ctx, &org) {
        return Err(ctx.refused());
    }
    Ok((c, org))
}

async fn case_page<'a>(state: &'a AppState, ctx: &Ctx, id: i64) -> Result<CasePage<'a>, AppError> {
    let (c, org) = readable(state, ctx, id).await?;
    let t = ctx.tr(&state.i18n);
    Ok(CasePage {
        base: base(state, ctx, c.title.clone(), &format!("/cases/{id}")).await,
        t,
        can_review: c.status == CaseStatus::Submitted && may_publish(ctx, &org),
        c,
        error: None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&case_page(&state, &ctx, id).await?)
}

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

pub async fn review(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, AppError> {
    let c = state.store.case(id).await?;
    match case::review(&state, &ctx, &c, f.decision == "publish", &f.reason).await {
        Ok(()) => Ok(flash(
            &format!("/cases/{id}"),
            "flash-case-reviewed",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) if r.field.is_some() => {
            let mut page = case_page(&state, &ctx, id).await?;
            page.error = Some(page.t.refusal(&r));
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

pub async fn file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (case_id, f) = state.store.case_file(id).await?;
    readable(&state, &ctx, case_id).await?;
    Ok(inline_file(&f.filename, f.content_type, f.body))
}
