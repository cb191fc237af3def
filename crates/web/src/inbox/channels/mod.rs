//! The outside channels behind the outbox: each server sends the due messages
//! of the configured channels, e-mail over SMTP and SMS through an HTTP
//! gateway at its rate; a failed try waits (doubling each time) and the last
//! one leaves the message dead, for the office to send again. The outbox stays
//! the record of every message; without a channel it is the channel.

pub mod email;
pub mod quiet;
pub mod sms;

use crate::http::i18n::Locale;
use crate::http::state::{AppState, ChannelConfig};
use std::time::Duration;
use store::StoreError;
use store::inbox::Outgoing;
use time::OffsetDateTime;

/// A claim's hold beyond the time its batch takes at the channel's pace and
/// one try's timeout.
const MARGIN: Duration = Duration::from_secs(30);
/// Messages claimed at a time.
const BATCH: i64 = 100;

/// The messages a server claimed and until when they are its own. It starts
/// no try that could outlast the hold, so that a message is never in two
/// servers' hands; what it did not reach it gives back.
struct Claim {
    messages: Vec<Outgoing>,
    started: tokio::time::Instant,
    hold: Duration,
}

impl Claim {
    async fn take(state: &AppState, channel: &str, gap: Duration) -> Result<Claim, StoreError> {
        let hold = gap * BATCH as u32 + state.config.channels.timeout + MARGIN;
        let started = tokio::time::Instant::now();
        let messages = state
            .store
            .claim_outgoing(
                channel,
                BATCH,
                time::Duration::try_from(hold).unwrap_or(time::Duration::MINUTE),
            )
            .await?;
        Ok(Claim {
            messages,
            started,
            hold,
        })
    }

    /// Whether a try started now ends, timeout and all, inside the hold.
    fn may_try(&self, timeout: Duration) -> bool {
        self.started.elapsed() + timeout + Duration::from_secs(5) < self.hold
    }

    async fn give_back(&self, state: &AppState, from: usize) -> Result<(), StoreError> {
        let ids: Vec<i64> = self.messages[from..].iter().map(|m| m.id).collect();
        state.store.release_outgoing(&ids).await
    }
}

/// The gateway's rate: one try every `gap` on average. A slow try is made up
/// by the next ones starting sooner, but never by more than a second's worth,
/// so that the gateway never sees a burst.
struct Pace {
    gap: Duration,
    next: tokio::time::Instant,
}

impl Pace {
    fn new(gap: Duration) -> Pace {
        Pace {
            gap,
            next: tokio::time::Instant::now(),
        }
    }

    async fn wait(&mut self) {
        let now = tokio::time::Instant::now();
        if self.next + Duration::from_secs(1) < now {
            self.next = now;
        }
        tokio::time::sleep_until(self.next).await;
        self.next += self.gap;
    }
}

/// When a message that failed its `tries`-th try is tried again; none after the last.
pub fn retry_at(config: &ChannelConfig, tries: i64, now: OffsetDateTime) -> Option<OffsetDateTime> {
    if tries >= i64::from(config.tries) {
        return None;
    }
    let wait = config
        .backoff
        .saturating_mul(1u32 << (tries - 1).clamp(0, 16) as u32);
    Some(now + time::Duration::try_from(wait).unwrap_or(time::Duration::HOUR))
}

/// What to send for a message: its own subject and body, or a notice worded
/// now in its person's language with its link; or the end of their quiet
/// hours to wait for.
async fn prepare(
    state: &AppState,
    m: &Outgoing,
) -> Result<Result<(String, String), OffsetDateTime>, StoreError> {
    let Some(n) = &m.notice else {
        return Ok(Ok((m.subject.clone(), m.body.clone())));
    };
    let (quiet, locale) = state.store.delivery_settings(n.person_id).await?;
    let quiet_until = quiet
        .as_ref()
        .and_then(|(f, t)| quiet::parse_hm(f).zip(quiet::parse_hm(t)))
        .and_then(|(from, to)| {
            quiet::quiet_until(OffsetDateTime::now_utc(), state.config.utc_offset, from, to)
        });
    if let Some(until) = quiet_until {
        return Ok(Err(until));
    }
    let args: Vec<(&str, String)> = n
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    // In the language the person reads the site in; the users' first one else.
    let locale = locale.and_then(|l| Locale::parse(&l)).unwrap_or_default();
    let text = state.i18n.args(locale, &n.message_id, &args);
    let link = format!(
        "{}{}",
        state.config.channels.site_url.as_deref().unwrap_or(""),
        n.link
    );
    Ok(Ok((text.clone(), format!("{text}\n{link}"))))
}

