//! Writing a commitment and recording its fulfilment: a member's own under the
//! member standard (我的承诺), and the branch's own under the organisation standard,
//! written by the branch's leadership.

use super::{Base, base, html, html_status};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use crate::plan::rules::{phase_for, plan_of};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Action;
use domain::commitment::{ItemError, ItemInput, ItemStatus, Owner, check_items, criteria_for};
use domain::plan::Phase;
use std::collections::HashMap;
use store::StoreError;
use store::commitment::{Commitment, EvidenceFile, Progress};
use store::opinion::Opinion;
use store::organisation::Organisation;

/// The largest evidence file.
pub const MAX_EVIDENCE: usize = 4 * 1024 * 1024;

/// One row of the item form, as typed, with the error beside each field.
#[derive(Default)]
pub struct Row {
    pub key: String,
    pub criterion: String,
    pub what: String,
    pub target: String,
    pub due_on: String,
    pub weight: String,
    pub errors: HashMap<&'static str, String>,
}

impl Row {
    pub fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

#[derive(Template)]
#[template(path = "commitment/edit.html")]
struct CommitmentPage<'a> {
    t: Tr<'a>,
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
    progress_error: Option<(String, String, String)>,
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

/// Whose commitment a page is about.
struct Subject {
    org: Organisation,
    person_id: Option<i64>,
    owner_name: String,
    form_action: String,
}

async fn member_subject(state: &AppState, ctx: &Ctx) -> Result<Subject, AppError> {
    let account = ctx.user()?;
    let person = state.store.person(account.person_id).await?;
    Ok(Subject {
        org: state.store.organisation(person.org_id).await?,
        person_id: Some(person.id),
        owner_name: person.name,
        form_action: "/commitments".into(),
    })
}

async fn branch_subject(state: &AppState, ctx: &Ctx, org_id: i64) -> Result<Subject, AppError> {
    let org = state.store.organisation(org_id).await?;
    ctx.require(&org.path, Action::ManagePeople)?;
    Ok(Subject {
        owner_name: org.name.clone(),
        form_action: format!("/orgs/{org_id}/commitment"),
        org,
        person_id: None,
    })
}

async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    s: Subject,
) -> Result<CommitmentPage<'a>, AppError> {
    let plan = plan_of(&state.store, &s.org).await?;
    let owner = if s.person_id.is_some() {
        Owner::Member
    } else {
        Owner::Branch
    };
    let phase = phase_for(&plan, crate::http::clock::today(state.config.utc_offset))
        .cloned()
        .ok_or(AppError::bad_request("plan-none"))?;
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
    let overall = commitment.as_ref().map_or(0, |c| c.overall(&all));
    let progress: HashMap<String, Progress> =
        all.into_iter().map(|((_, key), p)| (key, p)).collect();
    let opinions = match &commitment {
        Some(c) => state
            .store
            .branch_opinions(s.org.id, domain::review::OpinionStatus::Approved)
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
fn rows_of(pairs: &[(String, String)]) -> Vec<ItemInput> {
    let column = |name: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
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
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
        .map_err(|_| AppError::bad_request("error-bad-request"))?;
    let submit = pairs.iter().any(|(k, v)| k == "action" && v == "submit");
    let inputs = rows_of(&pairs);
    let actor = ctx.user()?.username.clone();
    let (org_id, person_id) = (s.org.id, s.person_id);
    let mut p = page(state, ctx, s).await?;
    let plan = plan_of(&state.store, &p.org).await?;
    let owner = if p.is_branch {
        Owner::Branch
    } else {
        Owner::Member
    };
    let mut new_key = || store::random_hex(6).unwrap_or_default();
    let items = match check_items(&inputs, &plan, owner, &p.phase, &mut new_key) {
        Ok(items) => items,
        Err(errors) => return again(p, &inputs, &errors),
    };
    match state
        .store
        .save_commitment_draft(&actor, org_id, person_id, &p.phase.key, &items)
        .await
    {
        Ok(id) => {
            if submit {
                state.store.submit_commitment(&actor, id).await?;
            }
            let to = format!(
                "{}?saved={}",
                p.form_action,
                if submit { "submitted" } else { "draft" }
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(StoreError::Conflict(id)) => {
            p.form_error = Some(p.t.t(id));
            html_status(StatusCode::CONFLICT, &p)
        }
        Err(e) => Err(e.into()),
    }
}

/// The form again, as typed, with each problem beside its field.
fn again(
    mut p: CommitmentPage<'_>,
    inputs: &[ItemInput],
    errors: &[ItemError],
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
    for e in errors {
        let message =
            p.t.i18n
                .args(p.t.locale, e.problem.message_id(), &e.problem.args());
        match p.rows.get_mut(e.index) {
            Some(row) if e.field != "items" => {
                row.errors.insert(e.field, message);
            }
            _ => p.form_error = Some(message),
        }
    }
    pad(&mut p.rows);
    html_status(StatusCode::UNPROCESSABLE_ENTITY, &p)
}

/// Who may report progress on a commitment: its member, or for the branch's
/// own, the branch's leadership.
pub(crate) async fn may_report(
    state: &AppState,
    ctx: &Ctx,
    c: &Commitment,
) -> Result<bool, AppError> {
    let account = ctx.user()?;
    Ok(match c.person_id {
        Some(p) => p == account.person_id,
        None => {
            let org = state.store.organisation(c.org_id).await?;
            ctx.can(&org.path, Action::ManagePeople)
        }
    })
}

/// Image or PDF, told by the bytes themselves, never by the name.
pub fn evidence_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

pub async fn record_progress(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, key)): Path<(i64, String)>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let c = state.store.commitment(id).await?;
    if !may_report(&state, &ctx, &c).await? {
        return Err(AppError::Forbidden);
    }
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::TooLarge)?
    {
        let name = field.name().unwrap_or_default().to_string();
        if name == "evidence" {
            let filename = crate::http::text_guard::checked(
                field.file_name().unwrap_or_default().to_string(),
            )?;
            let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
            if !bytes.is_empty() {
                file = Some((filename, bytes.to_vec()));
            }
        } else {
            let text = field
                .text()
                .await
                .map_err(|_| AppError::bad_request("error-bad-request"))?;
            fields.insert(name, crate::http::text_guard::checked(text)?);
        }
    }
    let back = if c.person_id.is_some() {
        "/commitments".to_string()
    } else {
        format!("/orgs/{}/commitment", c.org_id)
    };
    let t = ctx.tr(&state.i18n);
    let percent = fields
        .get("percent")
        .and_then(|p| p.trim().parse::<u8>().ok())
        .filter(|p| *p <= 100);
    let status = fields.get("status").and_then(|s| ItemStatus::parse(s));
    let note = domain::review::optional_text(fields.get("note").map_or("", String::as_str), 500);
    let evidence = match file {
        Some((_, bytes)) if bytes.len() > MAX_EVIDENCE => return Err(AppError::TooLarge),
        Some((filename, bytes)) => match evidence_type(&bytes) {
            Some(content_type) => Some(EvidenceFile {
                filename,
                content_type: content_type.into(),
                body: bytes,
            }),
            None => {
                // The page again, the note as typed, the reason beside the file.
                let subject = match c.person_id {
                    Some(_) => member_subject(&state, &ctx).await?,
                    None => branch_subject(&state, &ctx, c.org_id).await?,
                };
                let mut p = page(&state, &ctx, subject).await?;
                let note = fields.get("note").cloned().unwrap_or_default();
                p.progress_error = Some((key, p.t.t("commitment-error-evidence"), note));
                return html_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
            }
        },
        None => None,
    };
    let (Some(percent), Some(status), Ok(note)) = (percent, status, note) else {
        return Err(AppError::bad_request("commitment-error-progress"));
    };
    let link = format!("/board/{}", c.org_id);
    let actor = ctx.user()?.username.clone();
    state
        .store
        .record_progress(
            &actor,
            &c,
            &key,
            percent,
            status,
            note.as_deref().unwrap_or(""),
            evidence,
            (&t.t("commitment-progress-notice"), &link),
        )
        .await?;
    state
        .shared::<crate::board_cache::BoardCache>()
        .forget(c.org_id);
    Ok(Redirect::to(&format!("{back}?saved=progress")).into_response())
}

pub async fn follow(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<FollowForm>,
) -> Result<Response, AppError> {
    let c = state.store.commitment(id).await?;
    let org = state.store.organisation(c.org_id).await?;
    let account = ctx.require(&org.path, Action::Read)?;
    state
        .store
        .follow(account.person_id, id, f.on == "1")
        .await?;
    Ok(Redirect::to(&format!("/orgs/{}/commitments", c.org_id)).into_response())
}

#[derive(serde::Deserialize)]
pub struct FollowForm {
    on: String,
}

#[cfg(test)]
mod tests {
    use super::evidence_type;

    #[test]
    fn evidence_is_known_by_its_bytes() {
        assert_eq!(evidence_type(b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(evidence_type(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(evidence_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(evidence_type(b"MZ\x90\x00 pretending.pdf"), None);
        assert_eq!(evidence_type(b"<html>"), None);
    }
}
