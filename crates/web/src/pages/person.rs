//! One person: their details, and for the branch's leadership the means to add a
//! person by hand, open an account, hand out a one-time password and appoint roles.

use super::{Base, base, html, html_status};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::{Action, Role};
use domain::organisation::OrgKind;
use domain::person::{
    FieldProblem, Gender, MAX_FIELD_CHARS, PersonDraft, PoliticalStatus, check_email, check_name,
    check_optional, check_phone, check_username,
};
use domain::roster::parse_date_text;
use serde::Deserialize;
use store::StoreError;
use store::account::Grant;
use store::organisation::Organisation;
use store::person::Person;

#[derive(Template)]
#[template(path = "person/show.html")]
struct PersonPage<'a> {
    t: Tr<'a>,
    base: Base,
    person: Person,
    grants: Vec<Grant>,
    has_account: bool,
    can_manage: bool,
    /// The viewer reads the personal fields ([`super::people::sees_personal`]).
    personal: bool,
    grantable: Vec<Role>,
    places: Vec<Organisation>,
    new_password: Option<String>,
    username_error: Option<String>,
}

async fn person_page<'a>(
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
    let t = ctx.tr(&state.i18n);
    Ok(PersonPage {
        base: base(state, ctx, person.name.clone(), &format!("/people/{id}")).await,
        t,
        has_account: account.is_some(),
        personal: super::people::sees_personal(ctx, &org, person.id),
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

/// The person and their organisation, when the viewer manages it.
async fn managed(
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

#[derive(Deserialize)]
pub struct AccountForm {
    username: String,
}

pub async fn open_account(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<AccountForm>,
) -> Result<Response, AppError> {
    let (person, _, actor) = managed(&state, &ctx, id).await?;
    let mut page = person_page(&state, &ctx, id).await?;
    let username = match check_username(&f.username) {
        Ok(Some(u)) => u,
        Ok(None) => {
            page.username_error = Some(page.t.t("field-missing"));
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
        Err(p) => {
            page.username_error = Some(page.t.t(p.message_id()));
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    match state.store.open_account(&actor, person.id, &username).await {
        Ok(_) => Ok(Redirect::to(&format!("/people/{id}")).into_response()),
        Err(StoreError::Taken(_)) => {
            page.username_error = Some(page.t.a1("roster-duplicate-username", "value", &username));
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e.into()),
    }
}

/// Sets a fresh random password and shows it once, to hand to the person.
pub async fn issue_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (person, _, actor) = managed(&state, &ctx, id).await?;
    let account = state
        .store
        .account_of_person(person.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let password = one_time_password()?;
    state.store.set_password(&actor, account, &password).await?;
    let mut page = person_page(&state, &ctx, id).await?;
    page.new_password = Some(password);
    html(&page)
}

/// Twelve characters people can read aloud: no 0/O, 1/l/I.
fn one_time_password() -> Result<String, AppError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY23456789";
    Ok(store::random_bytes(12)?
        .into_iter()
        .map(|byte| ALPHABET[usize::from(byte) % ALPHABET.len()] as char)
        .collect())
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
    org_id: i64,
}

/// A branch's secretary is appointed and removed by the secretary or by the
/// leadership of an organisation above, never by a deputy.
fn may_seat_secretary(ctx: &Ctx, place: &Organisation) -> Result<bool, AppError> {
    Ok(ctx.user()?.grants.iter().any(|g| {
        let above = g.org_path != place.path && place.path.is_within(&g.org_path);
        (g.role == Role::Secretary && g.org_id == place.id)
            || (above && g.role.allows(Action::ManagePeople))
    }))
}

async fn role_change(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    f: &RoleForm,
) -> Result<(i64, Role, String), AppError> {
    let (person, _, _) = managed(state, ctx, id).await?;
    let role = Role::parse(&f.role).ok_or(AppError::bad_request("error-bad-request"))?;
    let place = state.store.organisation(f.org_id).await?;
    // The viewer must manage the place and hold a role there that may appoint this one.
    let allowed = ctx
        .roles_at(&place.path)
        .iter()
        .any(|r| r.allows(Action::ManagePeople) && r.may_grant(role));
    if !allowed || (role == Role::Secretary && !may_seat_secretary(ctx, &place)?) {
        return Err(AppError::Forbidden);
    }
    let account = state
        .store
        .account_of_person(person.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((account, role, ctx.user()?.username.clone()))
}

pub async fn grant_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<RoleForm>,
) -> Result<Response, AppError> {
    let (account, role, actor) = role_change(&state, &ctx, id, &f).await?;
    state
        .store
        .grant_role(&actor, account, role, f.org_id)
        .await?;
    Ok(Redirect::to(&format!("/people/{id}")).into_response())
}

pub async fn revoke_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<RoleForm>,
) -> Result<Response, AppError> {
    let (account, role, actor) = role_change(&state, &ctx, id, &f).await?;
    state
        .store
        .revoke_role(&actor, account, role, f.org_id)
        .await?;
    Ok(Redirect::to(&format!("/people/{id}")).into_response())
}

/// What the add-person form holds, as typed, and the error beside each field.
#[derive(Deserialize, Default)]
pub struct PersonForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    gender: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    born_on: String,
    #[serde(default)]
    joined_on: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    party_group: String,
    #[serde(default)]
    username: String,
}

#[derive(Default)]
pub struct FieldErrors {
    pub name: Option<String>,
    pub born_on: Option<String>,
    pub joined_on: Option<String>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
}

impl FieldErrors {
    fn any(&self) -> bool {
        [
            &self.name,
            &self.born_on,
            &self.joined_on,
            &self.position,
            &self.phone,
            &self.email,
            &self.username,
        ]
        .iter()
        .any(|e| e.is_some())
    }
}

#[derive(Template)]
#[template(path = "person/new.html")]
struct NewPersonPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    groups: Vec<Organisation>,
    form: PersonForm,
    errors: FieldErrors,
}

async fn new_page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    id: i64,
    form: PersonForm,
) -> Result<NewPersonPage<'a>, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::ManagePeople)?;
    let groups = state
        .store
        .subtree(&org.path)
        .await?
        .into_iter()
        .filter(|o| o.kind == OrgKind::PartyGroup)
        .collect();
    let t = ctx.tr(&state.i18n);
    Ok(NewPersonPage {
        base: base(
            state,
            ctx,
            t.t("person-new-title"),
            &format!("/orgs/{id}/people/new"),
        )
        .await,
        t,
        org,
        groups,
        form,
        errors: FieldErrors::default(),
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let form = PersonForm {
        status: "full".into(),
        ..Default::default()
    };
    html(&new_page(&state, &ctx, id, form).await?)
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<PersonForm>,
) -> Result<Response, AppError> {
    let actor = ctx.user()?.username.clone();
    let mut page = new_page(&state, &ctx, id, f).await?;
    let t = page.t;
    let say = |p: FieldProblem| {
        Some(
            t.i18n.args(
                t.locale,
                p.message_id(),
                &p.max()
                    .map(|m| vec![("max", m.to_string())])
                    .unwrap_or_default(),
            ),
        )
    };
    let f = &page.form;
    let mut errors = FieldErrors::default();
    let name = check_name(&f.name).map_err(|p| errors.name = say(p)).ok();
    let date = |text: &str, slot: &mut Option<String>| {
        if text.trim().is_empty() {
            None
        } else {
            let d = parse_date_text(text);
            if d.is_none() {
                *slot = say(FieldProblem::BadDate);
            }
            d
        }
    };
    let born_on = date(&f.born_on, &mut errors.born_on);
    let joined_on = date(&f.joined_on, &mut errors.joined_on);
    let position = check_optional(&f.position, MAX_FIELD_CHARS)
        .map_err(|p| errors.position = say(p))
        .ok()
        .flatten();
    let phone = check_phone(&f.phone)
        .map_err(|p| errors.phone = say(p))
        .ok()
        .flatten();
    let email = check_email(&f.email)
        .map_err(|p| errors.email = say(p))
        .ok()
        .flatten();
    let username = check_username(&f.username)
        .map_err(|p| errors.username = say(p))
        .ok()
        .flatten();
    let group = page
        .groups
        .iter()
        .find(|g| g.id.to_string() == f.party_group)
        .map(|g| g.id);
    if errors.any() {
        page.errors = errors;
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let draft = PersonDraft {
        name: name.unwrap_or_default(),
        gender: Gender::parse(&f.gender),
        born_on,
        status: PoliticalStatus::parse(&f.status),
        joined_on,
        position,
        phone,
        email,
        username: username.clone(),
        ..Default::default()
    };
    match state
        .store
        .add_person(&actor, &page.org, group, &draft)
        .await
    {
        Ok(pid) => Ok(Redirect::to(&format!("/people/{pid}")).into_response()),
        Err(StoreError::Taken(_)) => {
            page.errors.username = Some(t.a1(
                "roster-duplicate-username",
                "value",
                username.unwrap_or_default(),
            ));
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e.into()),
    }
}
