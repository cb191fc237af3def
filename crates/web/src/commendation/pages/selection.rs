//! One selection: its rule and quota, the nominations the viewer may see with
//! the steps they may take, the forms to nominate (or put oneself forward),
//! and the office's 公示, extension and commendation; nominations as xlsx.

use crate::commendation::nominating::{self, NominationInput};
use crate::commendation::rules::{inside, is_office, may_nominate, selection_and_decider};
use crate::commendation::selection::{self, DecisionInput};
use crate::commendation::sheet::nominations_xlsx;
use crate::http::clock::today;
use crate::http::context::{Ctx, flash};
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::http::upload::{evidence_files, read_multipart};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::date::Day;
use domain::organisation::OrgKind;
use domain::person::PoliticalStatus;
use domain::plan::{Nominator, StandardTarget};
use serde::Deserialize;
use std::collections::HashMap;
use store::commendation::{Nomination, NominationStatus, Selection, SelectionStatus};
use store::organisation::Organisation;

#[derive(Template)]
#[template(path = "commendation/selection.html")]
pub(super) struct SelectionPage<'a> {
    pub t: Tr<'a>,
    pub base: Base,
    pub s: Selection,
    pub decider: Organisation,
    /// Each visible nomination with the steps the viewer may take on it.
    pub nominations: Vec<(Nomination, Vec<NominationStatus>)>,
    /// Where the viewer nominates from, and whom: (org, [(id, name)]).
    pub nominators: Vec<(Organisation, Vec<(i64, String)>)>,
    /// The viewer may put themself forward: (their branch's id, their own).
    pub own_branch: Option<(i64, i64)>,
    pub office: bool,
    pub today: Day,
    pub form: HashMap<String, String>,
    pub errors: HashMap<String, String>,
}

impl SelectionPage<'_> {
    fn approved(&self) -> usize {
        self.nominations
            .iter()
            .filter(|(n, _)| n.status == NominationStatus::Approved)
            .count()
    }

    fn publicity_over(&self) -> bool {
        self.s.publicity_ends_on.is_some_and(|d| d < self.today)
    }

    fn typed(&self, field: &str) -> String {
        self.form.get(field).cloned().unwrap_or_default()
    }
}

pub(super) async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<SelectionPage<'a>, AppError> {
    let (s, decider) = selection_and_decider(state, id).await?;
    if !inside(ctx, &decider) {
        return Err(ctx.refused());
    }
    let nominations = nominating::visible(state, ctx, &s, &decider).await?;
    let mut nominators = Vec::new();
    let mut own_branch = None;
    if s.status == SelectionStatus::Nominating {
        match s.rule.title.nominated_by {
            Nominator::Branch => {
                // The branches whose leadership the viewer is, not every branch below.
                let led: Vec<i64> = ctx
                    .account
                    .as_ref()
                    .map(|a| a.grants.iter().map(|g| g.org_id).collect())
                    .unwrap_or_default();
                for id in led {
                    let b = state.store.organisation(id).await?;
                    if may_nominate(ctx, &s, &decider, &b) {
                        let people = eligible(state, &s, &b).await?;
                        nominators.push((b, people));
                    }
                }
            }
            Nominator::CampaignOffice => {
                if may_nominate(ctx, &s, &decider, &decider) {
                    let branches = state
                        .store
                        .subtree(&decider.path)
                        .await?
                        .into_iter()
                        .filter(|o| o.kind == OrgKind::Branch)
                        .map(|o| (o.id, o.name))
                        .collect();
                    nominators.push((decider.clone(), branches));
                }
            }
        }
        if s.rule.title.self_nomination
            && s.rule.title.applies_to == StandardTarget::Member
            && let Some(a) = ctx.account.as_ref()
        {
            let me = state.store.person(a.person_id).await?;
            let at = state.store.organisation(me.org_id).await?;
            let ok = me.status == PoliticalStatus::Full
                || (me.status == PoliticalStatus::Probationary && s.rule.title.probationary);
            if ok && at.kind == OrgKind::Branch && at.path.is_within(&decider.path) {
                own_branch = Some((at.id, me.id));
            }
        }
    }
    let t = ctx.tr(&state.i18n);
    Ok(SelectionPage {
        base: base(
            state,
            ctx,
            t.a1("selection-page-title", "title", &s.rule.title.name),
            &format!("/selections/{id}"),
        )
        .await,
        t,
        office: is_office(ctx, &decider),
        today: today(state.config.utc_offset),
        form: HashMap::new(),
        errors: HashMap::new(),
        s,
        decider,
        nominations,
        nominators,
        own_branch,
    })
}

