//! Who supervises: the campaign office, the leaders and the leading group's
//! members over their subtree (roles held at the organisation or above);
//! a branch's leadership sees its own branch's line.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use domain::access::{Action, Role};
use store::organisation::Organisation;

/// Reads the dashboard, the overdue list and the spot checks of `org`.
pub fn may_supervise(ctx: &Ctx, org: &Organisation) -> bool {
    ctx.roles_at(&org.path)
        .iter()
        .any(|r| matches!(r, Role::CampaignOffice | Role::Leader))
        || ctx.can(&org.path, Action::ManagePeople)
}

/// Runs spot checks from `org`: its campaign office.
pub fn is_office(ctx: &Ctx, org: &Organisation) -> bool {
    ctx.roles_at(&org.path).contains(&Role::CampaignOffice)
}

/// The organisation, if the person supervises it.
pub fn supervised(ctx: &Ctx, org: Organisation) -> Result<Organisation, AppError> {
    if may_supervise(ctx, &org) {
        Ok(org)
    } else {
        Err(ctx.refused())
    }
}
