//! Where a person stands in the study programme (素质工程), for the pages and
//! the API alike: the plan's quotas that cover them and the days they are
//! covered; who reads whose log and who oversees an organisation's study.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use domain::access::Role;
use domain::date::Day;
use domain::person::PoliticalStatus;
use domain::plan::{Plan, Quota};
use domain::study::{Span, covers};
use std::collections::HashMap;
use store::organisation::Organisation;
use store::person::Person;
use store::study::{QuotaRule, StudyScope};
use time::UtcOffset;

/// The largest reflection, article, minutes or photo we take.
pub const MAX_DOCUMENT: usize = 4 * 1024 * 1024;

/// The campaign's days, first phase to last.
pub fn campaign_span(plan: &Plan) -> Result<Span, AppError> {
    plan.span()
        .map(|(a, b)| Span::new(a, b))
        .ok_or(AppError::bad_request("plan-none"))
}

pub fn rule(q: &Quota) -> QuotaRule {
    QuotaRule {
        key: q.key.clone(),
        period: q.period,
        target: q.target,
        unit: q.unit,
    }
}

/// The days a person is covered: from the day they were added (or the campaign's
/// start) to the campaign's end.
pub fn covered(campaign: Span, added_on: Option<Day>) -> Span {
    Span::new(
        added_on.map_or(campaign.first, |d| d.max(campaign.first)),
        campaign.last,
    )
}

/// The quotas of `plan` that apply to someone of `status`.
pub fn quotas_for(plan: &Plan, status: PoliticalStatus) -> Vec<&Quota> {
    plan.quotas
        .iter()
        .filter(|q| covers(q.covers, status))
        .collect()
}

/// What the store needs to keep a person's standings.
pub fn scope_for(plan: &Plan, person: &Person, offset: UtcOffset) -> Result<StudyScope, AppError> {
    let campaign = campaign_span(plan)?;
    Ok(StudyScope {
        rules: quotas_for(plan, person.status)
            .into_iter()
            .map(rule)
            .collect(),
        covered: covered(
            campaign,
            crate::http::clock::local_day(&person.created_at, offset),
        ),
        today: crate::http::clock::today(offset),
    })
}

/// The signed-in person, their branch and its plan.
pub async fn me(state: &AppState, ctx: &Ctx) -> Result<(Person, Organisation, Plan), AppError> {
    let account = ctx.user()?;
    let person = state.store.person(account.person_id).await?;
    let org = state.store.organisation(person.org_id).await?;
    let plan = plan_of(&state.store, &org).await?;
    Ok((person, org, plan))
}

/// The signed-in person, their branch, its plan, and their quotas under it.
pub async fn me_in_scope(
    state: &AppState,
    ctx: &Ctx,
) -> Result<(Person, Organisation, Plan, store::study::StudyScope), AppError> {
    let (person, org, plan) = me(state, ctx).await?;
    let scope = scope_for(&plan, &person, state.config.utc_offset)?;
    Ok((person, org, plan, scope))
}

/// Whether the signed-in person oversees `org`: its leadership, a leader or an
/// office above it.
pub fn oversees(ctx: &Ctx, org: &Organisation) -> bool {
    ctx.roles_at(&org.path).iter().any(|r| {
        matches!(
            r,
            Role::Secretary | Role::Deputy | Role::Leader | Role::CampaignOffice
        )
    })
}
/// Whether the signed-in person may read the study log of `owner`, who belongs
/// to `org`: their own, or one their leadership oversees.
pub fn reads_log_of(ctx: &Ctx, owner: i64, org: &Organisation) -> Result<bool, AppError> {
    Ok(ctx.user()?.person_id == owner || oversees(ctx, org))
}

/// A person's own log, or one their leadership oversees.
pub async fn readable_person(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Person, Plan), AppError> {
    let person = state.store.person(id).await?;
    let org = state.store.organisation(person.org_id).await?;
    if !reads_log_of(ctx, id, &org)? {
        return Err(AppError::Forbidden);
    }
    let plan = plan_of(&state.store, &org).await?;
    Ok((person, plan))
}

/// The organisation, if the signed-in person oversees it (see `oversees`).
pub async fn overseen(state: &AppState, ctx: &Ctx, id: i64) -> Result<Organisation, AppError> {
    ctx.user()?;
    let org = state.store.organisation(id).await?;
    if !oversees(ctx, &org) {
        return Err(AppError::Forbidden);
    }
    Ok(org)
}

/// Rewrites the standings of everyone under `org` from their logs, by the plan
/// now in force for each: run after a plan is imported, so that a changed target
/// or period counts from then on. Returns how many people.
pub async fn restand_all(
    store: &store::Store,
    org: &Organisation,
    offset: UtcOffset,
) -> Result<usize, AppError> {
    let people = store.all_people(&org.path).await?;
    let mut plans: HashMap<i64, Plan> = HashMap::new();
    for p in &people {
        let plan = match plans.entry(p.org_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let o = store.organisation(p.org_id).await?;
                e.insert(plan_of(store, &o).await?)
            }
        };
        store.restand(p.id, &scope_for(plan, p, offset)?).await?;
    }
    Ok(people.len())
}
