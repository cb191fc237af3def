//! Handing out codes: A4 sheets of cut-out slips for a forum (shown once, then
//! only their hashes remain), one code by message to each person of a branch,
//! and revoking a lost slip or every unused code of a batch.

use super::evaluation_round::{form_failed, managed_page};
use super::vote::private_page;
use super::{html, qr_svg, site_base};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::{Locale, Tr};
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::evaluation::RoundKind;
use domain::evaluation::code::Code;
use domain::person::PoliticalStatus;
use domain::text::optional;
use serde::Deserialize;
use store::evaluation::Delivery;

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
    if page.is_closed() {
        return form_failed(page, "slips", "evaluation-error-closed");
    }
    let Some(count) = f
        .count
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_SLIPS).contains(n))
    else {
        return form_failed(page, "slips", "evaluation-error-count");
    };
    let scope: Vec<i64> = match f.scope.trim() {
        "" => Vec::new(),
        s => match s.parse::<i64>() {
            Ok(t) if page.targets.iter().any(|x| x.id == t) => vec![t],
            _ => return form_failed(page, "slips", "evaluation-error-target"),
        },
    };
    let Ok(label) = optional(&f.label, 50) else {
        return form_failed(page, "slips", "evaluation-error-label-long");
    };
    let issued = state
        .store
        .issue_codes(
            &ctx.user()?.username,
            id,
            "slips",
            label.as_deref().unwrap_or(""),
            &scope,
            count,
        )
        .await?;
    let vote_url = format!("{}/vote", site_base(&state, &headers));
    let slips = issued
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
        scope: scope
            .first()
            .map(|t| page.target_name(t).to_string())
            .unwrap_or_default(),
        round_title: page.round.title.clone(),
        closes: crate::http::clock::local_time(page.round.closes_at, state.config.utc_offset),
        vote_url,
        label: label.unwrap_or_default(),
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
    let mut page = managed_page(&state, &ctx, id).await?;
    if page.is_closed() {
        return form_failed(page, "deliver", "evaluation-error-closed");
    }
    // Whose people: the round's branch, or in a branches round one target branch.
    let (branch_id, scope) = match page.round.kind {
        RoundKind::Members => (page.org.id, Vec::new()),
        RoundKind::Branches => match f
            .target
            .parse::<i64>()
            .ok()
            .and_then(|t| page.targets.iter().find(|x| x.id == t))
            .and_then(|x| x.org_id.map(|o| (o, x.id)))
        {
            Some((org, target)) => (org, vec![target]),
            None => return form_failed(page, "deliver", "evaluation-error-target"),
        },
    };
    let branch = state.store.organisation(branch_id).await?;
    let everyone = f.who == "everyone";
    let people: Vec<_> = state
        .store
        .all_people(&branch.path)
        .await?
        .into_iter()
        .filter(|p| everyone || p.status != PoliticalStatus::Masses)
        .collect();
    let reachable: Vec<_> = people
        .iter()
        .filter(|p| p.username.is_some() || p.phone.is_some() || p.email.is_some())
        .collect();
    if reachable.is_empty() {
        return form_failed(page, "deliver", "evaluation-error-nobody");
    }
    let vote_url = format!("{}/vote", site_base(&state, &headers));
    let closes = crate::http::clock::local_time(page.round.closes_at, state.config.utc_offset);
    // The recipients' language is not known; messages go out in the default.
    let t = Tr {
        i18n: &state.i18n,
        locale: Locale::default(),
    };
    let title = t.a1("evaluation-message-title", "title", &page.round.title);
    let mut message = |i: usize, code: &Code| {
        let p = reachable[i];
        let code = code.text();
        let body = t.i18n.args(
            t.locale,
            "evaluation-message-body",
            &[
                ("org", page.org.name.clone()),
                ("title", page.round.title.clone()),
                ("closes", closes.clone()),
                ("link", format!("{vote_url}#{code}")),
                ("url", vote_url.clone()),
                ("code", code.clone()),
            ],
        );
        match (&p.username, &p.phone, &p.email) {
            (Some(_), _, _) => Delivery::Inbox {
                person_id: p.id,
                title: title.clone(),
                body,
                link: format!("/vote#{code}"),
            },
            (None, Some(phone), _) => Delivery::Outgoing {
                channel: "sms".into(),
                recipient: phone.clone(),
                subject: title.clone(),
                body,
            },
            (None, None, email) => Delivery::Outgoing {
                channel: "email".into(),
                recipient: email.clone().unwrap_or_default(),
                subject: title.clone(),
                body,
            },
        }
    };
    state
        .store
        .deliver_codes(
            &ctx.user()?.username,
            id,
            &branch.name,
            &scope,
            reachable.len(),
            &mut message,
        )
        .await?;
    let mut fresh = managed_page(&state, &ctx, id).await?;
    fresh.notice = Some(fresh.t.a2(
        "evaluation-delivered",
        "sent",
        reachable.len(),
        "unreachable",
        people.len() - reachable.len(),
    ));
    page = fresh;
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
    if page.is_closed() {
        return form_failed(page, "revoke", "evaluation-error-closed");
    }
    let actor = ctx.user()?.username.clone();
    match (f.batch, f.code.as_deref()) {
        (Some(batch), _) if page.batches.iter().any(|b| b.id == batch) => {
            state.store.revoke_batch(&actor, id, batch).await?;
        }
        (None, Some(code)) => {
            let code = match Code::parse(code) {
                Ok(t) => t,
                Err(p) => return form_failed(page, "revoke", p.message_id()),
            };
            if !state.store.revoke_code(&actor, id, &code).await? {
                return form_failed(page, "revoke", "evaluation-error-revoke");
            }
        }
        _ => return Err(AppError::bad_request("error-bad-request")),
    }
    Ok(Redirect::to(&format!("/evaluations/{id}")).into_response())
}
