//! Handing out codes, for the pages and the API alike: making a batch (slips to
//! print, or codes for a script), sending each person of a branch a code of
//! their own, and revoking a lost code or every unused code of a batch. Each
//! takes a round its caller loaded for an organiser (`round::managed`).

use crate::evaluation::manage::still_open;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::{Locale, Tr};
use crate::http::state::AppState;
use domain::evaluation::RoundKind;
use domain::evaluation::code::Code;
use domain::person::PoliticalStatus;
use store::evaluation::{Delivery, IssuedBatch, Round};
use store::organisation::Organisation;

/// A batch of codes as asked for.
pub struct BatchInput<'a> {
    pub count: Option<u32>,
    /// The most one request may make: fewer for slips, which are printed.
    pub max: u32,
    /// The one target the codes cover; all when none.
    pub target: Option<i64>,
    /// A note for the batch, printed on each slip (e.g. 12月2日座谈会).
    pub label: &'a str,
    /// How they are handed out: `slips` or `api`.
    pub channel: &'static str,
}

/// A batch just made: its codes exist only here, once.
pub struct Issued {
    pub batch: IssuedBatch,
    pub scope: Vec<i64>,
    pub label: String,
}

pub async fn issue(
    state: &AppState,
    ctx: &Ctx,
    round: &Round,
    b: BatchInput<'_>,
) -> Result<Issued, AppError> {
    still_open(round)?;
    let count = b.count.filter(|n| (1..=b.max).contains(n)).ok_or_else(|| {
        AppError::invalid("count", "evaluation-error-count")
            .with_args(vec![("max", b.max.to_string())])
    })?;
    let scope = match b.target {
        None => Vec::new(),
        Some(t) => {
            let targets = state.store.round_targets(round.id).await?;
            if !targets.iter().any(|x| x.id == t) {
                return Err(AppError::invalid("target", "evaluation-error-target"));
            }
            vec![t]
        }
    };
    let label = domain::text::optional(b.label, 50)
        .map_err(|_| AppError::invalid("label", "evaluation-error-label-long"))?
        .unwrap_or_default();
    let batch = state
        .store
        .issue_codes(
            &ctx.user()?.username,
            round.id,
            b.channel,
            &label,
            &scope,
            count,
        )
        .await?;
    Ok(Issued {
        batch,
        scope,
        label,
    })
}

/// Revokes every unused code of one of the round's batches, or one code (a
/// lost slip) by its text; answers how many were revoked.
pub async fn revoke(
    state: &AppState,
    ctx: &Ctx,
    round: &Round,
    batch: Option<i64>,
    code: Option<&str>,
) -> Result<u64, AppError> {
    still_open(round)?;
    let actor = &ctx.user()?.username;
    match (batch, code) {
        // A batch of another round is not found through this one.
        (Some(batch), _) => Ok(state.store.revoke_batch(actor, round.id, batch).await?),
        (None, Some(code)) => {
            let code = Code::parse(code).map_err(|p| AppError::invalid("code", p.message_id()))?;
            if state.store.revoke_code(actor, round.id, &code).await? {
                Ok(1)
            } else {
                Err(AppError::invalid("code", "evaluation-error-revoke"))
            }
        }
        (None, None) => Err(AppError::bad_request("error-bad-request")),
    }
}

/// Who gets a code by message.
pub struct DeliveryInput<'a> {
    /// In a branches round, the target branch whose people get codes.
    pub target: Option<i64>,
    /// The masses too, not only members.
    pub everyone: bool,
    /// The voting page as people reach it, for the link in the message.
    pub vote_url: &'a str,
}

/// Sends each person of the round's branch (or of a target branch) a code of
/// their own: to the inbox where they have an account, else by SMS or mail.
/// Answers how many were sent and how many could not be reached.
pub async fn deliver(
    state: &AppState,
    ctx: &Ctx,
    round: &Round,
    org: &Organisation,
    d: DeliveryInput<'_>,
) -> Result<(usize, usize), AppError> {
    still_open(round)?;
    // Whose people: the round's branch, or in a branches round one target branch.
    let (branch_id, scope) = match round.kind {
        RoundKind::Members => (org.id, Vec::new()),
        RoundKind::Branches => {
            let targets = state.store.round_targets(round.id).await?;
            match d
                .target
                .and_then(|t| targets.iter().find(|x| x.id == t))
                .and_then(|x| x.org_id.map(|o| (o, x.id)))
            {
                Some((org, target)) => (org, vec![target]),
                None => return Err(AppError::invalid("target", "evaluation-error-target")),
            }
        }
    };
    let branch = state.store.organisation(branch_id).await?;
    let people: Vec<_> = state
        .store
        .all_people(&branch.path)
        .await?
        .into_iter()
        .filter(|p| d.everyone || p.status != PoliticalStatus::Masses)
        .collect();
    let reachable: Vec<_> = people
        .iter()
        .filter(|p| p.username.is_some() || p.phone.is_some() || p.email.is_some())
        .collect();
    if reachable.is_empty() {
        return Err(AppError::unprocessable("evaluation-error-nobody"));
    }
    let closes = crate::http::clock::local_time(round.closes_at, state.config.utc_offset);
    // The recipients' language is not known; messages go out in the default.
    let t = Tr {
        i18n: &state.i18n,
        locale: Locale::default(),
    };
    let title = t.a1("evaluation-message-title", "title", &round.title);
    let mut message = |i: usize, code: &Code| {
        let p = reachable[i];
        let code = code.text();
        let body = t.i18n.args(
            t.locale,
            "evaluation-message-body",
            &[
                ("org", org.name.clone()),
                ("title", round.title.clone()),
                ("closes", closes.clone()),
                ("link", format!("{}#{code}", d.vote_url)),
                ("url", d.vote_url.to_string()),
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
            round.id,
            &branch.name,
            &scope,
            reachable.len(),
            &mut message,
        )
        .await?;
    Ok((reachable.len(), people.len() - reachable.len()))
}
