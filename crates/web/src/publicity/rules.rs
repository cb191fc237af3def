//! Who may do what with publications, for the pages and the API alike: anyone
//! holding a role over the organisation writes (a branch member, its
//! secretary, an office above); its leadership or an office over it reviews,
//! publishes and takes down. Published ones are anyone's to read.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use domain::access::Action;
use domain::publicity::PublicationStatus;
use store::organisation::Organisation;
use store::publicity::Publication;

pub fn may_write(ctx: &Ctx, org: &Organisation) -> bool {
    !ctx.roles_at(&org.path).is_empty()
}

pub fn may_review(ctx: &Ctx, org: &Organisation) -> bool {
    ctx.can(&org.path, Action::ManagePeople)
}

/// A publication the person may read, with its organisation: anyone once
/// published; its writers and reviewers before.
pub async fn readable(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Publication, Organisation), AppError> {
    let p = state.store.publication(id).await?;
    let org = state.store.organisation(p.org_id).await?;
    if p.status != PublicationStatus::Published && !may_write(ctx, &org) {
        return Err(ctx.refused());
    }
    Ok((p, org))
}
