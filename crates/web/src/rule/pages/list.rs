//! An organisation's rules: every rule with its status and the version in
//! force, the form that writes one, and the list as a workbook.

use crate::http::context::Ctx;
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::http::workbook::{Sheet, Value, workbook};
use crate::rule::rules::may_write;
use crate::rule::writing::{self, RuleInput, VersionInput};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use store::organisation::Organisation;
use store::rule::Rule;

#[derive(Template)]
#[template(path = "rule/list.html")]
struct ListPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    rules: Vec<Rule>,
    can_write: bool,
    /// The practices a new rule may name: (`kind:id`, label).
    origins: Vec<(String, String)>,
    form: HashMap<String, String>,
    errors: HashMap<String, String>,
}

impl ListPage<'_> {
    fn typed(&self, field: &str) -> String {
        self.form.get(field).cloned().unwrap_or_default()
    }
}

/// The published circulars above and at the organisation, the honours and
/// published cases within it, as a select offers them.
async fn origins(
    state: &AppState,
    t: &Tr<'_>,
    org: &Organisation,
) -> Result<Vec<(String, String)>, AppError> {
    let mut out = Vec::new();
    for id in org.path.ids() {
        for c in state.store.circulars(id).await? {
            if let Some(n) = c.number {
                let label = format!(
                    "{} · {} · {}",
                    t.t("rule-origin-circular"),
                    t.a1("circular-issue", "number", n),
                    c.title
                );
                out.push((format!("circular:{}", c.id), label));
            }
        }
    }
    for h in state.store.honour_roll(&org.path).await? {
        out.push((
            format!("honour:{}", h.id),
            format!("{} · {} · {}", t.t("rule-origin-honour"), h.name, h.title),
        ));
    }
    for c in state.store.cases_within(&org.path, true).await? {
        out.push((
            format!("case:{}", c.id),
            format!("{} · {}", t.t("rule-origin-case"), c.title),
        ));
    }
    Ok(out)
}

async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    org: Organisation,
) -> Result<ListPage<'a>, AppError> {
    let t = ctx.tr(&state.i18n);
    let can_write = may_write(ctx, &org);
    let today = crate::http::clock::today(state.config.utc_offset);
    Ok(ListPage {
        base: base(
            state,
            ctx,
            t.a1("rules-title", "org", &org.name),
            &format!("/organisations/{}/rules", org.id),
        )
        .await,
        rules: state.store.rules_of(org.id, false).await?,
        origins: if can_write {
            origins(state, &t, &org).await?
        } else {
            Vec::new()
        },
        form: HashMap::from([
            ("effective_on".into(), today.to_string()),
            ("visibility".into(), "public".into()),
        ]),
        errors: HashMap::new(),
        t,
        can_write,
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
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let text = |k: &str| f.get(k).cloned().unwrap_or_default();
    let input = RuleInput {
        title: text("title"),
        visibility: text("visibility"),
        origin: text("origin"),
        origin_note: text("origin_note"),
        version: VersionInput {
            text: text("text"),
            effective_on: text("effective_on"),
            note: text("note"),
        },
    };
    match writing::write(&state, &ctx, &org, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/rules/{id}")).into_response()),
        Err(AppError::Refused(r)) if r.field.is_some() || !r.errors.is_empty() => {
            let mut page = page(&state, &ctx, org).await?;
            page.form = f;
            page.errors = page.t.field_messages(&r);
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

/// The rules as a workbook: title, status, visibility, the version in force
/// and the day it took effect as a real date.
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    let t = ctx.tr(&state.i18n);
    let rows = state
        .store
        .rules_of(org.id, false)
        .await?
        .iter()
        .map(|r| {
            vec![
                r.title.clone().into(),
                t.e("rule-status", &r.status).into(),
                t.e("rule-visibility", &r.visibility).into(),
                r.in_force
                    .map_or(Value::Empty, |(n, _)| Value::Number(n as f64)),
                r.in_force.map_or(Value::Empty, |(_, on)| Value::Date(on)),
                r.repealed_on.map_or(Value::Empty, Value::Date),
            ]
        })
        .collect();
    let headers = [
        "rule-title",
        "rule-status-label",
        "rule-visibility-label",
        "rule-version",
        "rule-effective-on",
        "rule-repealed-on",
    ];
    let bytes = workbook(&[Sheet {
        name: t.t("rules-label"),
        headers: headers.iter().map(|h| t.t(h)).collect(),
        rows,
    }])?;
    Ok(xlsx_download(
        &format!("{}-{}.xlsx", org.name, t.t("rules-label")),
        bytes,
    ))
}
