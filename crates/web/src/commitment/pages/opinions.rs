//! The masses' opinions at the branch: moderation by its leadership, the
//! owner's answer, and every opinion as xlsx.

use crate::commitment::opinion;
use crate::commitment::sheet::opinions_xlsx;
use crate::http::context::{Ctx, flash};
use crate::http::download::xlsx_download;
use crate::http::error::AppError;
use crate::http::extract::ManageOrg;
use crate::http::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::commitment::opinion::OpinionStatus;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Moderation {
    approve: String,
}

pub async fn moderate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<Moderation>,
) -> Result<Response, AppError> {
    let o = state.store.opinion(id).await?;
    let approve = f.approve == "1";
    match opinion::moderate(&state, &ctx, &o, approve).await {
        // Moderated already (by another hand): the list shows how.
        Ok(()) => {}
        Err(e) if e.status() == StatusCode::CONFLICT => {}
        Err(e) => return Err(e),
    }
    let done = if approve {
        "flash-opinion-shown"
    } else {
        "flash-opinion-hidden"
    };
    Ok(flash(
        &format!("/organisations/{}/commitments", o.org_id),
        done,
        state.config.secure_cookies,
    ))
}

#[derive(Deserialize)]
pub struct Reply {
    reply: String,
}

/// The owner answers a shown opinion on their commitment, in public.
pub async fn reply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<Reply>,
) -> Result<Response, AppError> {
    let o = state.store.opinion(id).await?;
    opinion::reply(&state, &ctx, &o, &f.reply).await?;
    // Back where the owner answers: their commitments, or the branch's own.
    let to = match o.owner_person_id {
        Some(_) => "/commitments".to_string(),
        None => format!("/organisations/{}/commitment", o.org_id),
    };
    Ok(flash(&to, "flash-reply-sent", state.config.secure_cookies))
}

/// Every opinion of the branch, in all states, as xlsx (for the leadership).
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    ManageOrg(org): ManageOrg,
) -> Result<Response, AppError> {
    let t = ctx.tr(&state.i18n);
    let mut all = Vec::new();
    for status in [
        OpinionStatus::Pending,
        OpinionStatus::Approved,
        OpinionStatus::Rejected,
    ] {
        all.extend(state.store.branch_opinions(org.id, status).await?);
    }
    all.sort_by_key(|o| o.id);
    let title = t.a1("opinions-title", "org", &org.name);
    let bytes = opinions_xlsx(&t, &title, &org.name, &all)?;
    Ok(xlsx_download(&format!("{title}.xlsx"), bytes))
}
