//! The forms of one rule: start a version, change the draft, adopt it, repeal
//! the rule. A refusal shows the rule again with what was typed and each
//! message beside its field.

use super::show::show_page;
use crate::http::context::{Ctx, flash};
use crate::http::error::AppError;
use crate::http::page::html_status;
use crate::http::state::AppState;
use crate::rule::rules::CompareQuery;
use crate::rule::rules::readable;
use crate::rule::writing::{self, VersionInput};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use std::collections::HashMap;

type Fields = HashMap<String, String>;

fn text(f: &Fields, k: &str) -> String {
    f.get(k).cloned().unwrap_or_default()
}

/// The rule page after a step: done, or refused with what was typed.
async fn answer(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    f: Fields,
    done: Result<(), AppError>,
) -> Result<Response, AppError> {
    match done {
        Ok(()) => Ok(flash(
            &format!("/rules/{id}"),
            "flash-rule-saved",
            state.config.secure_cookies,
        )),
        Err(AppError::Refused(r)) if r.field.is_some() || !r.errors.is_empty() => {
            let mut page = show_page(state, ctx, id, &CompareQuery::default()).await?;
            page.form.extend(f);
            page.errors = page.t.field_messages(&r);
            html_status(r.status, &page)
        }
        Err(e) => Err(e),
    }
}

pub async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let (r, org) = readable(&state, &ctx, id).await?;
    let input = VersionInput {
        text: text(&f, "text"),
        effective_on: text(&f, "effective_on"),
        note: text(&f, "note"),
    };
    let done = writing::new_version(&state, &ctx, &r, &org, &input)
        .await
        .map(|_| ());
    answer(&state, &ctx, id, f, done).await
}

pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(version): Path<i64>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let v = state.store.rule_version(version).await?;
    let (_, org) = readable(&state, &ctx, v.rule_id).await?;
    // The draft's fields carry a prefix, so that a refusal lands beside them.
    let input = VersionInput {
        text: text(&f, "draft_text"),
        effective_on: text(&f, "draft_effective_on"),
        note: text(&f, "draft_note"),
    };
    let done = writing::edit_version(&state, &ctx, &org, version, &input)
        .await
        .map_err(|e| match e {
            AppError::Refused(mut r) => {
                for e in &mut r.errors {
                    e.field = format!("draft_{}", e.field);
                }
                AppError::Refused(r)
            }
            e => e,
        });
    answer(&state, &ctx, v.rule_id, f, done).await
}

pub async fn adopt(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(version): Path<i64>,
) -> Result<Response, AppError> {
    let v = state.store.rule_version(version).await?;
    let (_, org) = readable(&state, &ctx, v.rule_id).await?;
    let done = writing::adopt(&state, &ctx, &org, version).await;
    answer(&state, &ctx, v.rule_id, Fields::new(), done).await
}

pub async fn repeal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let (r, org) = readable(&state, &ctx, id).await?;
    let done = writing::repeal(
        &state,
        &ctx,
        &r,
        &org,
        &text(&f, "repealed_on"),
        &text(&f, "reason"),
    )
    .await;
    answer(&state, &ctx, id, f, done).await
}
