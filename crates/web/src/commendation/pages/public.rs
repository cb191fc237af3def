//! The public side, with no account: the 公示 lists of an organisation and
//! above, one 公示 with the form that raises an objection, the honour roll,
//! and the published exemplary cases.

use super::print::shortlist;
use crate::commendation::objection::{self, ObjectionInput};
use crate::http::clock::today;
use crate::http::context::{ClientIp, Ctx, flash};
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use std::collections::HashMap;
use store::commendation::{ExemplaryCase, Honour, Nomination, Selection, SelectionStatus};
use store::organisation::Organisation;

#[derive(Template)]
#[template(path = "commendation/public_list.html")]
struct PublicListPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    /// Which list: `publicity`, `honours` or `cases`.
    kind: &'static str,
    selections: Vec<Selection>,
    honours: Vec<Honour>,
    cases: Vec<ExemplaryCase>,
}

async fn list_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
    kind: &'static str,
) -> Result<PublicListPage<'a>, AppError> {
    let org = state.store.organisation(id).await?;
    let t = ctx.tr(&state.i18n);
    let title = t.a1(&format!("public-{kind}-title"), "org", &org.name);
    let mut page = PublicListPage {
        base: base(state, ctx, title, &format!("/p/{id}/{kind}")).await,
        t,
        kind,
        selections: Vec::new(),
        honours: Vec::new(),
        cases: Vec::new(),
        org,
    };
    match kind {
        "publicity" => {
            page.selections = state
                .store
                .selections_of(&page.org.path.ids())
                .await?
                .into_iter()
                .filter(|s| s.status != SelectionStatus::Nominating)
                .collect();
        }
        "honours" => page.honours = state.store.honour_roll(&page.org.path).await?,
        _ => page.cases = state.store.cases_within(&page.org.path, true).await?,
    }
    Ok(page)
}

pub async fn publicity(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&list_page(&state, &ctx, id, "publicity").await?)
}

pub async fn honours(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&list_page(&state, &ctx, id, "honours").await?)
}

pub async fn cases(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&list_page(&state, &ctx, id, "cases").await?)
}

#[derive(Template)]
#[template(path = "commendation/public_notice.html")]
struct PublicNoticePage<'a> {
    t: Tr<'a>,
    base: Base,
    s: Selection,
    decider: Organisation,
    candidates: Vec<Nomination>,
    open: bool,
    form: HashMap<String, String>,
    errors: HashMap<String, String>,
}

impl PublicNoticePage<'_> {
    fn typed(&self, field: &str) -> String {
        self.form.get(field).cloned().unwrap_or_default()
    }
}

async fn notice_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<PublicNoticePage<'a>, AppError> {
    let s = state.store.selection(id).await?;
    if s.status == SelectionStatus::Nominating {
        return Err(AppError::NotFound);
    }
    let decider = state.store.organisation(s.org_id).await?;
    let t = ctx.tr(&state.i18n);
    Ok(PublicNoticePage {
        base: base(
            state,
            ctx,
            t.a1("notice-title", "title", &s.rule.title.name),
            &format!("/p/selections/{id}"),
        )
        .await,
        t,
        candidates: shortlist(state, &s).await?,
        open: s.in_publicity(today(state.config.utc_offset)),
        form: HashMap::new(),
        errors: HashMap::new(),
        s,
        decider,
    })
}

pub async fn notice(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&notice_page(&state, &ctx, id).await?)
}

#[derive(Deserialize)]
pub struct ObjectionForm {
    #[serde(default)]
    candidate: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    contact: String,
    /// The honeypot: hidden from people.
    #[serde(default)]
    website: String,
}

pub async fn object(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<ObjectionForm>,
) -> Result<Response, AppError> {
    let s = state.store.selection(id).await?;
    let input = ObjectionInput {
        candidate: f.candidate.clone(),
        text: f.text.clone(),
        name: f.name.clone(),
        contact: f.contact.clone(),
        honeypot: f.website.clone(),
    };
    match objection::raise(&state, &ip, &s, &input).await {
        Ok(()) => Ok(flash(
            &format!("/p/selections/{id}"),
            "flash-objection-sent",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) => {
            let mut page = notice_page(&state, &ctx, id).await?;
            for (k, v) in [
                ("candidate", f.candidate),
                ("text", f.text),
                ("name", f.name),
                ("contact", f.contact),
            ] {
                page.form.insert(k.into(), v);
            }
            for e in &r.errors {
                let m = page.t.refusal_field(e);
                page.errors.insert(e.field.clone(), m);
            }
            if r.errors.is_empty() {
                let m = page.t.refusal(&r);
                page.errors
                    .insert(r.field.clone().unwrap_or_else(|| "objection".into()), m);
            }
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}
