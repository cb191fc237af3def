//! An organisation's spot checks and the office's form that announces one.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::supervision::rules::{is_office, supervised};
use crate::supervision::spot_check::{AnnounceInput, announce};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;
use store::organisation::Organisation;
use store::supervision::{PopulationKind, SpotCheck};

#[derive(Template)]
#[template(path = "supervision/spot_checks.html")]
struct SpotChecksPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    checks: Vec<SpotCheck>,
    can_announce: bool,
    kinds: [PopulationKind; 4],
    scopes: Vec<Organisation>,
    form: HashMap<String, String>,
    errors: HashMap<String, String>,
}

impl SpotChecksPage<'_> {
    fn typed(&self, field: &str) -> String {
        self.form.get(field).cloned().unwrap_or_default()
    }
}

async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    org: Organisation,
) -> Result<SpotChecksPage<'a>, AppError> {
    let org = supervised(ctx, org)?;
    let can_announce = is_office(ctx, &org);
    let t = ctx.tr(&state.i18n);
    Ok(SpotChecksPage {
        base: base(
            state,
            ctx,
            t.a1("spot-checks-title", "org", &org.name),
            &format!("/organisations/{}/spot-checks", org.id),
        )
        .await,
        t,
        checks: state.store.spot_checks(org.id).await?,
        scopes: if can_announce {
            state.store.subtree(&org.path).await?
        } else {
            Vec::new()
        },
        can_announce,
        kinds: PopulationKind::ALL,
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

#[derive(Deserialize, Default)]
pub struct AnnounceForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    sample_size: String,
    #[serde(default)]
    seed_kind: String,
    #[serde(default)]
    seed_source: String,
    #[serde(default)]
    seed_hash: String,
    #[serde(default)]
    draw_on: String,
}

pub async fn announce_check(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Form(f): Form<AnnounceForm>,
) -> Result<Response, AppError> {
    let input = AnnounceInput {
        title: f.title.clone(),
        kind: f.kind.clone(),
        scope: f.scope.clone(),
        sample_size: f.sample_size.clone(),
        seed_kind: f.seed_kind.clone(),
        seed_source: f.seed_source.clone(),
        seed_hash: f.seed_hash.clone(),
        draw_on: f.draw_on.clone(),
    };
    match announce(&state, &ctx, &org, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/spot-checks/{id}")).into_response()),
        Err(AppError::Refused(r)) => {
            let mut page = page(&state, &ctx, org).await?;
            for (k, v) in [
                ("title", f.title),
                ("kind", f.kind),
                ("scope", f.scope),
                ("sample_size", f.sample_size),
                ("seed_kind", f.seed_kind),
                ("seed_source", f.seed_source),
                ("seed_hash", f.seed_hash),
                ("draw_on", f.draw_on),
            ] {
                page.form.insert(k.into(), v);
            }
            page.errors = page.t.field_messages(&r);
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}
