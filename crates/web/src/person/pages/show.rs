//! One person: their details, and for the branch's leadership the means to open
//! an account, hand out a one-time password and appoint roles (`account`,
//! `roles`).

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use crate::person::rules::{may_seat_secretary, sees_personal};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::access::{Action, Role};
use store::account::Grant;
use store::organisation::Organisation;
use store::person::Person;

#[derive(Template)]
#[template(path = "person/show.html")]
pub(super) struct PersonPage<'a> {
    pub(super) t: Tr<'a>,
    base: Base,
    person: Person,
    grants: Vec<Grant>,
    has_account: bool,
    can_manage: bool,
    /// The viewer reads the personal fields ([`sees_personal`]).
    personal: bool,
    grantable: Vec<Role>,
    places: Vec<Organisation>,
    /// 荣誉记录: the person's honours, each with the cases that tell of it.
    honours: Vec<(store::commendation::Honour, Vec<(i64, String)>)>,
    /// 激励约束: the records about the person, for those who see personal records.
    incentives: Vec<store::assessment::IncentiveRecord>,
    pub(super) new_password: Option<String>,
    pub(super) username_error: Option<String>,
}

pub(super) async fn person_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<PersonPage<'a>, AppError> {
    let person = state.store.person(id).await?;
    let org = state.store.organisation(person.org_id).await?;
    ctx.require(&org.path, Action::Read)?;
    let account = state.store.account_of_person(id).await?;
    let grants = match account {
        Some(a) => state.store.account(a).await?.grants,
        None => Vec::new(),
    };
    let can_manage = ctx.can(&org.path, Action::ManagePeople);
    let viewer_roles = ctx.roles_at(&org.path);
    let seats_secretary = may_seat_secretary(ctx, &org)?;
    let grantable = Role::ALL
        .into_iter()
        .filter(|r| {
            viewer_roles
                .iter()
                .any(|v| v.allows(Action::ManagePeople) && v.may_grant(*r))
                && (*r != Role::Secretary || seats_secretary)
        })
        .collect();
    // Where a role may be granted: the person's organisation and those above it
    // that the viewer manages.
    let mut places = Vec::new();
    for oid in org.path.ids().into_iter().rev() {
        let o = state.store.organisation(oid).await?;
        if ctx.can(&o.path, Action::ManagePeople) {
            places.push(o);
        }
    }
    let held = state.store.honours_of_person(id).await?;
    let ids: Vec<i64> = held.iter().map(|h| h.id).collect();
    let cases = state.store.cases_of_honours(&ids).await?;
    let honours = held
        .into_iter()
        .map(|h| {
            let told = cases
                .iter()
                .filter(|(hid, _, _)| *hid == h.id)
                .map(|(_, c, title)| (*c, title.clone()))
                .collect();
            (h, told)
        })
        .collect();
    let personal = sees_personal(ctx, &org, person.id);
    let incentives = if personal {
        state
            .store
            .incentives_of(org.id)
            .await?
            .into_iter()
            .filter(|r| r.person_id == Some(id))
            .collect()
    } else {
        Vec::new()
    };
    let t = ctx.tr(&state.i18n);
    Ok(PersonPage {
        honours,
        incentives,
        base: base(state, ctx, person.name.clone(), &format!("/people/{id}")).await,
        t,
        has_account: account.is_some(),
        personal,
        person,
        grants,
        can_manage,
        grantable,
        places,
        new_password: None,
        username_error: None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    html(&person_page(&state, &ctx, id).await?)
}
