//! Checking in to a meeting by its QR code: the page the code opens, and the tap
//! that marks the person present inside the window around the start.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::study::meeting::{self, when};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use store::study::meeting::Meeting;

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
    ctx.user()?;
    let m = state.store.meeting(id).await?;
    let t = ctx.tr(&state.i18n);
    let (error, status) = match meeting::check_in(&state, &ctx, id, &q.code).await {
        Ok(()) => (None, StatusCode::OK),
        Err(AppError::Refused(r)) => (Some(t.refusal(&r)), r.status),
        Err(e) => return Err(e),
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
