//! One spot check for the office and the supervisors: what was announced
//! (population and its hash, the seed's source or hash, the draw day, the
//! algorithm), the draw form, the sample with each finding and the
//! inspector's form; the record as JSON; a finding's photos.

use crate::http::context::{Ctx, flash};
use crate::http::download::inline_file;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::http::upload::{evidence_files, read_multipart};
use crate::supervision::rules::{is_office, supervised};
use crate::supervision::spot_check::{FindingText, draw_check, inspect};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use store::organisation::Organisation;
use store::person::Person;
use store::supervision::{Sample, SpotCheck, SpotCheckStatus};

#[derive(Template)]
#[template(path = "supervision/spot_check.html")]
struct SpotCheckPage<'a> {
    t: Tr<'a>,
    base: Base,
    c: SpotCheck,
    org: Organisation,
    samples: Vec<Sample>,
    is_office: bool,
    may_draw: bool,
    /// People of each sampled item's branch, for a problem's owner.
    people: HashMap<i64, Vec<Person>>,
    error: Option<(i64, String, String)>,
}

impl SpotCheckPage<'_> {
    fn people_of(&self, org_id: &i64) -> &[Person] {
        self.people.get(org_id).map_or(&[], Vec::as_slice)
    }
}

async fn page<'a>(state: &'a AppState, ctx: &Ctx, id: i64) -> Result<SpotCheckPage<'a>, AppError> {
    let c = state.store.spot_check(id).await?;
    let org = supervised(ctx, state.store.organisation(c.org_id).await?)?;
    let office = is_office(ctx, &org);
    let samples = state.store.spot_check_samples(id).await?;
    let mut people = HashMap::new();
    if office {
        for s in &samples {
            if let std::collections::hash_map::Entry::Vacant(e) = people.entry(s.org_id) {
                let o = state.store.organisation(s.org_id).await?;
                e.insert(state.store.all_people(&o.path).await?);
            }
        }
    }
    let today = crate::http::clock::today(state.config.utc_offset);
    let t = ctx.tr(&state.i18n);
    Ok(SpotCheckPage {
        base: base(state, ctx, c.title.clone(), &format!("/spot-checks/{id}")).await,
        t,
        may_draw: office && c.status == SpotCheckStatus::Announced && today >= c.draw_on,
        is_office: office,
        samples,
        people,
        c,
        org,
        error: None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&page(&state, &ctx, id).await?)
}

#[derive(Deserialize)]
pub struct DrawForm {
    #[serde(default)]
    seed: String,
}

pub async fn draw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<DrawForm>,
) -> Result<Response, AppError> {
    let c = state.store.spot_check(id).await?;
    match draw_check(&state, &ctx, &c, &f.seed).await {
        Ok(()) => Ok(flash(
            &format!("/spot-checks/{id}"),
            "flash-spot-check-drawn",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) if r.field.is_some() => {
            let mut page = page(&state, &ctx, id).await?;
            page.error = Some((0, "seed".into(), page.t.refusal(&r)));
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

pub async fn finding(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let sample = state.store.spot_check_sample(id).await?;
    let c = state.store.spot_check(sample.spot_check_id).await?;
    let form = read_multipart(multipart, "photos").await?;
    let input = FindingText {
        finding: form.text("finding").to_string(),
        note: form.text("note").to_string(),
        owner: form.text("owner").to_string(),
        due_on: form.text("due_on").to_string(),
    };
    let result = match evidence_files(form.files.clone(), "photos") {
        Ok(files) => inspect(&state, &ctx, &c, &sample, &input, files).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(flash(
            &format!("/spot-checks/{}#sample-{id}", c.id),
            "flash-finding-recorded",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) => {
            let mut page = page(&state, &ctx, c.id).await?;
            let (field, m) = match (r.errors.first(), &r.field) {
                (Some(e), _) => (e.field.clone(), page.t.refusal_field(e)),
                (None, Some(f)) => (f.clone(), page.t.refusal(&r)),
                (None, None) => (String::new(), page.t.refusal(&r)),
            };
            page.error = Some((id, field, m));
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

/// The published record as JSON, from which `chuangxian spot-check verify`
/// redoes the draw. Public once drawn, as the public page is.
pub async fn json(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let c = state.store.spot_check(id).await?;
    if c.status != SpotCheckStatus::Drawn {
        return Err(AppError::NotFound);
    }
    let r = state.store.draw_record(&c).await?;
    Ok((
        [(
            axum::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"spot-check-{id}.json\""),
        )],
        axum::Json(r),
    )
        .into_response())
}

/// A photo of a finding, for the supervisors.
pub async fn file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (sample_id, f) = state.store.spot_check_file(id).await?;
    let sample = state.store.spot_check_sample(sample_id).await?;
    let c = state.store.spot_check(sample.spot_check_id).await?;
    let org = state.store.organisation(c.org_id).await?;
    if !crate::supervision::rules::may_supervise(&ctx, &org) {
        return Err(ctx.refused());
    }
    Ok(inline_file(&f.filename, f.content_type, f.body))
}
