//! The masses' opinions on a commitment, for the pages and the API alike:
//! leaving one without an account, moderation by the branch's leadership, and
//! the owner's public answer.

use crate::commitment::board_cache::BoardCache;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use domain::access::Action;
use domain::commitment::opinion::check_opinion;
use store::commitment::opinion::Opinion;
use store::organisation::Organisation;

/// The commitment's owner answers its opinions: the member, or for the branch's
/// own commitment, the branch's leadership.
pub fn owns_opinion(ctx: &Ctx, org: &Organisation, o: &Opinion) -> bool {
    let me = ctx.account.as_ref().map(|a| a.person_id);
    match o.owner_person_id {
        Some(p) => me == Some(p),
        None => ctx.can(&org.path, Action::ManagePeople),
    }
}

/// An opinion as a visitor sent it.
pub struct NewOpinion<'a> {
    pub commitment_id: i64,
    pub name: &'a str,
    pub text: &'a str,
    /// A field hidden from people: a bot that fills every field fills it too,
    /// and its opinion is dropped without a word.
    pub honeypot: &'a str,
}

/// A visitor's opinion on an approved commitment of the branch `org_id`, held
/// for moderation. `ip` only limits how many one visitor leaves in a day: it is
/// kept hashed with the day.
pub async fn leave(
    state: &AppState,
    ip: &str,
    org_id: i64,
    new: NewOpinion<'_>,
) -> Result<(), AppError> {
    let c = state.store.commitment(new.commitment_id).await?;
    if c.org_id != org_id || c.approved.is_none() {
        return Err(AppError::NotFound);
    }
    if !new.honeypot.is_empty() {
        return Ok(());
    }
    let (name, text) = check_opinion(new.name, new.text).map_err(|errors| {
        let (field, p) = &errors[0];
        AppError::invalid(*field, p.message_id()).with_args(p.args())
    })?;
    let source = domain::secret::digest(&format!(
        "{ip}/{}",
        crate::http::clock::today(state.config.utc_offset)
    ));
    match state
        .store
        .add_opinion(c.id, name.as_deref(), &text, &source)
        .await
    {
        Ok(_) => Ok(()),
        Err(store::StoreError::Conflict(m)) => Err(AppError::too_many(m)),
        Err(e) => Err(e.into()),
    }
}

/// Shows or hides a waiting opinion: the branch's leadership.
pub async fn moderate(
    state: &AppState,
    ctx: &Ctx,
    o: &Opinion,
    approve: bool,
) -> Result<(), AppError> {
    let org = state.store.organisation(o.org_id).await?;
    let actor = ctx
        .require(&org.path, Action::ManagePeople)?
        .username
        .clone();
    let result = state.store.moderate_opinion(&actor, o.id, approve).await;
    state.shared::<BoardCache>().forget(org.id);
    Ok(result?)
}

/// The owner answers a shown opinion, in public.
pub async fn reply(state: &AppState, ctx: &Ctx, o: &Opinion, text: &str) -> Result<(), AppError> {
    let account = ctx.user()?;
    let org = state.store.organisation(o.org_id).await?;
    if !owns_opinion(ctx, &org, o) {
        return Err(AppError::Forbidden);
    }
    let text = domain::text::required(text, 500)
        .map_err(|_| AppError::invalid("text", "commitment-error-reply"))?;
    let result = state
        .store
        .reply_to_opinion(&account.username, o.id, &text)
        .await;
    state.shared::<BoardCache>().forget(o.org_id);
    Ok(result?)
}
