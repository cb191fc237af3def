//! The study log, for the pages and the API alike: reading minutes set for
//! days, books, reflections, research topics and articles with their files,
//! checked field by field before anything is saved.

use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use crate::study::rules::{MAX_DOCUMENT, campaign_span, me_in_scope};
use axum::http::StatusCode;
use domain::date::Day;
use domain::study::{
    DocumentProblem, RecordKind, Span, StudyProblem, check_day, check_minutes, document_type,
};
use std::collections::HashMap;
use store::study::{NewFile, NewRecord};

/// The record form as typed, shown again with its errors.
#[derive(Default)]
pub struct RecordForm {
    pub kind: String,
    pub title: String,
    pub author: String,
    pub body: String,
    pub day: String,
    pub shared: bool,
}

/// A record's fields, checked: every problem by field, or what to save.
pub fn check_record(
    form: &RecordForm,
    today: Day,
    campaign: Span,
    file: Option<&(String, Vec<u8>)>,
) -> Result<(NewRecord, Option<NewFile>), HashMap<&'static str, &'static str>> {
    let mut errors = HashMap::new();
    let kind = RecordKind::parse(&form.kind);
    if kind.is_none() {
        errors.insert("kind", StudyProblem::Missing.message_id());
    }
    let title = form.title.trim();
    if title.is_empty() {
        errors.insert("title", StudyProblem::Missing.message_id());
    } else if title.chars().count() > 100 {
        errors.insert("title", StudyProblem::TooLong.message_id());
    }
    if form.author.chars().count() > 50 {
        errors.insert("author", StudyProblem::TooLong.message_id());
    }
    if form.body.chars().count() > 5000 {
        errors.insert("body", StudyProblem::TooLong.message_id());
    }
    let day =
        check_day(&form.day, today, campaign).map_err(|p| errors.insert("day", p.message_id()));
    let file = match file {
        Some((name, bytes)) if !bytes.is_empty() => {
            match document_type(name, bytes, MAX_DOCUMENT) {
                Ok(content_type) => Some(NewFile {
                    filename: name.clone(),
                    content_type: content_type.into(),
                    body: bytes.clone(),
                }),
                Err(p) => {
                    errors.insert("file", p.message_id());
                    None
                }
            }
        }
        _ => None,
    };
    match (kind, day) {
        (Some(kind), Ok(day)) if errors.is_empty() => Ok((
            NewRecord {
                kind,
                title: title.to_string(),
                author: form.author.trim().to_string(),
                body: form.body.trim().to_string(),
                day,
                shared: form.shared && kind == RecordKind::Book,
            },
            file,
        )),
        _ => Err(errors),
    }
}

/// A document checked by its bytes against its name: PDF, Word, text or an
/// image, at most 4 MB.
pub fn document(filename: &str, body: &[u8]) -> Result<NewFile, AppError> {
    document_type(filename, body, MAX_DOCUMENT)
        .map(|content_type| NewFile {
            filename: filename.to_string(),
            content_type: content_type.into(),
            body: body.to_vec(),
        })
        .map_err(|p| {
            let status = match p {
                DocumentProblem::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                DocumentProblem::Mismatch | DocumentProblem::UnknownType => {
                    StatusCode::UNSUPPORTED_MEDIA_TYPE
                }
                DocumentProblem::Empty => StatusCode::UNPROCESSABLE_ENTITY,
            };
            AppError::refusal(status, p.message_id()).on_field("file")
        })
}

/// Sets the minutes read on each day (0 clears it, an empty field leaves the day
/// alone), as typed: every row is checked before any is saved; a bad row's
/// `index` is its place in the list.
/// Answers how many days were saved.
pub async fn save_days(
    state: &AppState,
    ctx: &Ctx,
    days: &[(String, String)],
) -> Result<usize, AppError> {
    let (person, _, plan, scope) = me_in_scope(state, ctx).await?;
    let campaign = campaign_span(&plan)?;
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    for (i, (day, minutes)) in days.iter().enumerate() {
        match (
            check_day(day, scope.today, campaign),
            check_minutes(minutes),
        ) {
            (Ok(day), Ok(Some(m))) => entries.push((day, m)),
            (Ok(_), Ok(None)) => {}
            (Err(p), _) => errors.push(FieldRefusal::new("day", p.message_id()).at(i)),
            (_, Err(p)) => errors.push(FieldRefusal::new("minutes", p.message_id()).at(i)),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields("study-invalid", errors));
    }
    if !entries.is_empty() {
        state
            .store
            .save_reading(&ctx.user()?.username, person.id, &entries, &scope)
            .await?;
    }
    Ok(entries.len())
}

/// Adds minutes to one day (a quick button on the phone).
pub async fn add_minutes(
    state: &AppState,
    ctx: &Ctx,
    day: &str,
    minutes: &str,
) -> Result<(), AppError> {
    let (person, _, plan, scope) = me_in_scope(state, ctx).await?;
    let campaign = campaign_span(&plan)?;
    let day = check_day(day, scope.today, campaign)
        .map_err(|p| AppError::invalid("day", p.message_id()))?;
    let add = check_minutes(minutes).map_err(|p| AppError::invalid("add", p.message_id()))?;
    state
        .store
        .add_reading(
            &ctx.user()?.username,
            person.id,
            day,
            add.unwrap_or(0),
            &scope,
        )
        .await
        .map_err(|e| match e {
            store::StoreError::Conflict(m) => AppError::invalid("add", m),
            e => e.into(),
        })?;
    Ok(())
}

/// Adds a record of the signed-in person, with its file where the form has
/// one; every problem comes back by its field.
pub async fn add(
    state: &AppState,
    ctx: &Ctx,
    form: &RecordForm,
    file: Option<&(String, Vec<u8>)>,
) -> Result<i64, AppError> {
    let (person, org, plan, scope) = me_in_scope(state, ctx).await?;
    let (record, file) =
        check_record(form, scope.today, campaign_span(&plan)?, file).map_err(|errors| {
            let mut errors: Vec<_> = errors
                .into_iter()
                .map(|(field, m)| FieldRefusal::new(field, m))
                .collect();
            errors.sort_by(|a, b| a.field.cmp(&b.field));
            AppError::invalid_fields("study-invalid", errors)
        })?;
    Ok(state
        .store
        .add_record(
            &ctx.user()?.username,
            person.id,
            org.id,
            &record,
            file.as_ref(),
            &scope,
        )
        .await?)
}

/// Deletes one of the signed-in person's records.
pub async fn delete(state: &AppState, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    let (person, _, _, scope) = me_in_scope(state, ctx).await?;
    Ok(state
        .store
        .delete_record(&ctx.user()?.username, person.id, id, &scope)
        .await?)
}
