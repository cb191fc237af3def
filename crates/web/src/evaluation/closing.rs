//! Closing a round, early by its organisers or once its time is up: the store
//! forgets its codes and reorders its ballots, and each server drops its copies.

use crate::evaluation::cache::{ResultCache, RoundCache};
use crate::http::error::AppError;
use crate::http::i18n::Locale;
use crate::http::state::AppState;
use store::evaluation::Round;
use time::OffsetDateTime;

/// Closes a round. The messages that carried its codes are wiped, with a note
/// in the default language.
pub async fn close(
    state: &AppState,
    actor: &str,
    round: &Round,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let wiped = state.i18n.args(
        Locale::default(),
        "evaluation-message-wiped",
        &[("title", round.title.clone())],
    );
    state
        .store
        .close_round(actor, round.id, now, &wiped)
        .await?;
    state.shared::<ResultCache>().forget(round.id);
    state.shared::<RoundCache>().forget(round.id);
    Ok(())
}

/// Closes every round whose time is up; the server's clock calls this.
pub async fn close_due_rounds(state: &AppState) -> Result<usize, AppError> {
    let due = state.store.rounds_due_to_close().await?;
    for id in &due {
        let round = state.store.round(*id).await?;
        close(state, "system", &round, OffsetDateTime::now_utc()).await?;
        tracing::info!(round.id = id, "evaluation round closed");
    }
    Ok(due.len())
}

/// How long before a round closes its code holders are reminded.
pub const REMIND_BEFORE: time::Duration = time::Duration::hours(24);

/// Reminds, once, everyone who received a code of a round closing within
/// `before` (a day, as the clock calls it) by message, while some of those codes are unused; the server's clock
/// calls this. The text is the same for all and names no one.
pub async fn remind_code_holders(
    state: &AppState,
    before: time::Duration,
) -> Result<usize, AppError> {
    let now = OffsetDateTime::now_utc();
    let mut sent = 0;
    for due in state.store.rounds_to_remind(now, now + before).await? {
        let args = [
            ("title", due.title.clone()),
            (
                "closes",
                crate::http::clock::local_time(due.closes_at, state.config.utc_offset),
            ),
        ];
        let text = |id| state.i18n.args(Locale::default(), id, &args);
        let n = state
            .store
            .remind_code_holders(
                due.round_id,
                &text("evaluation-codes-reminder-title"),
                &text("evaluation-codes-reminder-body"),
                "/vote",
            )
            .await?;
        tracing::info!(
            round.id = due.round_id,
            messages = n,
            "code holders reminded"
        );
        sent += n;
    }
    Ok(sent)
}
