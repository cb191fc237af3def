//! A message to a group: the leadership of an organisation (or an office
//! above it) writes one SMS or e-mail to everyone of it or of one of its party
//! groups, or to those behind on their study. One outbox message is queued per person with an address; the
//! gateway's rate paces them, and the outbox shows each one's fate.

use crate::http::context::{Ctx, flash};
use crate::http::error::{AppError, FieldRefusal};
use crate::http::extract::ManageOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::organisation::OrgKind;
use serde::Deserialize;
use std::collections::HashMap;
use store::inbox::Audience;
use store::organisation::Organisation;

/// The longest message: three SMS of Chinese text.
pub const MAX_TEXT: usize = 200;

#[derive(Template)]
#[template(path = "inbox/group.html")]
struct GroupPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    groups: Vec<Organisation>,
    /// Whether the reader may open the outbox (a campaign office).
    sees_outbox: bool,
    form: HashMap<String, String>,
    errors: HashMap<String, String>,
}

impl GroupPage<'_> {
    fn typed(&self, field: &str) -> String {
        self.form.get(field).cloned().unwrap_or_default()
    }
}

async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    org: Organisation,
) -> Result<GroupPage<'a>, AppError> {
    let t = ctx.tr(&state.i18n);
    let mut groups = state.store.children(org.id).await?;
    groups.retain(|o| o.kind == OrgKind::PartyGroup);
    Ok(GroupPage {
        base: base(
            state,
            ctx,
            t.a1("group-message-title", "org", &org.name),
            &format!("/organisations/{}/messages", org.id),
        )
        .await,
        t,
        groups,
        sees_outbox: ctx
            .account
            .as_ref()
            .is_some_and(|a| a.has_role(domain::access::Role::CampaignOffice)),
        form: HashMap::from([("channel".to_string(), "sms".to_string())]),
        errors: HashMap::new(),
        org,
    })
}

/// The people of `org` behind on a study quota; none where it keeps no study plan.
async fn laggards(state: &AppState, org: &Organisation) -> Result<Vec<i64>, AppError> {
    if state.store.current_plan(org).await?.is_none() {
        return Ok(Vec::new());
    }
    let c = crate::study::standing::branch_compliance(state, org).await?;
    Ok(c.rows
        .iter()
        .filter(|r| r.lagging())
        .map(|r| r.person_id)
        .collect())
}

pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    ManageOrg(org): ManageOrg,
) -> Result<Response, AppError> {
    html(&page(&state, &ctx, org).await?)
}

/// A text field's problem in the reader's language.
fn worded(t: &Tr<'_>, p: &domain::text::TextProblem) -> String {
    t.refusal_field(&FieldRefusal::new("", p.message_id()).with_args(p.args()))
}

#[derive(Deserialize)]
pub struct GroupForm {
    #[serde(default)]
    audience: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    text: String,
}

pub async fn send(
    State(state): State<AppState>,
    ctx: Ctx,
    ManageOrg(org): ManageOrg,
    Form(f): Form<GroupForm>,
) -> Result<Response, AppError> {
    let mut p = page(&state, &ctx, org).await?;
    let laggards = match f.audience.as_str() {
        "laggards" => laggards(&state, &p.org).await?,
        _ => Vec::new(),
    };
    let audience = match f.audience.as_str() {
        "" | "all" => Some(Audience::Within(&p.org.path)),
        "laggards" if laggards.is_empty() => None,
        "laggards" => Some(Audience::People(&laggards)),
        g => g
            .parse::<i64>()
            .ok()
            .filter(|id| p.groups.iter().any(|o| o.id == *id))
            .map(Audience::PartyGroup),
    };
    let channel = ["sms", "email"].into_iter().find(|c| *c == f.channel);
    let text = domain::text::required(&f.text, MAX_TEXT);
    let subject = domain::text::optional(&f.subject, 60);
    let mut errors = HashMap::new();
    if audience.is_none() {
        let why = match f.audience.as_str() {
            "laggards" => "group-message-error-no-laggards",
            _ => "group-message-error-audience",
        };
        errors.insert("audience".to_string(), p.t.t(why));
    }
    if channel.is_none() {
        errors.insert("channel".to_string(), p.t.t("group-message-error-channel"));
    }
    if let Err(e) = &text {
        errors.insert("text".to_string(), worded(&p.t, e));
    }
    if let Err(e) = &subject {
        errors.insert("subject".to_string(), worded(&p.t, e));
    }
    let (Some(audience), Some(channel), Ok(text), Ok(subject), true) =
        (audience, channel, text, subject, errors.is_empty())
    else {
        p.form = HashMap::from([
            ("audience".to_string(), f.audience),
            ("channel".to_string(), f.channel),
            ("subject".to_string(), f.subject),
            ("text".to_string(), f.text),
        ]);
        p.errors = errors;
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
    };
    let subject = subject.unwrap_or_else(|| p.org.name.clone());
    let actor = &ctx.user()?.username;
    let (queued, without) = state
        .store
        .queue_to_group(actor, audience, channel, &subject, &text)
        .await?;
    tracing::info!(org = p.org.id, queued, without, "group message queued");
    // Back to the form, which the sender may read; the office also finds
    // each message's fate in the outbox from there.
    Ok(flash(
        &format!("/organisations/{}/messages", p.org.id),
        "flash-group-message-queued",
        state.config.secure_cookies,
    ))
}
