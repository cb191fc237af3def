//! Who may do what with the programmes, for the pages and the API alike: a
//! branch's leadership (or an office over it) runs its activities and
//! assigns tasks in its subtree; an activity's owner records it too; a task's
//! assignee (the person, or the assigned organisation's leadership) works it;
//! whoever leads the assigning organisation checks it.

use crate::http::context::Ctx;
use domain::access::Action;
use store::organisation::Organisation;
use store::programme::{Activity, Task};

/// Runs the organisation's activities and assigns tasks from it.
pub fn may_run(ctx: &Ctx, org: &Organisation) -> bool {
    ctx.can(&org.path, Action::ManagePeople)
}

/// Records an activity: its organisation's leadership, or its owner.
pub fn may_record(ctx: &Ctx, org: &Organisation, a: &Activity) -> bool {
    may_run(ctx, org) || is_person(ctx, a.owner_person_id)
}

fn is_person(ctx: &Ctx, person: Option<i64>) -> bool {
    ctx.account
        .as_ref()
        .is_some_and(|a| Some(a.person_id) == person)
}

/// Works a task: the assigned person, or the assigned organisation's leadership.
pub fn is_doer(ctx: &Ctx, t: &Task, assignee_org: Option<&Organisation>) -> bool {
    is_person(ctx, t.assignee_person_id)
        || assignee_org.is_some_and(|o| ctx.can(&o.path, Action::ManagePeople))
}

/// Checks a task: whoever leads the organisation that assigned it.
pub fn is_checker(ctx: &Ctx, issuer: &Organisation) -> bool {
    ctx.can(&issuer.path, Action::ManagePeople)
}
