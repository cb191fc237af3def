//! One rule: its text in force (or the draft), where it came from, its
//! versions, two of them compared line by line, and the forms that start a
//! version, change the draft, adopt it or repeal the rule; its A4 print.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use crate::rule::rules::{CompareQuery, Compared, compare, may_write, readable, shown};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::rule::{RuleStatus, VersionStatus};
use serde::Deserialize;
use std::collections::HashMap;
use store::rule::{Rule, RuleVersion};

#[derive(Template)]
#[template(path = "rule/show.html")]
pub(super) struct ShowPage<'a> {
    pub t: Tr<'a>,
    pub base: Base,
    pub r: Rule,
    pub shown: Option<RuleVersion>,
    pub draft: Option<RuleVersion>,
    pub compared: Option<Compared>,
    pub can_write: bool,
    /// What was typed into a refused form, and the messages by field.
    pub form: HashMap<String, String>,
    pub errors: HashMap<String, String>,
}

impl ShowPage<'_> {
    fn typed(&self, field: &str) -> String {
        self.form.get(field).cloned().unwrap_or_default()
    }
}

pub(super) async fn show_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
    q: &CompareQuery,
) -> Result<ShowPage<'a>, AppError> {
    let (r, org) = readable(state, ctx, id).await?;
    let t = ctx.tr(&state.i18n);
    let draft = r
        .versions
        .iter()
        .find(|v| v.status == VersionStatus::Draft)
        .cloned();
    let today = crate::http::clock::today(state.config.utc_offset);
    let latest = r.versions.first();
    let mut form = HashMap::from([
        ("effective_on".to_string(), today.to_string()),
        ("repealed_on".to_string(), today.to_string()),
        (
            "text".to_string(),
            latest.map(|v| v.text.clone()).unwrap_or_default(),
        ),
    ]);
    if let Some(d) = &draft {
        form.insert("draft_text".into(), d.text.clone());
        form.insert("draft_effective_on".into(), d.effective_on.to_string());
        form.insert("draft_note".into(), d.note.clone());
    }
    Ok(ShowPage {
        base: base(state, ctx, r.title.clone(), &format!("/rules/{id}")).await,
        t,
        shown: shown(&r).cloned(),
        compared: compare(&r, q),
        can_write: may_write(ctx, &org) && r.status != RuleStatus::Repealed,
        draft,
        form,
        errors: HashMap::new(),
        r,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<CompareQuery>,
) -> Result<Response, AppError> {
    html(&show_page(&state, &ctx, id, &q).await?)
}

#[derive(Template)]
#[template(path = "rule/print.html")]
struct PrintPage<'a> {
    t: Tr<'a>,
    base: Base,
    r: Rule,
    v: RuleVersion,
}

#[derive(Deserialize)]
pub struct PrintQuery {
    version: Option<i64>,
}

/// The rule on A4: the version in force (or the one asked for) with its number
/// and the day it takes effect.
pub async fn print(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<PrintQuery>,
) -> Result<Response, AppError> {
    let (r, _) = readable(&state, &ctx, id).await?;
    let v = match q.version {
        Some(n) => r.versions.iter().find(|v| v.number == n),
        None => shown(&r),
    }
    .cloned()
    .ok_or(AppError::NotFound)?;
    let t = ctx.tr(&state.i18n);
    html(&PrintPage {
        base: base(&state, &ctx, r.title.clone(), &format!("/rules/{id}/print")).await,
        t,
        r,
        v,
    })
}
