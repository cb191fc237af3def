//! The form that opens a round: targets, criteria from the plan's standard,
//! scale, times and minimum; it comes back with each problem beside its field.

use crate::evaluation::manage;
use crate::evaluation::rules::{candidates, may_organise};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::form::FormPairs;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::evaluation::{DEFAULT_MIN_BALLOTS, RoundInput, RoundKind, default_scale};
use domain::plan::Criterion;
use serde::Deserialize;
use std::collections::HashMap;
use store::evaluation::NewTarget;
use store::organisation::Organisation;
use time::{Duration, OffsetDateTime};

#[derive(Template)]
#[template(path = "evaluation/new.html")]
struct NewPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    kind: &'static str,
    criteria: Vec<Criterion>,
    candidates: Vec<NewTarget>,
    form: RoundForm,
    errors: HashMap<String, String>,
}

impl NewPage<'_> {
    fn criterion_chosen(&self, key: &str) -> bool {
        self.form.criteria.iter().any(|c| c == key)
    }

    fn target_chosen(&self, i: &usize) -> bool {
        self.form.targets.contains(i)
    }

    fn level(&self, i: &usize) -> (&str, &str, bool) {
        self.form
            .levels
            .get(*i)
            .map_or(("", "", false), |(l, s, g)| (l.as_str(), s.as_str(), *g))
    }
}

/// The form as typed; shown again with its errors.
#[derive(Clone, Default)]
pub struct RoundForm {
    title: String,
    criteria: Vec<String>,
    levels: Vec<(String, String, bool)>,
    opens_at: String,
    closes_at: String,
    min_ballots: String,
    /// Positions in the candidate list.
    targets: Vec<usize>,
}

#[derive(Deserialize)]
pub struct KindQuery {
    kind: Option<String>,
}

async fn new_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
    kind: RoundKind,
) -> Result<NewPage<'a>, AppError> {
    let org = state.store.organisation(id).await?;
    if !may_organise(ctx, &org, kind) {
        return Err(ctx.refused());
    }
    let plan = plan_of(&state.store, &org).await?;
    let criteria = plan
        .standards
        .iter()
        .find(|s| s.applies_to == kind.standard_target())
        .map(|s| s.criteria.clone())
        .unwrap_or_default();
    let candidates = candidates(state, &org, kind).await?;
    let t = ctx.tr(&state.i18n);
    let now = OffsetDateTime::now_utc();
    let offset = state.config.utc_offset;
    // The plan's scale where it sets one (满意 / 基本满意 / 不满意), its top
    // `good_points` counted good; else the usual four levels.
    let levels = match plan.evaluation.as_ref().filter(|e| !e.scale.is_empty()) {
        Some(e) => {
            let good = e.good_points.unwrap_or(1) as usize;
            e.scale
                .iter()
                .enumerate()
                .map(|(i, p)| (p.name.clone(), p.score.to_string(), i < good))
                .collect()
        }
        None => default_scale(
            [
                "evaluation-level-good",
                "evaluation-level-fairly-good",
                "evaluation-level-fair",
                "evaluation-level-poor",
            ]
            .map(|id| t.t(id)),
        )
        .into_iter()
        .map(|l| (l.label, l.score.to_string(), l.good))
        .collect(),
    };
    let form = RoundForm {
        title: String::new(),
        criteria: criteria.iter().map(|c| c.key.clone()).collect(),
        levels,
        opens_at: crate::http::clock::input_time(now, offset),
        closes_at: crate::http::clock::input_time(now + Duration::days(7), offset),
        min_ballots: DEFAULT_MIN_BALLOTS.to_string(),
        targets: (0..candidates.len()).collect(),
    };
    Ok(NewPage {
        base: base(
            state,
            ctx,
            t.t("evaluation-new"),
            &format!("/organisations/{id}/evaluations/new"),
        )
        .await,
        t,
        org,
        kind: kind.as_str(),
        criteria,
        candidates,
        form,
        errors: HashMap::new(),
    })
}

fn kind_of(text: Option<&str>) -> Result<RoundKind, AppError> {
    RoundKind::parse(text.unwrap_or("members"))
        .ok_or(AppError::bad_request("evaluation-error-kind"))
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<KindQuery>,
) -> Result<Response, AppError> {
    let kind = kind_of(q.kind.as_deref())?;
    html(&new_page(&state, &ctx, id, kind).await?)
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let form = FormPairs::parse(&body)?;
    let get = |k: &str| form.get(k);
    let all = |k: &str| form.all(k);
    let kind = kind_of(Some(&get("kind")))?;
    let mut page = new_page(&state, &ctx, id, kind).await?;
    let levels = (0..domain::evaluation::MAX_LEVELS)
        .map(|i| {
            (
                get(&format!("level-{i}-label")),
                get(&format!("level-{i}-score")),
                get(&format!("level-{i}-good")) == "1",
            )
        })
        .collect::<Vec<_>>();
    let targets: Vec<usize> = all("target")
        .iter()
        .filter_map(|v| v.parse().ok())
        .filter(|i| *i < page.candidates.len())
        .collect();
    page.form = RoundForm {
        title: get("title"),
        criteria: all("criteria"),
        levels: levels.clone(),
        opens_at: get("opens_at"),
        closes_at: get("closes_at"),
        min_ballots: get("min_ballots"),
        targets: targets.clone(),
    };
    let input = RoundInput {
        title: get("title"),
        kind: kind.as_str().into(),
        criteria: all("criteria"),
        levels,
        opens_at: get("opens_at"),
        closes_at: get("closes_at"),
        min_ballots: get("min_ballots"),
    };
    let org = state.store.organisation(id).await?;
    let chosen = |all: Vec<NewTarget>| {
        targets
            .iter()
            .filter_map(|i| all.get(*i).cloned())
            .collect()
    };
    match manage::create(&state, &ctx, &org, kind, &input, chosen).await {
        Ok(rid) => Ok(Redirect::to(&format!("/evaluations/{rid}")).into_response()),
        Err(AppError::Refused(r)) => {
            for e in &r.errors {
                let message = page.t.refusal_field(e);
                page.errors.insert(e.field.clone(), message);
            }
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}
