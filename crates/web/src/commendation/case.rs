//! Exemplary cases (先进典型), for the pages and the API alike: a branch's
//! leadership or an office writes one about a person or a group, with photos;
//! the campaign office above publishes it or returns it with a reason.

use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use domain::access::{Action, Role};
use store::commendation::{ExemplaryCase, NewCase};
use store::commitment::EvidenceFile;
use store::organisation::Organisation;

pub const MAX_TITLE: usize = 100;
pub const MAX_STORY: usize = 10_000;
pub const MAX_PHOTOS: usize = 6;

/// A case as typed.
#[derive(Clone, Debug, Default)]
pub struct CaseInput {
    /// A member's id, or empty for a group.
    pub person: String,
    /// An honour it tells of, or empty.
    pub honour: String,
    pub subject: String,
    pub title: String,
    pub story: String,
}

/// Who writes cases of `org`: its leadership, or an office over it.
pub fn may_write(ctx: &Ctx, org: &Organisation) -> bool {
    ctx.can(&org.path, Action::ManagePeople)
}

/// Who publishes them: a campaign office over the organisation.
pub fn may_publish(ctx: &Ctx, org: &Organisation) -> bool {
    ctx.roles_at(&org.path).contains(&Role::CampaignOffice)
}

/// Writes a case and submits it for review; every wrong field is named.
pub async fn write(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    input: &CaseInput,
    files: Vec<EvidenceFile>,
) -> Result<i64, AppError> {
    if !may_write(ctx, org) {
        return Err(ctx.refused());
    }
    let mut errors = Vec::new();
    let person_id = match input.person.trim() {
        "" => None,
        p => {
            let id = p
                .parse::<i64>()
                .map_err(|_| AppError::invalid("person", "error-bad-request"))?;
            let person = state.store.person(id).await?;
            let at = state.store.organisation(person.org_id).await?;
            if !at.path.is_within(&org.path) {
                errors.push(FieldRefusal::new("person", "incentive-error-person"));
            }
            Some(person)
        }
    };
    let honour_id = match input.honour.trim() {
        "" => None,
        h => {
            let id = h
                .parse::<i64>()
                .map_err(|_| AppError::invalid("honour", "error-bad-request"))?;
            let honour = state.store.honour(id).await?;
            if person_id.is_some() && honour.person_id != person_id.as_ref().map(|p| p.id) {
                errors.push(FieldRefusal::new("honour", "case-error-honour"));
            }
            Some(id)
        }
    };
    let subject = match (&person_id, input.subject.trim()) {
        (_, s) if !s.is_empty() => s.to_string(),
        (Some(p), _) => p.name.clone(),
        (None, _) => {
            errors.push(FieldRefusal::new("subject", "case-error-subject"));
            String::new()
        }
    };
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        errors.push(FieldRefusal::new("title", "case-error-title"));
    }
    let story = input.story.trim();
    if story.is_empty() || story.chars().count() > MAX_STORY {
        errors.push(FieldRefusal::new("story", "case-error-story"));
    }
    if files.len() > MAX_PHOTOS || files.iter().any(|f| !f.content_type.starts_with("image/")) {
        errors.push(FieldRefusal::new("photos", "case-error-photos"));
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields("case-invalid", errors));
    }
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .add_case(
            actor,
            &NewCase {
                org_id: org.id,
                person_id: person_id.map(|p| p.id),
                honour_id,
                subject,
                title: title.to_string(),
                story: story.to_string(),
                files,
            },
        )
        .await?)
}

/// The office publishes a submitted case, or returns it with a reason.
pub async fn review(
    state: &AppState,
    ctx: &Ctx,
    c: &ExemplaryCase,
    publish: bool,
    reason: &str,
) -> Result<(), AppError> {
    let org = state.store.organisation(c.org_id).await?;
    if !may_publish(ctx, &org) {
        return Err(ctx.refused());
    }
    let reason = reason.trim();
    if !publish && (reason.is_empty() || reason.chars().count() > 500) {
        return Err(AppError::invalid("reason", "case-error-reason"));
    }
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .review_case(actor, c.id, publish, (!publish).then_some(reason))
        .await?)
}
