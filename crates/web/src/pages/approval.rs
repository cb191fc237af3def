//! The branch's leadership at work on commitments: every submission with its
//! progress, approval or return with a reason, moderation of the masses'
//! opinions, and the lists as xlsx. A branch's own commitment is approved by a
//! campaign office above it.

use super::{Base, base, html, html_status};
use crate::http::context::{Ctx, flash};
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use crate::plan::rules::{phase_for, plan_of};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::access::{Action, Role};
use domain::commitment::{Owner, criteria_for};
use domain::plan::Phase;
use domain::review::OpinionStatus;
use rust_xlsxwriter::{Format, Workbook};
use serde::Deserialize;
use store::StoreError;
use store::commitment::Commitment;
use store::opinion::Opinion;
use store::organisation::Organisation;

/// A commitment as the list shows it.
pub struct Entry {
    pub commitment: Commitment,
    pub owner: String,
    pub progress: u8,
    pub may_decide: bool,
    /// The viewer follows it.
    pub followed: bool,
}

#[derive(Template)]
#[template(path = "commitment/list.html")]
struct CommitmentsPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    phase: Phase,
    entries: Vec<Entry>,
    pending: Vec<Opinion>,
    can_manage: bool,
    error: Option<String>,
    /// The branch's progress over every approved item.
    overall: u8,
    /// Criterion names by key, of both standards.
    criteria: Vec<(String, String)>,
}

impl CommitmentsPage<'_> {
    fn criterion_name<'b>(&'b self, key: &'b str) -> &'b str {
        self.criteria
            .iter()
            .find(|(k, _)| k == key)
            .map_or(key, |(_, n)| n.as_str())
    }
}

/// Whether the viewer may approve this commitment: the branch's leadership for a
/// member's, a campaign office above the branch for the branch's own.
pub(crate) fn may_decide(ctx: &Ctx, org: &Organisation, c: &Commitment) -> bool {
    match c.person_id {
        Some(_) => ctx.can(&org.path, Action::ManagePeople),
        None => ctx.account.as_ref().is_some_and(|a| {
            a.grants.iter().any(|g| {
                g.role == Role::CampaignOffice
                    && org.path.is_within(&g.org_path)
                    && g.org_id != org.id
            })
        }),
    }
}

async fn entries(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    phase: &str,
) -> Result<(Vec<Entry>, u8), AppError> {
    let list = state.store.branch_commitments(org.id, phase).await?;
    let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
    let progress = state.store.progress_of(&ids).await?;
    let overall = store::commitment::branch_overall(&list, &progress);
    let followed = match &ctx.account {
        Some(a) => state.store.followed(a.person_id).await?,
        None => Vec::new(),
    };
    let entries = list
        .into_iter()
        .map(|c| Entry {
            owner: c.person_name.clone().unwrap_or_else(|| org.name.clone()),
            may_decide: may_decide(ctx, org, &c),
            followed: followed.contains(&c.id),
            progress: c.overall(&progress),
            commitment: c,
        })
        .collect();
    Ok((entries, overall))
}

async fn list_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<CommitmentsPage<'a>, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    let plan = plan_of(&state.store, &org).await?;
    let phase = phase_for(&plan, crate::http::clock::today(state.config.utc_offset))
        .cloned()
        .ok_or(AppError::bad_request("plan-none"))?;
    let can_manage = ctx.can(&org.path, Action::ManagePeople);
    let pending = if can_manage {
        state
            .store
            .branch_opinions(org.id, OpinionStatus::Pending)
            .await?
    } else {
        Vec::new()
    };
    let (entries, overall) = entries(state, ctx, &org, &phase.key).await?;
    let mut criteria = criteria_for(&plan, Owner::Member);
    criteria.extend(criteria_for(&plan, Owner::Branch));
    let t = ctx.tr(&state.i18n);
    Ok(CommitmentsPage {
        base: base(
            state,
            ctx,
            t.a1("commitments-title", "org", &org.name),
            &format!("/orgs/{id}/commitments"),
        )
        .await,
        t,
        org,
        phase,
        entries,
        pending,
        can_manage,
        error: None,
        criteria,
        overall,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&list_page(&state, &ctx, id).await?)
}

