//! Writing a commitment: a member's own under the member standard (我的承诺), and
//! the branch's own under the organisation standard, written by the branch's
//! leadership. The page also shows its progress, where it is recorded (`progress`).

use crate::commitment::rules::{self, Subject, branch_subject, current_phase, member_subject};
use crate::http::context::Ctx;
use crate::http::error::{AppError, Refusal};
use crate::http::form::FormPairs;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::commitment::{ItemInput, ItemStatus, Owner, criteria_for};
use domain::plan::Phase;
use std::collections::HashMap;
use store::commitment::opinion::Opinion;
use store::commitment::{Commitment, Progress};
use store::organisation::Organisation;

/// One row of the item form, as typed, with the error beside each field.
#[derive(Default)]
pub struct Row {
    pub key: String,
    pub criterion: String,
    pub what: String,
    pub target: String,
    pub due_on: String,
    pub weight: String,
    pub errors: HashMap<String, String>,
}

impl Row {
    pub fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

#[derive(Template)]
#[template(path = "commitment/edit.html")]
pub(super) struct CommitmentPage<'a> {
    pub(super) t: Tr<'a>,
    base: Base,
    org: Organisation,
    is_branch: bool,
    owner_name: String,
    form_action: String,
    phase: Phase,
    criteria: Vec<(String, String)>,
    commitment: Option<Commitment>,
    rows: Vec<Row>,
    form_error: Option<String>,
    progress: HashMap<String, Progress>,
    overall: u8,
    notice: Option<String>,
    /// Published opinions on this commitment, to answer.
    opinions: Vec<Opinion>,
    /// A refused progress report: the item's key, why (beside the file field)
    /// and the note as typed.
    pub(super) progress_error: Option<(String, String, String)>,
}

impl CommitmentPage<'_> {
    fn progress_error_for(&self, key: &str) -> Option<&str> {
        self.progress_error
            .as_ref()
            .filter(|(k, _, _)| k == key)
            .map(|(_, e, _)| e.as_str())
    }

    fn typed_note(&self, key: &str) -> &str {
        self.progress_error
            .as_ref()
            .filter(|(k, _, _)| k == key)
            .map_or("", |(_, _, n)| n.as_str())
    }
}

/// The page of `s`'s commitment for the current phase, its items in the form.
pub(super) async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    s: Subject,
) -> Result<CommitmentPage<'a>, AppError> {
    let (plan, phase) = current_phase(state, &s.org).await?;
    let owner = s.owner();
    let commitment = state
        .store
        .commitment_of(s.org.id, s.person_id, &phase.key)
        .await?;
    let mut rows: Vec<Row> = commitment
        .iter()
        .flat_map(|c| c.draft.iter())
        .map(|i| Row {
            key: i.key.clone(),
            criterion: i.criterion.clone(),
            what: i.what.clone(),
            target: i.target.clone(),
            due_on: i.due_on.to_string(),
            weight: i.weight.to_string(),
            errors: HashMap::new(),
        })
        .collect();
    pad(&mut rows);
    let all = match &commitment {
        Some(c) => state.store.progress_of(&[c.id]).await?,
        None => HashMap::new(),
    };
    let overall = commitment.as_ref().map_or(0, |c| rules::overall(c, &all));
    let progress: HashMap<String, Progress> =
        all.into_iter().map(|((_, key), p)| (key, p)).collect();
    let opinions = match &commitment {
        Some(c) => state
            .store
            .branch_opinions(
                s.org.id,
                domain::commitment::opinion::OpinionStatus::Approved,
            )
            .await?
            .into_iter()
            .filter(|o| o.commitment_id == c.id)
            .collect(),
        None => Vec::new(),
    };
    let t = ctx.tr(&state.i18n);
    let title = if owner == Owner::Member {
        t.t("commitment-mine")
    } else {
        t.t("commitment-branch")
    };
    Ok(CommitmentPage {
        base: base(state, ctx, title, &s.form_action).await,
        t,
        criteria: criteria_for(&plan, owner),
        is_branch: owner == Owner::Branch,
        owner_name: s.owner_name,
        form_action: s.form_action,
        org: s.org,
        phase,
        commitment,
        rows,
        form_error: None,
        progress,
        overall,
        notice: None,
        opinions,
        progress_error: None,
    })
}

