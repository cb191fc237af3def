//! Adding a person by hand: the form, and the error beside each field.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Action;
use domain::organisation::OrgKind;
use domain::person::{
    FieldProblem, Gender, MAX_FIELD_CHARS, PersonDraft, PoliticalStatus, check_email, check_name,
    check_optional, check_phone, check_username,
};
use domain::roster::parse_date_text;
use serde::Deserialize;
use store::StoreError;
use store::organisation::Organisation;

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
            &format!("/organisations/{id}/people/new"),
        )
        .await,
        t,
        org,
        groups,
        form,
        errors: FieldErrors::default(),
    })
}

pub async fn form(
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
