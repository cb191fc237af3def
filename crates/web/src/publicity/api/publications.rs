//! An organisation's publications, writing one, one publication, changing it
//! and its steps.

use super::view::{NewsBulletinPage, NewsBulletinView};
use crate::http::api_doc::Created;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::paging::PageQuery;
use crate::http::state::AppState;
use crate::publicity::rules::{may_write, readable};
use crate::publicity::writing::{self, PublicationInput};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::publicity::{PublicationKind, PublicationStep};
use serde::Deserialize;
use store::publicity::PublicationFilter;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct KindQuery {
    /// Only `news` or only `bulletin`.
    pub kind: Option<String>,
}

/// The organisation's publications: the published ones for anyone, all of
/// them for its writers and reviewers.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/publications", tag = "publicity",
    params(("id" = i64, Path), KindQuery, PageQuery),
    responses((status = 200, body = NewsBulletinPage), (status = 404)))]
pub async fn list_publications(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(k): Query<KindQuery>,
    Query(q): Query<PageQuery>,
) -> Result<Json<NewsBulletinPage>, AppError> {
    let org = state.store.organisation(id).await?;
    let (page, per_page) = q.get(20);
    let filter = PublicationFilter {
        kind: k.kind.as_deref().and_then(PublicationKind::parse),
        published_only: !may_write(&ctx, &org),
    };
    let page = state
        .store
        .publications_of(org.id, filter, page, per_page)
        .await?;
    Ok(Json(NewsBulletinPage {
        items: page.items.iter().map(NewsBulletinView::from).collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewsBulletinBody {
    /// `news` or `bulletin`; left as it is when changing one.
    #[serde(default)]
    pub kind: String,
    /// A bulletin's issue number, unique in the organisation.
    pub number: Option<i64>,
    pub title: String,
    /// Markdown; HTML in it is cleaned against an allow-list.
    pub body: String,
    /// A bulletin's 编发单位; the organisation's name when left out.
    #[serde(default)]
    pub issuer: String,
    /// Send it for review at once.
    #[serde(default)]
    pub submit: bool,
}

impl NewsBulletinBody {
    fn input(&self) -> PublicationInput {
        PublicationInput {
            kind: self.kind.clone(),
            number: self.number.map(|n| n.to_string()).unwrap_or_default(),
            title: self.title.clone(),
            body: self.body.clone(),
            issuer: self.issuer.clone(),
        }
    }
}

/// Writes a draft (or submits it at once).
#[utoipa::path(post, path = "/api/v1/organisations/{id}/publications", tag = "publicity",
    request_body = NewsBulletinBody, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 422)))]
pub async fn write_publication(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<NewsBulletinBody>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let org = state.store.organisation(id).await?;
    let id = writing::write(&state, &ctx, &org, &b.input(), Vec::new(), b.submit).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// One publication: anyone's once published.
#[utoipa::path(get, path = "/api/v1/publications/{id}", tag = "publicity",
    params(("id" = i64, Path)),
    responses((status = 200, body = NewsBulletinView), (status = 401), (status = 403), (status = 404)))]
pub async fn show_publication(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<NewsBulletinView>, AppError> {
    let (p, _) = readable(&state, &ctx, id).await?;
    Ok(Json(NewsBulletinView::from(&p)))
}

/// Changes a draft, a returned or a withdrawn publication.
#[utoipa::path(put, path = "/api/v1/publications/{id}", tag = "publicity",
    request_body = NewsBulletinBody, params(("id" = i64, Path)),
    responses((status = 200, body = NewsBulletinView), (status = 403), (status = 409), (status = 422)))]
pub async fn edit_publication(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<NewsBulletinBody>,
) -> Result<Json<NewsBulletinView>, AppError> {
    let (p, org) = readable(&state, &ctx, id).await?;
    writing::edit(&state, &ctx, &p, &org, &b.input(), Vec::new(), b.submit).await?;
    Ok(Json(NewsBulletinView::from(
        &state.store.publication(id).await?,
    )))
}

#[derive(Deserialize, ToSchema)]
pub struct PublicationStepBody {
    /// `submit`, `publish`, `return` or `unpublish`.
    pub step: String,
    /// Required to return or take down.
    #[serde(default)]
    pub reason: String,
}

/// Takes a step: the writer submits; the secretary or office publishes,
/// returns or takes down.
#[utoipa::path(post, path = "/api/v1/publications/{id}/steps", tag = "publicity",
    request_body = PublicationStepBody, params(("id" = i64, Path)),
    responses((status = 200, body = NewsBulletinView), (status = 403), (status = 409), (status = 422)))]
pub async fn step_publication(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<PublicationStepBody>,
) -> Result<Json<NewsBulletinView>, AppError> {
    let (p, org) = readable(&state, &ctx, id).await?;
    let step = PublicationStep::parse(b.step.trim())
        .ok_or(AppError::invalid("step", "publication-error-step"))?;
    writing::step(&state, &ctx, &p, &org, step, &b.reason).await?;
    Ok(Json(NewsBulletinView::from(
        &state.store.publication(id).await?,
    )))
}