impl CommitmentPage<'_> {
    /// The fulfilment states, for the template's select.
    fn item_statuses(&self) -> [ItemStatus; 4] {
        ItemStatus::ALL
    }
}

/// Three empty rows to write new items in.
fn pad(rows: &mut Vec<Row>) {
    rows.extend((0..3).map(|_| Row {
        weight: "1".into(),
        ..Row::default()
    }));
}

#[derive(serde::Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// The page with a notice of what was just saved.
async fn show(
    state: &AppState,
    ctx: &Ctx,
    s: Subject,
    q: SavedQuery,
) -> Result<Response, AppError> {
    let mut p = page(state, ctx, s).await?;
    p.notice = match q.saved.as_deref() {
        Some("draft") => Some(p.t.t("commitment-saved-draft")),
        Some("submitted") => Some(p.t.t("commitment-saved-submitted")),
        Some("progress") => Some(p.t.t("commitment-saved-progress")),
        _ => None,
    };
    html(&p)
}

pub async fn mine(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let s = member_subject(&state, &ctx).await?;
    show(&state, &ctx, s, q).await
}

pub async fn branch(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let s = branch_subject(&state, &ctx, id).await?;
    show(&state, &ctx, s, q).await
}

pub async fn save_mine(
    State(state): State<AppState>,
    ctx: Ctx,
    body: Bytes,
) -> Result<Response, AppError> {
    let s = member_subject(&state, &ctx).await?;
    save(&state, &ctx, s, &body).await
}

pub async fn save_branch(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let s = branch_subject(&state, &ctx, id).await?;
    save(&state, &ctx, s, &body).await
}

/// The item rows of a posted form: the fields repeat once per row, in order.
fn rows_of(form: &FormPairs) -> Vec<ItemInput> {
    let column = |name: &str| form.all(name);
    let (keys, criteria, whats, targets, dues, weights) = (
        column("key"),
        column("criterion"),
        column("what"),
        column("target"),
        column("due_on"),
        column("weight"),
    );
    let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
    (0..whats.len())
        .map(|i| ItemInput {
            key: Some(at(&keys, i)),
            criterion: at(&criteria, i),
            what: at(&whats, i),
            target: at(&targets, i),
            due_on: at(&dues, i),
            weight: at(&weights, i),
        })
        .collect()
}

async fn save(state: &AppState, ctx: &Ctx, s: Subject, body: &[u8]) -> Result<Response, AppError> {
    let form = FormPairs::parse(body)?;
    let submit = form.all("action").iter().any(|v| v == "submit");
    let inputs = rows_of(&form);
    match rules::save(state, ctx, &s, &inputs, submit).await {
        Ok(_) => {
            let saved = if submit { "submitted" } else { "draft" };
            Ok(Redirect::to(&format!("{}?saved={saved}", s.form_action)).into_response())
        }
        Err(AppError::Refused(r)) => again(page(state, ctx, s).await?, &inputs, &r),
        Err(e) => Err(e),
    }
}

/// The form again, as typed, with each problem beside its field (or above the
/// form, for a problem of the whole list or a commitment waiting for approval).
fn again(
    mut p: CommitmentPage<'_>,
    inputs: &[ItemInput],
    refusal: &Refusal,
) -> Result<Response, AppError> {
    let filled: Vec<&ItemInput> = inputs
        .iter()
        .filter(|i| {
            !(i.what.trim().is_empty() && i.target.trim().is_empty() && i.due_on.trim().is_empty())
        })
        .collect();
    p.rows = filled
        .iter()
        .map(|i| Row {
            key: i.key.clone().unwrap_or_default(),
            criterion: i.criterion.clone(),
            what: i.what.clone(),
            target: i.target.clone(),
            due_on: i.due_on.clone(),
            weight: i.weight.clone(),
            errors: HashMap::new(),
        })
        .collect();
    let say = |id, args: &[(&'static str, String)]| p.t.i18n.args(p.t.locale, id, args);
    if refusal.errors.is_empty() {
        p.form_error = Some(say(refusal.message_id, &refusal.args));
    }
    for e in &refusal.errors {
        let message = say(e.message_id, &e.args);
        match e.index.and_then(|i| p.rows.get_mut(i)) {
            Some(row) if e.field != "items" => {
                row.errors.insert(e.field.clone(), message);
            }
            _ => p.form_error = Some(message),
        }
    }
    pad(&mut p.rows);
    html_status(refusal.status, &p)
}
