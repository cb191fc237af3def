//! Handing out codes: A4 sheets of cut-out slips for a forum (shown once, then
//! only their hashes remain), one code by message to each person of a branch,
//! and revoking a lost slip or every unused code of a batch.

use super::ballot::private_page;
use super::show::{form_failed, managed_page};
use crate::evaluation::codes::{self, BatchInput, DeliveryInput};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{html, qr_svg, site_base};
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Slips one sheet request may print: 50 A4 pages.
pub const MAX_SLIPS: u32 = 500;

/// One slip as printed.
pub struct Slip {
    pub code: String,
    pub qr: String,
}

#[derive(Template)]
#[template(path = "evaluation/slips.html")]
struct SlipsPage<'a> {
    t: Tr<'a>,
    lang: &'static str,
    round_title: String,
    closes: String,
    vote_url: String,
    scope: String,
    /// The batch's note, printed on each slip (e.g. 12月2日座谈会).
    label: String,
    slips: Vec<Slip>,
}

impl SlipsPage<'_> {
    /// The slips a sheet of A4 holds: two columns of five.
    const PER_PAGE: usize = 10;

    fn sheets(&self) -> std::slice::Chunks<'_, Slip> {
        self.slips.chunks(Self::PER_PAGE)
    }
}

#[derive(Deserialize)]
pub struct SlipsForm {
    #[serde(default)]
    count: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    label: String,
}

/// Makes slips and shows them, once, as A4 sheets to print and cut.
pub async fn slips(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<SlipsForm>,
) -> Result<Response, AppError> {
    let page = managed_page(&state, &ctx, id).await?;
    let batch = BatchInput {
        count: f.count.trim().parse().ok(),
        max: MAX_SLIPS,
        target: match f.scope.trim() {
            "" => None,
            s => Some(s.parse().unwrap_or(-1)),
        },
        label: &f.label,
        channel: "slips",
    };
    let issued = match codes::issue(&state, &ctx, &page.round, batch).await {
        Ok(issued) => issued,
        Err(AppError::Refused(r)) => return form_failed(page, "slips", &r),
        Err(e) => return Err(e),
    };
    let vote_url = format!("{}/vote", site_base(&state, &headers));
    let slips = issued
        .batch
        .codes
        .iter()
        .map(|code| {
            let code = code.text();
            Ok(Slip {
                qr: qr_svg(&format!("{vote_url}#{code}"), 120)?,
                code,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let page_data = SlipsPage {
        t: page.t,
        lang: ctx.locale.code(),
        scope: issued
            .scope
            .first()
            .map(|t| page.target_name(t).to_string())
            .unwrap_or_default(),
        round_title: page.round.title.clone(),
        closes: crate::http::clock::local_time(page.round.closes_at, state.config.utc_offset),
        vote_url,
        label: issued.label,
        slips,
    };
    let body = page_data.render()?;
    Ok(private_page(StatusCode::OK, body))
}

#[derive(Deserialize)]
pub struct DeliverForm {
    #[serde(default)]
    target: String,
    #[serde(default)]
    who: String,
}

/// Sends each person of the branch (or of the target branch) a code of their
/// own, by inbox where they have an account, else by SMS or mail.
pub async fn deliver(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<DeliverForm>,
) -> Result<Response, AppError> {
    let page = managed_page(&state, &ctx, id).await?;
    let vote_url = format!("{}/vote", site_base(&state, &headers));
    let delivery = DeliveryInput {
        target: f.target.parse().ok(),
        everyone: f.who == "everyone",
        vote_url: &vote_url,
    };
    let (sent, unreachable) =
        match codes::deliver(&state, &ctx, &page.round, &page.org, delivery).await {
            Ok(counts) => counts,
            Err(AppError::Refused(r)) => return form_failed(page, "deliver", &r),
            Err(e) => return Err(e),
        };
    let mut page = managed_page(&state, &ctx, id).await?;
    page.notice = Some(page.t.a2(
        "evaluation-delivered",
        "sent",
        sent,
        "unreachable",
        unreachable,
    ));
    html(&page)
}

#[derive(Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    batch: Option<i64>,
}

/// Revokes a lost slip by its code, or every unused code of a batch.
pub async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<RevokeForm>,
) -> Result<Response, AppError> {
    let page = managed_page(&state, &ctx, id).await?;
    match codes::revoke(&state, &ctx, &page.round, f.batch, f.code.as_deref()).await {
        Ok(_) => Ok(Redirect::to(&format!("/evaluations/{id}")).into_response()),
        Err(AppError::Refused(r)) => form_failed(page, "revoke", &r),
        Err(e) => Err(e),
    }
}
