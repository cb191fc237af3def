//! Checking in to a meeting by its QR code: the page the code opens, and the tap
//! that marks the person present inside the window around the start.

use super::meeting::when;
use super::{Base, base, html, html_status};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use store::study::meeting::Meeting;
use time::OffsetDateTime;

#[derive(Template)]
#[template(path = "study/checkin.html")]
struct CheckinPage<'a> {
    t: Tr<'a>,
    base: Base,
    m: Meeting,
    when: String,
    code: String,
    error: Option<String>,
    done: bool,
}

#[derive(Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

/// The page the QR code opens: who scans it signs in, then confirms.
pub async fn checkin_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<CodeQuery>,
) -> Result<Response, AppError> {
    if ctx.account.is_none() {
        let next = format!("/meetings/{id}/checkin?code={}", q.code);
        return Ok(Redirect::to(&format!(
            "/login?next={}",
            crate::http::download::encode_filename(&next)
        ))
        .into_response());
    }
    let m = state.store.meeting(id).await?;
    let t = ctx.tr(&state.i18n);
    html(&CheckinPage {
        base: base(
            &state,
            &ctx,
            t.t("meeting-checkin"),
            &format!("/meetings/{id}/checkin"),
        )
        .await,
        t,
        when: when(&state, &m),
        m,
        code: q.code,
        error: None,
        done: false,
    })
}

pub async fn checkin(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(q): Form<CodeQuery>,
) -> Result<Response, AppError> {
    let account = ctx.user()?;
    let m = state.store.meeting(id).await?;
    let result = state
        .store
        .check_in(
            &account.username,
            id,
            account.person_id,
            &q.code,
            OffsetDateTime::now_utc(),
        )
        .await;
    let t = ctx.tr(&state.i18n);
    let (error, status) = match result {
        Ok(()) => (None, StatusCode::OK),
        Err(store::StoreError::Conflict(msg)) => (Some(t.t(msg)), StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => return Err(e.into()),
    };
    html_status(
        status,
        &CheckinPage {
            base: base(
                &state,
                &ctx,
                t.t("meeting-checkin"),
                &format!("/meetings/{id}/checkin"),
            )
            .await,
            t,
            when: when(&state, &m),
            done: error.is_none(),
            m,
            code: q.code,
            error,
        },
    )
}
