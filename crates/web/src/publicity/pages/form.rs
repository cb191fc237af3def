//! Writing news or a bulletin, and changing one still in its writers' hands:
//! Markdown with a preview rendered on the server as readers will see it,
//! images checked by their bytes; a refusal shows what was typed with each
//! message beside its field.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::state::AppState;
use crate::http::upload::{MultipartForm, read_multipart};
use crate::publicity::rules::{may_write, readable};
use crate::publicity::writing::{self, PublicationInput};
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::publicity::{MAX_IMAGES, PublicationKind, render};
use serde::Deserialize;
use std::collections::HashMap;
use store::organisation::Organisation;
use store::publicity::Publication;

#[derive(Template)]
#[template(path = "publicity/form.html")]
struct FormPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    kind: PublicationKind,
    /// The publication being changed; none for a new one.
    editing: Option<Publication>,
    form: HashMap<String, String>,
    errors: HashMap<String, String>,
    /// The body rendered as readers will see it, after a preview.
    preview: Option<String>,
    max_images: usize,
}

impl FormPage<'_> {
    fn typed(&self, field: &str) -> String {
        self.form.get(field).cloned().unwrap_or_default()
    }

    fn action(&self) -> String {
        match &self.editing {
            Some(p) => format!("/publications/{}/edit", p.id),
            None => format!("/organisations/{}/publications/new", self.org.id),
        }
    }
}

async fn page<'a>(
    state: &'a AppState,
    ctx: &Ctx,
    org: Organisation,
    kind: PublicationKind,
    editing: Option<Publication>,
) -> Result<FormPage<'a>, AppError> {
    if !may_write(ctx, &org) {
        return Err(ctx.refused());
    }
    let t = ctx.tr(&state.i18n);
    let (title, path, form) = match &editing {
        Some(p) => (
            t.a1("publication-edit-title", "title", &p.title),
            format!("/publications/{}/edit", p.id),
            HashMap::from([
                ("title".into(), p.title.clone()),
                ("body".into(), p.body.clone()),
                ("issuer".into(), p.issuer.clone()),
                (
                    "number".into(),
                    p.number.map(|n| n.to_string()).unwrap_or_default(),
                ),
            ]),
        ),
        None => (
            t.t(&format!("publication-new-{}", kind.as_str())),
            format!("/organisations/{}/publications/new", org.id),
            HashMap::from([
                (
                    "number".into(),
                    state.store.next_bulletin_number(org.id).await?.to_string(),
                ),
                ("issuer".into(), org.name.clone()),
            ]),
        ),
    };
    Ok(FormPage {
        base: base(state, ctx, title, &path).await,
        t,
        org,
        kind,
        editing,
        form,
        errors: HashMap::new(),
        preview: None,
        max_images: MAX_IMAGES,
    })
}

#[derive(Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    kind: String,
}

pub async fn new(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let kind = PublicationKind::parse(&q.kind).unwrap_or(PublicationKind::News);
    html(&page(&state, &ctx, org, kind, None).await?)
}

fn input(form: &MultipartForm) -> PublicationInput {
    PublicationInput {
        kind: form.text("kind").to_string(),
        number: form.text("number").to_string(),
        title: form.text("title").to_string(),
        body: form.text("body").to_string(),
        issuer: form.text("issuer").to_string(),
    }
}

/// The form again with what was typed: a preview, or the refusal's messages.
async fn again(
    state: &AppState,
    ctx: &Ctx,
    org: Organisation,
    kind: PublicationKind,
    editing: Option<Publication>,
    form: MultipartForm,
    refused: Option<crate::http::error::Refusal>,
) -> Result<Response, AppError> {
    let mut page = page(state, ctx, org, kind, editing).await?;
    page.preview = Some(render(form.text("body")));
    page.form = form.fields;
    match refused {
        Some(r) => {
            page.errors = page.t.field_messages(&r);
            page.preview = None;
            html_status(r.status, &page)
        }
        None => html(&page),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let form = read_multipart(multipart, "images").await?;
    let kind = PublicationKind::parse(form.text("kind")).unwrap_or(PublicationKind::News);
    let action = form.text("action").to_string();
    if action == "preview" {
        return again(&state, &ctx, org, kind, None, form, None).await;
    }
    let images = writing::images(form.files.clone())?;
    let result = writing::write(
        &state,
        &ctx,
        &org,
        &input(&form),
        images,
        action == "submit",
    )
    .await;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/publications/{id}")).into_response()),
        Err(AppError::Refused(r)) if r.field.is_some() || !r.errors.is_empty() => {
            again(&state, &ctx, org, kind, None, form, Some(*r)).await
        }
        Err(e) => Err(e),
    }
}

pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (p, org) = readable(&state, &ctx, id).await?;
    if !p.status.editable() {
        return Ok(Redirect::to(&format!("/publications/{id}")).into_response());
    }
    html(&page(&state, &ctx, org, p.kind, Some(p)).await?)
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let form = read_multipart(multipart, "images").await?;
    let (p, org) = readable(&state, &ctx, id).await?;
    let action = form.text("action").to_string();
    if action == "preview" {
        return again(&state, &ctx, org, p.kind, Some(p), form, None).await;
    }
    let images = writing::images(form.files.clone())?;
    let result = writing::edit(
        &state,
        &ctx,
        &p,
        &org,
        &input(&form),
        images,
        action == "submit",
    )
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/publications/{id}")).into_response()),
        Err(AppError::Refused(r)) if r.field.is_some() || !r.errors.is_empty() => {
            again(&state, &ctx, org, p.kind, Some(p), form, Some(*r)).await
        }
        Err(e) => Err(e),
    }
}
