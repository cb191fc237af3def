//! Objections during the 公示, for the pages and the API alike: anyone raises
//! one without an account (name and contact optional), limited per visitor and
//! day, with a honeypot; the office records each one's outcome.

use crate::commendation::rules::is_office;
use crate::http::clock::today;
use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use store::commendation::{NewObjection, Selection};
use store::organisation::Organisation;

/// The longest objection kept, and the longest name and contact.
pub const MAX_TEXT: usize = 1000;
pub const MAX_NAME: usize = 50;

/// An objection as a visitor sent it.
#[derive(Clone, Debug, Default)]
pub struct ObjectionInput {
    pub candidate: String,
    pub text: String,
    pub name: String,
    pub contact: String,
    /// A field hidden from people: a bot fills it, and its objection is dropped.
    pub honeypot: String,
}

/// Takes a visitor's objection; `ip` only limits how many one visitor raises in
/// a day and is kept hashed with the day.
pub async fn raise(
    state: &AppState,
    ip: &str,
    s: &Selection,
    input: &ObjectionInput,
) -> Result<(), AppError> {
    let today = today(state.config.utc_offset);
    if !s.in_publicity(today) {
        return Err(AppError::conflict("objection-error-ended"));
    }
    if !input.honeypot.is_empty() {
        return Ok(());
    }
    let mut errors = Vec::new();
    let nomination_id = input.candidate.trim().parse::<i64>().ok();
    if nomination_id.is_none() {
        errors.push(FieldRefusal::new("candidate", "objection-error-candidate"));
    }
    let text = input.text.trim();
    if text.is_empty() || text.chars().count() > MAX_TEXT {
        errors.push(FieldRefusal::new("text", "objection-error-text"));
    }
    let optional = |v: &str, field: &'static str, errors: &mut Vec<FieldRefusal>| {
        let v = v.trim();
        if v.chars().count() > MAX_NAME {
            errors.push(FieldRefusal::new(field, "objection-error-long"));
        }
        (!v.is_empty()).then(|| v.to_string())
    };
    let name = optional(&input.name, "name", &mut errors);
    let contact = optional(&input.contact, "contact", &mut errors);
    let (Some(nomination_id), true) = (nomination_id, errors.is_empty()) else {
        return Err(AppError::invalid_fields("objection-invalid", errors));
    };
    let source = domain::secret::digest(&format!("{ip}/{today}"));
    let o = NewObjection {
        nomination_id,
        text: text.to_string(),
        name,
        contact,
        source,
    };
    match state.store.raise_objection(s.id, &o, today).await {
        Ok(_) => Ok(()),
        Err(store::StoreError::Conflict("objection-error-rate")) => {
            Err(AppError::too_many("objection-error-rate"))
        }
        Err(store::StoreError::NotFound) => {
            Err(AppError::invalid("candidate", "objection-error-candidate"))
        }
        Err(e) => Err(e.into()),
    }
}

/// The office records an objection's outcome: upheld or dismissed, and why.
pub async fn handle(
    state: &AppState,
    ctx: &Ctx,
    decider: &Organisation,
    id: i64,
    upheld: &str,
    outcome: &str,
) -> Result<i64, AppError> {
    if !is_office(ctx, decider) {
        return Err(ctx.refused());
    }
    let upheld = match upheld {
        "upheld" => true,
        "dismissed" => false,
        _ => return Err(AppError::invalid("status", "objection-error-status")),
    };
    let outcome = outcome.trim();
    if outcome.is_empty() || outcome.chars().count() > MAX_TEXT {
        return Err(AppError::invalid("outcome", "objection-error-outcome"));
    }
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .handle_objection(actor, id, upheld, outcome)
        .await?)
}