#[derive(Deserialize)]
pub struct Decision {
    decision: String,
    #[serde(default)]
    reason: String,
}

/// Why a decision on a commitment did not go through.
pub(crate) enum Refused {
    /// The request itself is wrong (status 422), or the commitment is not in a
    /// state that allows it (409); the message id says which.
    Invalid(&'static str),
    Conflict(&'static str),
}

/// Approves or returns a commitment for the page and the API alike: checks who
/// asks and the reason, makes the change, drops the cached board.
pub(crate) async fn decide_commitment(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    decision: &str,
    reason: &str,
) -> Result<Result<i64, Refused>, AppError> {
    let c = state.store.commitment(id).await?;
    let org = state.store.organisation(c.org_id).await?;
    let actor = ctx.user()?.username.clone();
    if !may_decide(ctx, &org, &c) {
        return Err(AppError::Forbidden);
    }
    let result = match decision {
        "approve" => state.store.approve_commitment(&actor, id).await,
        "return" => match domain::review::required_text(reason, 500) {
            Ok(reason) => state.store.return_commitment(&actor, id, &reason).await,
            Err(_) => return Ok(Err(Refused::Invalid("commitment-error-reason"))),
        },
        _ => return Err(AppError::bad_request("error-bad-request")),
    };
    // Dropped after the change, so no request can keep the old board.
    state
        .shared::<crate::board_cache::BoardCache>()
        .forget(org.id);
    match result {
        Ok(()) => Ok(Ok(org.id)),
        Err(StoreError::Conflict(message)) => Ok(Err(Refused::Conflict(message))),
        Err(e) => Err(e.into()),
    }
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<Decision>,
) -> Result<Response, AppError> {
    let (status, message) =
        match decide_commitment(&state, &ctx, id, &f.decision, &f.reason).await? {
            Ok(org) => {
                let done = if f.decision == "approve" {
                    "flash-commitment-approved"
                } else {
                    "flash-commitment-returned"
                };
                let to = format!("/orgs/{org}/commitments");
                return Ok(flash(&to, done, state.config.secure_cookies));
            }
            Err(Refused::Invalid(m)) => (StatusCode::UNPROCESSABLE_ENTITY, m),
            Err(Refused::Conflict(m)) => (StatusCode::CONFLICT, m),
        };
    let org = state.store.commitment(id).await?.org_id;
    let mut p = list_page(&state, &ctx, org).await?;
    p.error = Some(p.t.t(message));
    html_status(status, &p)
}

#[derive(Deserialize)]
pub struct Moderation {
    approve: String,
}

pub async fn moderate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<Moderation>,
) -> Result<Response, AppError> {
    let o = state.store.opinion(id).await?;
    let org = state.store.organisation(o.org_id).await?;
    let actor = ctx
        .require(&org.path, Action::ManagePeople)?
        .username
        .clone();
    let result = state
        .store
        .moderate_opinion(&actor, id, f.approve == "1")
        .await;
    state
        .shared::<crate::board_cache::BoardCache>()
        .forget(org.id);
    let done = if f.approve == "1" {
        "flash-opinion-shown"
    } else {
        "flash-opinion-hidden"
    };
    match result {
        Ok(()) | Err(StoreError::Conflict(_)) => Ok(flash(
            &format!("/orgs/{}/commitments", org.id),
            done,
            state.config.secure_cookies,
        )),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct Reply {
    reply: String,
}

/// The commitment's owner answers its opinions: the member, or for the branch's
/// own commitment, the branch leadership.
pub(crate) fn owns_opinion(ctx: &Ctx, org: &Organisation, o: &Opinion) -> bool {
    let me = ctx.account.as_ref().map(|a| a.person_id);
    match o.owner_person_id {
        Some(p) => me == Some(p),
        None => ctx.can(&org.path, Action::ManagePeople),
    }
}

/// The member answers an approved opinion on their commitment, in public.
pub async fn reply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<Reply>,
) -> Result<Response, AppError> {
    let o = state.store.opinion(id).await?;
    let account = ctx.user()?;
    let org = state.store.organisation(o.org_id).await?;
    if !owns_opinion(&ctx, &org, &o) {
        return Err(AppError::Forbidden);
    }
    let text = domain::review::required_text(&f.reply, 500)
        .map_err(|_| AppError::bad_request("commitment-error-reply"))?;
    let result = state
        .store
        .reply_to_opinion(&account.username, id, &text)
        .await;
    state
        .shared::<crate::board_cache::BoardCache>()
        .forget(o.org_id);
    result?;
    // Back where the owner answers: their commitments, or the branch's own.
    let to = match o.owner_person_id {
        Some(_) => "/commitments".to_string(),
        None => format!("/orgs/{}/commitment", o.org_id),
    };
    Ok(flash(&to, "flash-reply-sent", state.config.secure_cookies))
}

/// The list as xlsx: owner, status, every approved item and the progress.
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let p = list_page(&state, &ctx, id).await?;
    let t = p.t;
    let bytes = commitments_xlsx(&p)?;
    Ok(xlsx_download(
        &format!("{}.xlsx", t.a1("commitments-title", "org", &p.org.name)),
        bytes,
    ))
}

fn commitments_xlsx(p: &CommitmentsPage<'_>) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let (t, org, entries) = (&p.t, &p.org, &p.entries);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_paper_size(9);
    let bold = Format::new().set_bold();
    sheet.merge_range(
        0,
        0,
        0,
        6,
        &t.a1("commitments-title", "org", &org.name),
        &bold,
    )?;
    let headers = [
        "commitment-owner",
        "commitment-status-col",
        "commitment-progress",
        "commitment-criterion",
        "commitment-what",
        "commitment-target",
        "commitment-due",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, t.t(h), &bold)?;
        sheet.set_column_width(c as u16, if c == 4 { 40 } else { 14 })?;
    }
    let mut row = 2u32;
    for e in entries {
        let items = e
            .commitment
            .approved
            .clone()
            .unwrap_or_else(|| e.commitment.draft.clone());
        for (i, item) in items.iter().enumerate() {
            if i == 0 {
                sheet.write_string(row, 0, &e.owner)?;
                sheet.write_string(row, 1, t.e("commitment-status", &e.commitment.status))?;
                sheet.write_number(row, 2, f64::from(e.progress))?;
            }
            sheet.write_string(row, 3, p.criterion_name(&item.criterion))?;
            sheet.write_string(row, 4, &item.what)?;
            sheet.write_string(row, 5, &item.target)?;
            sheet.write_string(row, 6, item.due_on.to_string())?;
            row += 1;
        }
    }
    book.save_to_buffer()
}

/// Every opinion of the branch, in all states, as xlsx (for the leadership).
pub async fn export_opinions(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::ManagePeople)?;
    let t = ctx.tr(&state.i18n);
    let mut all = Vec::new();
    for status in [
        OpinionStatus::Pending,
        OpinionStatus::Approved,
        OpinionStatus::Rejected,
    ] {
        all.extend(state.store.branch_opinions(org.id, status).await?);
    }
    all.sort_by_key(|o| o.id);
    let title = t.a1("opinions-title", "org", &org.name);
    let rows = all.iter().map(|o| {
        vec![
            t.time(&o.created_at),
            o.owner_name.clone().unwrap_or_else(|| org.name.clone()),
            o.name.clone().unwrap_or_else(|| t.t("opinion-anonymous")),
            o.text.clone(),
            t.e("opinion-status", &o.status),
            o.reply.clone().unwrap_or_default(),
        ]
    });
    let headers = [
        "audit-at",
        "commitment-owner",
        "opinion-col-name",
        "opinion-col-text",
        "commitment-status-col",
        "opinion-reply",
    ];
    let bytes = crate::http::download::table_xlsx(&t, &title, &headers, rows)?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}
