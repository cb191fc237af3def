//! Writing a publication and taking its steps, for the pages and the API
//! alike: the text is checked field by field, the Markdown rendered and
//! cleaned, a bulletin's number kept unique; a step is checked against who
//! takes it and where the publication stands.

use super::rules::{may_review, may_write};
use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use crate::http::upload::{MAX_EVIDENCE, evidence_type};
use domain::publicity::{
    MAX_BODY, MAX_IMAGES, MAX_ISSUER, MAX_TITLE, PublicationKind, PublicationStep, render,
};
use domain::text;
use store::commitment::EvidenceFile;
use store::organisation::Organisation;
use store::publicity::{Publication, PublicationText};

/// A publication as typed.
#[derive(Clone, Debug, Default)]
pub struct PublicationInput {
    pub kind: String,
    /// A bulletin's issue number.
    pub number: String,
    pub title: String,
    pub body: String,
    /// A bulletin's 编发单位; the organisation's name when blank.
    pub issuer: String,
}

/// Uploaded images, each typed by its bytes: one that is not a picture keeps
/// no image type, so that [`check`] names it beside the other fields.
pub fn images(files: Vec<(String, Vec<u8>)>) -> Result<Vec<EvidenceFile>, AppError> {
    files
        .into_iter()
        .map(|(filename, body)| {
            if body.len() > MAX_EVIDENCE {
                return Err(AppError::TooLarge);
            }
            let content_type = evidence_type(&body).unwrap_or("application/octet-stream");
            Ok(EvidenceFile {
                filename,
                content_type: content_type.to_string(),
                body,
            })
        })
        .collect()
}

/// The input checked: every wrong field named, or the text to store.
async fn check(
    state: &AppState,
    org: &Organisation,
    input: &PublicationInput,
    images: Vec<EvidenceFile>,
    had_images: usize,
    editing: Option<&Publication>,
) -> Result<PublicationText, AppError> {
    let mut errors = Vec::new();
    let mut field = |name: &'static str, r: Result<Option<String>, text::TextProblem>| match r {
        Ok(v) => v.unwrap_or_default(),
        Err(p) => {
            errors.push(FieldRefusal::new(name, p.message_id()).with_args(p.args()));
            String::new()
        }
    };
    let title = field("title", text::required(&input.title, MAX_TITLE).map(Some));
    let body = field("body", text::required(&input.body, MAX_BODY).map(Some));
    let issuer = field("issuer", text::optional(&input.issuer, MAX_ISSUER));
    let kind = match editing {
        Some(p) => p.kind,
        None => PublicationKind::parse(input.kind.trim())
            .ok_or(AppError::invalid("kind", "publication-error-kind"))?,
    };
    let mut number = None;
    if kind == PublicationKind::Bulletin {
        match input.number.trim().parse::<i64>() {
            Ok(n) if (1..=9999).contains(&n) => {
                if state
                    .store
                    .bulletin_number_taken(org.id, n, editing.map(|p| p.id))
                    .await?
                {
                    errors.push(
                        FieldRefusal::new("number", "publication-error-number-taken")
                            .with_args(vec![("number", n.to_string())]),
                    );
                }
                number = Some(n);
            }
            _ => errors.push(FieldRefusal::new("number", "publication-error-number")),
        }
    }
    if had_images + images.len() > MAX_IMAGES
        || images.iter().any(|f| !f.content_type.starts_with("image/"))
    {
        errors.push(
            FieldRefusal::new("images", "publication-error-images")
                .with_args(vec![("max", MAX_IMAGES.to_string())]),
        );
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields("publication-invalid", errors));
    }
    Ok(PublicationText {
        kind,
        number,
        body_html: render(&body),
        title,
        body,
        issuer: if issuer.is_empty() && kind == PublicationKind::Bulletin {
            org.name.clone()
        } else {
            issuer
        },
        images,
    })
}

/// Writes a draft; with `submit`, sends it for review at once.
pub async fn write(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    input: &PublicationInput,
    images: Vec<EvidenceFile>,
    submit: bool,
) -> Result<i64, AppError> {
    if !may_write(ctx, org) {
        return Err(ctx.refused());
    }
    let text = check(state, org, input, images, 0, None).await?;
    let actor = &ctx.user()?.username;
    let id = state.store.add_publication(actor, org.id, &text).await?;
    if submit {
        state
            .store
            .step_publication(actor, id, PublicationStep::Submit, None)
            .await?;
    }
    Ok(id)
}

/// Changes a draft, a returned or a withdrawn publication; with `submit`,
/// sends it for review.
pub async fn edit(
    state: &AppState,
    ctx: &Ctx,
    p: &Publication,
    org: &Organisation,
    input: &PublicationInput,
    images: Vec<EvidenceFile>,
    submit: bool,
) -> Result<(), AppError> {
    if !may_write(ctx, org) {
        return Err(ctx.refused());
    }
    if !p.status.editable() {
        return Err(AppError::conflict("publication-error-state"));
    }
    let text = check(state, org, input, images, p.images.len(), Some(p)).await?;
    let actor = &ctx.user()?.username;
    state.store.edit_publication(actor, p.id, &text).await?;
    if submit {
        state
            .store
            .step_publication(actor, p.id, PublicationStep::Submit, None)
            .await?;
    }
    Ok(())
}

/// Whether the person may take `step` on a publication of `org` now.
pub fn may_step(ctx: &Ctx, p: &Publication, org: &Organisation, step: PublicationStep) -> bool {
    step.from(p.status).is_some()
        && if step.by_reviewer() {
            may_review(ctx, org)
        } else {
            may_write(ctx, org)
        }
}

/// Takes a step; returning and taking down need a reason.
pub async fn step(
    state: &AppState,
    ctx: &Ctx,
    p: &Publication,
    org: &Organisation,
    step: PublicationStep,
    reason: &str,
) -> Result<(), AppError> {
    let allowed = if step.by_reviewer() {
        may_review(ctx, org)
    } else {
        may_write(ctx, org)
    };
    if !allowed {
        return Err(ctx.refused());
    }
    if step.from(p.status).is_none() {
        return Err(AppError::conflict("publication-error-state"));
    }
    let reason = match text::optional(reason, 500) {
        Ok(Some(r)) => Some(r),
        Ok(None) if step.needs_reason() => {
            return Err(AppError::invalid("reason", "publication-error-reason"));
        }
        Ok(None) => None,
        Err(p) => return Err(AppError::invalid("reason", p.message_id()).with_args(p.args())),
    };
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .step_publication(actor, p.id, step, reason.as_deref())
        .await?)
}
