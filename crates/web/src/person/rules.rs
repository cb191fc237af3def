//! Who may read and change what of a person: the personal fields, the
//! leadership's hand over people, appointing a secretary; and the one-time
//! password handed to a person.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use domain::access::{Action, Role};
use store::organisation::Organisation;
use store::person::Person;

/// Who reads a person's personal fields (gender, birth, party dates and status,
/// phone, e-mail, username): the person and the leadership over them. Others
/// see the name, the party group and the position.
pub fn sees_personal(ctx: &Ctx, org: &Organisation, person_id: i64) -> bool {
    ctx.can(&org.path, Action::ManagePeople)
        || ctx
            .account
            .as_ref()
            .is_some_and(|a| a.person_id == person_id)
}

/// The person and their organisation, when the viewer manages it.
pub async fn managed(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Person, Organisation, String), AppError> {
    let person = state.store.person(id).await?;
    let org = state.store.organisation(person.org_id).await?;
    let actor = ctx
        .require(&org.path, Action::ManagePeople)?
        .username
        .clone();
    Ok((person, org, actor))
}

/// A branch's secretary is appointed and removed by the secretary or by the
/// leadership of an organisation above, never by a deputy.
pub fn may_seat_secretary(ctx: &Ctx, place: &Organisation) -> Result<bool, AppError> {
    Ok(ctx.user()?.grants.iter().any(|g| {
        let above = g.org_path != place.path && place.path.is_within(&g.org_path);
        (g.role == Role::Secretary && g.org_id == place.id)
            || (above && g.role.allows(Action::ManagePeople))
    }))
}

/// Twelve characters people can read aloud: no 0/O, 1/l/I.
pub fn one_time_password() -> Result<String, AppError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY23456789";
    Ok(store::random_bytes(12)?
        .into_iter()
        .map(|byte| ALPHABET[usize::from(byte) % ALPHABET.len()] as char)
        .collect())
}
