//! The publicity plan (宣传规划), for the pages and the API alike: the
//! secretary or office plans an item for a phase of the plan and one of its
//! channels, due inside that phase, with an owner; the owner (or a planner)
//! marks it done by linking the published piece that fulfils it.

use super::rules::may_review;
use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use domain::date::Day;
use domain::plan::Plan;
use domain::publicity::{ItemState, MAX_TITLE, PublicationStatus};
use domain::text;
use store::organisation::Organisation;
use store::publicity::{NewPublicityItem, PublicityItem};

/// An item as typed.
#[derive(Clone, Debug, Default)]
pub struct ItemInput {
    pub phase: String,
    /// The time node or festival it serves.
    pub occasion: String,
    pub title: String,
    /// A key of the plan's publicity channels.
    pub channel: String,
    /// A person's id within the organisation.
    pub owner: String,
    /// YYYY-MM-DD, inside the phase.
    pub due_on: String,
}

pub fn may_plan(ctx: &Ctx, org: &Organisation) -> bool {
    may_review(ctx, org)
}

/// Plans an item; every wrong field is named.
pub async fn add(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    input: &ItemInput,
) -> Result<i64, AppError> {
    if !may_plan(ctx, org) {
        return Err(ctx.refused());
    }
    let plan = state
        .store
        .current_plan(org)
        .await?
        .ok_or(AppError::unprocessable("publicity-item-error-plan"))?
        .plan;
    let mut errors = Vec::new();
    let mut take = |field: &'static str, r: Result<Option<String>, text::TextProblem>| {
        r.map_err(|p| errors.push(FieldRefusal::new(field, p.message_id()).with_args(p.args())))
            .ok()
            .flatten()
            .unwrap_or_default()
    };
    let title = take("title", text::required(&input.title, MAX_TITLE).map(Some));
    let occasion = take("occasion", text::optional(&input.occasion, 60));
    let phase = plan.phases.iter().find(|p| p.key == input.phase.trim());
    if phase.is_none() {
        errors.push(FieldRefusal::new("phase", "publicity-item-error-phase"));
    }
    let channel = input.channel.trim();
    if !plan
        .leadership
        .publicity_channels
        .iter()
        .any(|c| c.key == channel)
    {
        errors.push(FieldRefusal::new("channel", "publicity-item-error-channel"));
    }
    let owner = match input.owner.trim().parse::<i64>() {
        Ok(id) => match state.store.person(id).await {
            Ok(p)
                if state
                    .store
                    .organisation(p.org_id)
                    .await?
                    .path
                    .is_within(&org.path) =>
            {
                Some(id)
            }
            Ok(_) | Err(store::StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        Err(_) => None,
    };
    if owner.is_none() {
        errors.push(FieldRefusal::new("owner", "publicity-item-error-owner"));
    }
    let due_on = Day::parse_iso(input.due_on.trim());
    match (due_on, phase) {
        (None, _) => errors.push(FieldRefusal::new("due_on", "publicity-item-error-day")),
        (Some(d), Some(p)) if d < p.starts_on || d > p.ends_on => errors.push(
            FieldRefusal::new("due_on", "publicity-item-error-due").with_args(vec![
                ("phase", p.name.clone()),
                ("starts", p.starts_on.to_string()),
                ("ends", p.ends_on.to_string()),
            ]),
        ),
        _ => {}
    }
    let (Some(phase), Some(owner), Some(due_on), true) = (phase, owner, due_on, errors.is_empty())
    else {
        return Err(AppError::invalid_fields("publicity-item-invalid", errors));
    };
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .add_publicity_item(
            actor,
            &NewPublicityItem {
                org_id: org.id,
                phase_key: phase.key.clone(),
                occasion,
                title,
                channel_key: channel.to_string(),
                owner_person_id: owner,
                due_on,
            },
        )
        .await?)
}

/// Whether the person may mark the item done: its owner, or a planner.
pub fn may_link(ctx: &Ctx, org: &Organisation, item: &PublicityItem) -> bool {
    ctx.account
        .as_deref()
        .is_some_and(|a| a.person_id == item.owner_person_id)
        || may_plan(ctx, org)
}

/// Marks the item done by the published piece of the organisation that fulfils it.
pub async fn link(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    item: &PublicityItem,
    publication: &str,
) -> Result<(), AppError> {
    if !may_link(ctx, org, item) {
        return Err(ctx.refused());
    }
    let publication = publication
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::invalid("publication", "publicity-item-error-publication"))?;
    match state.store.publication(publication).await {
        Ok(p) if p.org_id == org.id && p.status == PublicationStatus::Published => {}
        Ok(_) | Err(store::StoreError::NotFound) => {
            return Err(AppError::invalid(
                "publication",
                "publicity-item-error-publication",
            ));
        }
        Err(e) => return Err(e.into()),
    }
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .link_publicity_item(actor, item.id, publication)
        .await?)
}

/// An item with what the page shows beside it.
pub struct Line {
    pub item: PublicityItem,
    pub state: ItemState,
    pub phase: String,
    pub channel: String,
    pub can_link: bool,
}

/// A key of the plan and its name.
type KeyName<'a> = (&'a String, &'a String);

/// The items with their state on `today`, their phase's and channel's names.
pub fn lines(
    ctx: &Ctx,
    org: &Organisation,
    plan: Option<&Plan>,
    items: Vec<PublicityItem>,
    today: Day,
) -> Vec<Line> {
    let (phases, channels): (Vec<KeyName>, Vec<KeyName>) = match plan {
        Some(p) => (
            p.phases.iter().map(|x| (&x.key, &x.name)).collect(),
            p.leadership
                .publicity_channels
                .iter()
                .map(|c| (&c.key, &c.name))
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    // A key's name in the plan; the key itself where the plan has none.
    let name = |key: &str, names: &[KeyName]| {
        names
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(key.to_string(), |(_, n)| n.to_string())
    };
    items
        .into_iter()
        .map(|item| Line {
            state: ItemState::of(item.due_on, item.publication.is_some(), today),
            phase: name(&item.phase_key, &phases),
            channel: name(&item.channel_key, &channels),
            can_link: item.publication.is_none() && may_link(ctx, org, &item),
            item,
        })
        .collect()
}
