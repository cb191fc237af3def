//! Writing rules and their versions, adopting and repealing, for the pages and
//! the API alike: each field checked and named, the origin checked to be a
//! published circular above the organisation, an honour or a published case
//! within it.

use super::rules::may_write;
use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use domain::date::Day;
use domain::rule::{MAX_NOTE, MAX_TEXT, MAX_TITLE, OriginKind, Visibility, parse_origin};
use domain::text;
use store::organisation::Organisation;
use store::rule::{NewRule, Rule, VersionText};
use store::supervision::CircularStatus;

/// A version as typed.
#[derive(Clone, Debug, Default)]
pub struct VersionInput {
    pub text: String,
    /// YYYY-MM-DD.
    pub effective_on: String,
    pub note: String,
}

/// A rule as typed, with its first version.
#[derive(Clone, Debug, Default)]
pub struct RuleInput {
    pub title: String,
    pub visibility: String,
    /// `circular:ID`, `honour:ID`, `case:ID`, or empty.
    pub origin: String,
    pub origin_note: String,
    pub version: VersionInput,
}

/// A checked field's value, or its problem noted beside the others.
fn take<T>(
    errors: &mut Vec<FieldRefusal>,
    field: &'static str,
    checked: Result<T, text::TextProblem>,
) -> Option<T> {
    checked
        .map_err(|p| errors.push(FieldRefusal::new(field, p.message_id()).with_args(p.args())))
        .ok()
}

fn check_version(v: &VersionInput, errors: &mut Vec<FieldRefusal>) -> Option<VersionText> {
    let text = take(errors, "text", text::required(&v.text, MAX_TEXT));
    let note = take(errors, "note", text::optional(&v.note, MAX_NOTE));
    let effective_on = Day::parse_iso(v.effective_on.trim());
    if effective_on.is_none() {
        errors.push(FieldRefusal::new("effective_on", "rule-error-effective-on"));
    }
    Some(VersionText {
        text: text?,
        effective_on: effective_on?,
        note: note?.unwrap_or_default(),
    })
}

/// Whether the practice a rule names is one the organisation may cite.
async fn origin_stands(
    state: &AppState,
    org: &Organisation,
    kind: OriginKind,
    id: i64,
) -> Result<bool, AppError> {
    Ok(match kind {
        OriginKind::Circular => match state.store.circular(id).await {
            Ok(c) => c.status == CircularStatus::Published && org.path.ids().contains(&c.org_id),
            Err(store::StoreError::NotFound) => false,
            Err(e) => return Err(e.into()),
        },
        OriginKind::Honour => state
            .store
            .honour_roll(&org.path)
            .await?
            .iter()
            .any(|h| h.id == id),
        OriginKind::Case => state
            .store
            .cases_within(&org.path, true)
            .await?
            .iter()
            .any(|c| c.id == id),
    })
}

/// Writes a rule and its first version as drafts.
pub async fn write(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    input: &RuleInput,
) -> Result<i64, AppError> {
    if !may_write(ctx, org) {
        return Err(ctx.refused());
    }
    let mut errors = Vec::new();
    let title = take(
        &mut errors,
        "title",
        text::required(&input.title, MAX_TITLE),
    );
    let origin_note = take(
        &mut errors,
        "origin_note",
        text::optional(&input.origin_note, MAX_NOTE),
    );
    let visibility = Visibility::parse(input.visibility.trim());
    if visibility.is_none() {
        errors.push(FieldRefusal::new("visibility", "rule-error-visibility"));
    }
    let origin = match input.origin.trim() {
        "" => None,
        o => match parse_origin(o) {
            Some((kind, id)) if origin_stands(state, org, kind, id).await? => Some((kind, id)),
            _ => {
                errors.push(FieldRefusal::new("origin", "rule-error-origin"));
                None
            }
        },
    };
    let version = check_version(&input.version, &mut errors);
    let (Some(title), Some(origin_note), Some(visibility), Some(version), true) =
        (title, origin_note, visibility, version, errors.is_empty())
    else {
        return Err(AppError::invalid_fields("rule-invalid", errors));
    };
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .add_rule(
            actor,
            &NewRule {
                org_id: org.id,
                title,
                visibility,
                origin,
                origin_note: origin_note.unwrap_or_default(),
                version,
            },
        )
        .await?)
}

/// Starts the next version as a draft.
pub async fn new_version(
    state: &AppState,
    ctx: &Ctx,
    r: &Rule,
    org: &Organisation,
    input: &VersionInput,
) -> Result<i64, AppError> {
    if !may_write(ctx, org) {
        return Err(ctx.refused());
    }
    let mut errors = Vec::new();
    let Some(v) = check_version(input, &mut errors).filter(|_| errors.is_empty()) else {
        return Err(AppError::invalid_fields("rule-invalid", errors));
    };
    let actor = &ctx.user()?.username;
    Ok(state.store.add_rule_version(actor, r.id, &v).await?)
}

/// Changes the draft version.
pub async fn edit_version(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    version_id: i64,
    input: &VersionInput,
) -> Result<(), AppError> {
    if !may_write(ctx, org) {
        return Err(ctx.refused());
    }
    let mut errors = Vec::new();
    let Some(v) = check_version(input, &mut errors).filter(|_| errors.is_empty()) else {
        return Err(AppError::invalid_fields("rule-invalid", errors));
    };
    let actor = &ctx.user()?.username;
    Ok(state.store.edit_rule_version(actor, version_id, &v).await?)
}

/// Puts a draft version in force.
pub async fn adopt(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    version_id: i64,
) -> Result<(), AppError> {
    if !may_write(ctx, org) {
        return Err(ctx.refused());
    }
    let actor = &ctx.user()?.username;
    Ok(state.store.adopt_rule_version(actor, version_id).await?)
}

/// Repeals the rule from a day, with a reason.
pub async fn repeal(
    state: &AppState,
    ctx: &Ctx,
    r: &Rule,
    org: &Organisation,
    on: &str,
    reason: &str,
) -> Result<(), AppError> {
    if !may_write(ctx, org) {
        return Err(ctx.refused());
    }
    let mut errors = Vec::new();
    let on = Day::parse_iso(on.trim());
    if on.is_none() {
        errors.push(FieldRefusal::new("repealed_on", "rule-error-effective-on"));
    }
    let reason = take(&mut errors, "reason", text::required(reason, MAX_NOTE));
    let (Some(on), Some(reason), true) = (on, reason, errors.is_empty()) else {
        return Err(AppError::invalid_fields("rule-invalid", errors));
    };
    let actor = &ctx.user()?.username;
    Ok(state.store.repeal_rule(actor, r.id, on, &reason).await?)
}
