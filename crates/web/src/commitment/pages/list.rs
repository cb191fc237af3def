//! A branch's commitments for the current phase: every submission with its
//! progress, for its leadership the approval buttons (`decide`) and the
//! opinions waiting for moderation (`opinions`), and the list as xlsx.

use crate::commitment::rules::{branch_list, may_decide, overall};
use crate::commitment::sheet::{SheetEntry, commitments_xlsx};
use crate::http::context::Ctx;
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use domain::access::Action;
use domain::commitment::opinion::OpinionStatus;
use domain::commitment::{Owner, criteria_for};
use domain::plan::Phase;
use store::commitment::Commitment;
use store::commitment::opinion::Opinion;
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
pub(super) struct CommitmentsPage<'a> {
    pub(super) t: Tr<'a>,
    base: Base,
    pub(super) org: Organisation,
    phase: Phase,
    pub(super) entries: Vec<Entry>,
    pending: Vec<Opinion>,
    can_manage: bool,
    pub(super) error: Option<String>,
    /// The branch's progress over every approved item.
    overall: u8,
    /// Criterion names by key, of both standards.
    criteria: Vec<(String, String)>,
}

impl CommitmentsPage<'_> {
    pub(super) fn criterion_name<'b>(&'b self, key: &'b str) -> &'b str {
        self.criteria
            .iter()
            .find(|(k, _)| k == key)
            .map_or(key, |(_, n)| n.as_str())
    }
}

/// The list page of `org`, which the viewer may read.
pub(super) async fn list_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    org: Organisation,
) -> Result<CommitmentsPage<'a>, AppError> {
    let list = branch_list(state, &org).await?;
    let can_manage = ctx.can(&org.path, Action::ManagePeople);
    let pending = if can_manage {
        state
            .store
            .branch_opinions(org.id, OpinionStatus::Pending)
            .await?
    } else {
        Vec::new()
    };
    let followed = match &ctx.account {
        Some(a) => state.store.followed(a.person_id).await?,
        None => Vec::new(),
    };
    let entries = list
        .commitments
        .into_iter()
        .map(|c| Entry {
            owner: c.person_name.clone().unwrap_or_else(|| org.name.clone()),
            may_decide: may_decide(ctx, &org, &c),
            followed: followed.contains(&c.id),
            progress: overall(&c, &list.progress),
            commitment: c,
        })
        .collect();
    let mut criteria = criteria_for(&list.plan, Owner::Member);
    criteria.extend(criteria_for(&list.plan, Owner::Branch));
    let t = ctx.tr(&state.i18n);
    Ok(CommitmentsPage {
        base: base(
            state,
            ctx,
            t.a1("commitments-title", "org", &org.name),
            &format!("/organisations/{}/commitments", org.id),
        )
        .await,
        t,
        org,
        phase: list.phase,
        entries,
        pending,
        can_manage,
        error: None,
        criteria,
        overall: list.overall,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    html(&list_page(&state, &ctx, org).await?)
}

/// The list as xlsx: owner, status, every item and the progress.
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    let p = list_page(&state, &ctx, org).await?;
    let title = p.t.a1("commitments-title", "org", &p.org.name);
    let entries = p.entries.iter().map(|e| SheetEntry {
        owner: &e.owner,
        commitment: &e.commitment,
        progress: e.progress,
    });
    let bytes = commitments_xlsx(&p.t, &title, entries, &|key| {
        p.criterion_name(key).to_string()
    })?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}
