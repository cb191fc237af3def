//! Evaluation rounds of an organisation: the list, and the form that opens a
//! round (targets, criteria from the plan's standard, scale, times, minimum).
//! A round's own page is in `evaluation_round`.

use super::{Base, base, html, html_status};
use crate::evaluation::{candidates, may_organise};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Action;
use domain::evaluation::{DEFAULT_MIN_BALLOTS, RoundInput, RoundKind, check_round, default_scale};
use domain::plan::Criterion;
use serde::Deserialize;
use std::collections::HashMap;
use store::evaluation::{NewTarget, Round};
use store::organisation::Organisation;
use time::{Duration, OffsetDateTime};

/// A round in a list, with the times as the users read them.
pub struct RoundRow {
    pub round: Round,
    pub state: &'static str,
    pub opens: String,
    pub closes: String,
}

pub fn round_row(state: &AppState, round: Round) -> RoundRow {
    let offset = state.config.utc_offset;
    RoundRow {
        state: round.state(OffsetDateTime::now_utc()).as_str(),
        opens: crate::http::clock::local_time(round.opens_at, offset),
        closes: crate::http::clock::local_time(round.closes_at, offset),
        round,
    }
}

#[derive(Template)]
#[template(path = "evaluation/list.html")]
struct ListPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    organised: Vec<RoundRow>,
    evaluating: Vec<RoundRow>,
    kinds: Vec<&'static str>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    let organised = state.store.rounds_of(id).await?;
    let evaluating = state.store.rounds_evaluating(id).await?;
    let t = ctx.tr(&state.i18n);
    html(&ListPage {
        base: base(
            &state,
            &ctx,
            t.a1("evaluations-title", "org", &org.name),
            &format!("/orgs/{id}/evaluations"),
        )
        .await,
        t,
        kinds: [RoundKind::Members, RoundKind::Branches]
            .into_iter()
            .filter(|k| may_organise(&ctx, &org, *k))
            .map(RoundKind::as_str)
            .collect(),
        organised: organised
            .into_iter()
            .map(|r| round_row(&state, r))
            .collect(),
        evaluating: evaluating
            .into_iter()
            .map(|r| round_row(&state, r))
            .collect(),
        org,
    })
}

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
    errors: HashMap<&'static str, String>,
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
        return Err(if ctx.account.is_some() {
            AppError::Forbidden
        } else {
            AppError::Unauthorized
        });
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
    let levels = default_scale(
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
    .collect();
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
            &format!("/orgs/{id}/evaluations/new"),
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
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::bad_request("error-bad-request"))?;
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let all = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
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
    let plan = plan_of(&state.store, &org).await?;
    let checked = check_round(
        &input,
        &plan,
        state.config.utc_offset,
        OffsetDateTime::now_utc(),
    );
    if targets.is_empty() {
        page.errors
            .insert("targets", page.t.t("evaluation-error-targets"));
    }
    match checked {
        Ok(_) if targets.is_empty() => html_status(StatusCode::UNPROCESSABLE_ENTITY, &page),
        Ok(draft) => {
            let chosen: Vec<NewTarget> = targets
                .iter()
                .map(|i| page.candidates[*i].clone())
                .collect();
            let rid = state
                .store
                .create_round(&ctx.user()?.username, id, &draft, &chosen)
                .await?;
            Ok(Redirect::to(&format!("/evaluations/{rid}")).into_response())
        }
        Err(errors) => {
            for (field, p) in errors {
                page.errors.insert(
                    field,
                    page.t.i18n.args(page.t.locale, p.message_id(), &p.args()),
                );
            }
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
