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