/// Sends one message by `send`, unless its person's quiet hours hold it.
async fn deliver<F, Fut>(state: &AppState, m: &Outgoing, send: F) -> Result<(), StoreError>
where
    F: FnOnce(String, String) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    match prepare(state, m).await? {
        Ok((subject, body)) => {
            // The channels' own timeouts do not cover every wait (a mail
            // server that accepts the connection and never greets): the
            // whole try is bounded (a second past theirs, so that theirs, the
            // more telling, comes first), so that a silent server fails it.
            let limit = state.config.channels.timeout + Duration::from_secs(1);
            let sent = tokio::time::timeout(limit, send(subject, body))
                .await
                .unwrap_or_else(|_| Err(format!("no answer within {} s", limit.as_secs_f32())));
            settle(state, m, sent).await
        }
        Err(until) => state.store.outgoing_deferred(m.id, until).await,
    }
}

async fn settle(
    state: &AppState,
    m: &Outgoing,
    sent: Result<(), String>,
) -> Result<(), StoreError> {
    match sent {
        Ok(()) => state.store.outgoing_sent(m.id).await,
        Err(e) => {
            let retry = retry_at(
                &state.config.channels,
                m.attempts + 1,
                OffsetDateTime::now_utc(),
            );
            tracing::warn!(message = m.id, error = %e, dead = retry.is_none(), "sending failed");
            state.store.outgoing_failed(m.id, &e, retry).await
        }
    }
}

/// Sends what is due on each configured channel, a batch at a time, until
/// none is due; returns how many were tried.
pub async fn send_due(state: &AppState) -> Result<usize, StoreError> {
    let config = &state.config.channels;
    let mut tried = 0;
    if let Some(smtp) = &config.smtp {
        let mailer = Sender::Mail(email::Mailer::new(smtp, config.timeout));
        tried += drain(state, "email", Duration::ZERO, &mailer).await?;
    }
    if let Some(sms) = &config.sms {
        let gateway = Sender::Sms(sms::Gateway::new(sms, config.timeout));
        let gap = Duration::from_secs(1) / sms.per_second.max(1);
        tried += drain(state, "sms", gap, &gateway).await?;
    }
    Ok(tried)
}

/// What sends a channel's messages: the mail server (or why it cannot be
/// reached), or the SMS gateway.
enum Sender<'a> {
    Mail(Result<email::Mailer, String>),
    Sms(sms::Gateway<'a>),
}

impl Sender<'_> {
    async fn send(&self, m: &Outgoing, subject: String, body: String) -> Result<(), String> {
        match self {
            Sender::Mail(Ok(mailer)) => mailer.send(m.id, &m.recipient, &subject, &body).await,
            Sender::Mail(Err(e)) => Err(e.clone()),
            Sender::Sms(gateway) => gateway.send(m.id, &m.recipient, &body).await,
        }
    }
}

/// Sends the due messages of `channel` by `sender`, a claimed batch at a
/// time and one every `gap`, until none is due; returns how many were tried.
async fn drain(
    state: &AppState,
    channel: &str,
    gap: Duration,
    sender: &Sender<'_>,
) -> Result<usize, StoreError> {
    let timeout = state.config.channels.timeout;
    let (mut pace, mut tried) = (Pace::new(gap), 0);
    loop {
        let claim = Claim::take(state, channel, gap).await?;
        if claim.messages.is_empty() {
            return Ok(tried);
        }
        for (i, m) in claim.messages.iter().enumerate() {
            if !claim.may_try(timeout) {
                claim.give_back(state, i).await?;
                break;
            }
            pace.wait().await;
            deliver(state, m, |subject, body| sender.send(m, subject, body)).await?;
            tried += 1;
        }
    }
}

/// Sends until the process ends, looking for due messages every two seconds.
pub async fn channel_loop(state: AppState) {
    let config = &state.config.channels;
    if config.smtp.is_none() && config.sms.is_none() {
        return;
    }
    loop {
        if let Err(e) = send_due(&state).await {
            tracing::error!(error = %e, "outbox unavailable");
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_message_waits_twice_as_long_each_time_and_dies_after_its_last_try() {
        let config = ChannelConfig::default();
        let now = OffsetDateTime::UNIX_EPOCH;
        let wait = |tries| retry_at(&config, tries, now).map(|t| (t - now).whole_seconds());
        assert_eq!(wait(1), Some(30));
        assert_eq!(wait(2), Some(60));
        assert_eq!(wait(4), Some(240));
        assert_eq!(wait(5), None);
    }
}