/// The members of a branch who may hold the title: (id, name).
async fn eligible(
    state: &AppState,
    s: &Selection,
    branch: &Organisation,
) -> Result<Vec<(i64, String)>, AppError> {
    Ok(state
        .store
        .all_people(&branch.path)
        .await?
        .into_iter()
        .filter(|p| {
            p.status == PoliticalStatus::Full
                || (p.status == PoliticalStatus::Probationary && s.rule.title.probationary)
        })
        .map(|p| (p.id, p.name))
        .collect())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&page(&state, &ctx, id).await?)
}

/// A nomination from the form: photos and files ride along.
pub async fn nominate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let form = read_multipart(multipart, "photos").await?;
    let (s, decider) = selection_and_decider(&state, id).await?;
    let nominator_id: i64 = form
        .text("nominator")
        .parse()
        .map_err(|_| AppError::bad_request("error-bad-request"))?;
    let nominator = state.store.organisation(nominator_id).await?;
    let input = NominationInput {
        candidate: form.text("candidate").to_string(),
        deeds: form.text("deeds").to_string(),
        own: form.text("own") == "1",
    };
    let result = match evidence_files(form.files.clone(), "photos") {
        Ok(files) => {
            nominating::nominate(&state, &ctx, &s, &decider, &nominator, &input, files).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(n) => Ok(Redirect::to(&format!("/nominations/{n}")).into_response()),
        Err(AppError::Refused(r)) => {
            let mut page = page(&state, &ctx, id).await?;
            page.form = form.fields.clone();
            let message = page.t.refusal(&r);
            for e in &r.errors {
                let m = page.t.refusal_field(e);
                page.errors.insert(e.field.clone(), m);
            }
            let field = r.field.clone().unwrap_or_else(|| "nominate".into());
            if r.errors.is_empty() {
                page.errors.insert(field, message);
            }
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

pub async fn publicise(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (s, decider) = selection_and_decider(&state, id).await?;
    selection::publicise(&state, &ctx, &s, &decider).await?;
    Ok(flash(
        &format!("/selections/{id}"),
        "flash-publicity-open",
        state.config.secure_cookies,
    ))
}

#[derive(Deserialize)]
pub struct ExtendForm {
    #[serde(default)]
    days: String,
}

pub async fn extend(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ExtendForm>,
) -> Result<Response, AppError> {
    let (s, decider) = selection_and_decider(&state, id).await?;
    match selection::extend(&state, &ctx, &s, &decider, &f.days).await {
        Ok(_) => Ok(flash(
            &format!("/selections/{id}"),
            "flash-publicity-extended",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) if r.field.is_some() => {
            let mut page = page(&state, &ctx, id).await?;
            page.form.insert("days".into(), f.days);
            let m = page.t.refusal(&r);
            page.errors.insert("days".into(), m);
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct CommendForm {
    #[serde(default)]
    decision_title: String,
    #[serde(default)]
    decision_code: String,
    #[serde(default)]
    decided_on: String,
}

pub async fn commend(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<CommendForm>,
) -> Result<Response, AppError> {
    let (s, decider) = selection_and_decider(&state, id).await?;
    let input = DecisionInput {
        title: f.decision_title.clone(),
        code: f.decision_code.clone(),
        decided_on: f.decided_on.clone(),
    };
    match selection::commend(&state, &ctx, &s, &decider, &input).await {
        Ok(_) => Ok(flash(
            &format!("/selections/{id}"),
            "flash-commended",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) => {
            let mut page = page(&state, &ctx, id).await?;
            for (k, v) in [
                ("decision_title", f.decision_title),
                ("decision_code", f.decision_code),
                ("decided_on", f.decided_on),
            ] {
                page.form.insert(k.into(), v);
            }
            for e in &r.errors {
                let m = page.t.refusal_field(e);
                page.errors.insert(e.field.clone(), m);
            }
            if r.errors.is_empty() {
                let m = page.t.refusal(&r);
                page.errors.insert("commend".into(), m);
            }
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

/// The nominations the viewer sees, as xlsx.
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let page = page(&state, &ctx, id).await?;
    let title = page
        .t
        .a1("selection-page-title", "title", &page.s.rule.title.name);
    let list: Vec<&Nomination> = page.nominations.iter().map(|(n, _)| n).collect();
    let bytes = nominations_xlsx(&page.t, &title, &list)?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}
