//! People of an organisation's subtree, and roster import.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::pages::people::sees_personal;
use crate::roster::{RosterRejection, check_roster, file_message, reason};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Action;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
/// A person as the caller may read them: the personal fields (gender, dates,
/// status, phone, e-mail, username) are null unless the caller is the person or
/// the leadership over them.
pub struct PersonView {
    pub id: i64,
    pub name: String,
    pub gender: Option<String>,
    /// full, probationary or masses.
    pub status: Option<String>,
    pub born_on: Option<String>,
    pub joined_on: Option<String>,
    pub confirmed_on: Option<String>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub organisation_id: i64,
    pub organisation: String,
    pub party_group: Option<String>,
    pub username: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PeoplePage {
    pub items: Vec<PersonView>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct PageQuery {
    /// From 1.
    pub page: Option<i64>,
    /// At most 500.
    pub per_page: Option<i64>,
}

impl PageQuery {
    /// The page asked for, and its size: `default` when not given, 500 at most.
    pub fn get(&self, default: i64) -> (i64, i64) {
        (
            self.page.unwrap_or(1),
            self.per_page.unwrap_or(default).clamp(1, 500),
        )
    }
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}/people", tag = "people",
    params(("id" = i64, Path), PageQuery),
    responses((status = 200, body = PeoplePage), (status = 403), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Json<PeoplePage>, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::Read)?;
    let (page, per_page) = q.get(50);
    let page = state.store.people(&org.path, page, per_page).await?;
    let text = |d: Option<domain::date::Day>| d.map(|d| d.to_string());
    Ok(Json(PeoplePage {
        items: page
            .items
            .into_iter()
            .map(|p| {
                let personal = sees_personal(&ctx, &org, p.id);
                let mine = |v: Option<String>| v.filter(|_| personal);
                PersonView {
                    id: p.id,
                    gender: mine(p.gender.map(|g| g.as_str().to_string())),
                    status: mine(Some(p.status.as_str().to_string())),
                    born_on: mine(text(p.born_on)),
                    joined_on: mine(text(p.joined_on)),
                    confirmed_on: mine(text(p.confirmed_on)),
                    name: p.name,
                    position: p.position,
                    phone: mine(p.phone),
                    email: mine(p.email),
                    organisation_id: p.org_id,
                    organisation: p.org_name,
                    party_group: p.party_group,
                    username: mine(p.username),
                }
            })
            .collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct ImportQuery {
    /// The file's name; its ending says its kind (xlsx, xls, ods, csv).
    filename: String,
    /// Create the party groups the file names and the branch lacks.
    #[serde(default)]
    create_groups: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ImportResult {
    /// People added.
    pub imported: usize,
    /// People already on the roster whose fields the file changed.
    pub updated: usize,
    /// Rows that matched someone exactly.
    pub unchanged: usize,
}

#[derive(Serialize, ToSchema)]
pub struct ImportErrors {
    pub error: String,
    pub message: String,
    pub rows: Vec<RowErrorView>,
}

#[derive(Serialize, ToSchema)]
pub struct RowErrorView {
    pub row: usize,
    pub column: String,
    pub message: String,
}

/// Imports a roster file sent as the request body: all rows, or none.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/roster", tag = "people",
    params(("id" = i64, Path), ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = ImportResult), (status = 422, body = ImportErrors),
        (status = 415, body = ImportErrors), (status = 413, body = ImportErrors), (status = 403)))]
pub async fn import(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    let account = ctx.require(&org.path, Action::ManagePeople)?.clone();
    let t = ctx.tr(&state.i18n);
    if body.len() > crate::pages::MAX_UPLOAD {
        return Err(AppError::TooLarge);
    }
    match check_roster(
        &state.store,
        &org,
        &q.filename,
        &body,
        crate::http::clock::today(state.config.utc_offset),
        q.create_groups,
    )
    .await
    {
        Ok(checked) => {
            let n = state
                .store
                .import_people(&account.username, &org, &checked.rows, &|_| {})
                .await?;
            Ok((
                StatusCode::CREATED,
                Json(ImportResult {
                    imported: n.new,
                    updated: n.changed,
                    unchanged: n.unchanged,
                }),
            )
                .into_response())
        }
        Err(RosterRejection::Store(e)) => Err(e.into()),
        Err(RosterRejection::File(e)) => {
            let status = match e {
                crate::http::sheet::SheetError::NotWhatItClaims => {
                    StatusCode::UNSUPPORTED_MEDIA_TYPE
                }
                crate::http::sheet::SheetError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let id = file_message(&e);
            Ok((
                status,
                Json(ImportErrors {
                    error: id.into(),
                    message: t.t(id),
                    rows: vec![],
                }),
            )
                .into_response())
        }
        Err(RosterRejection::Rows(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(ImportErrors {
                error: "import-error-rows".into(),
                message: t.a1("import-error-rows", "count", errors.len()),
                rows: errors
                    .iter()
                    .map(|e| RowErrorView {
                        row: e.row,
                        column: e.column.clone(),
                        message: reason(&state.i18n, ctx.locale, e),
                    })
                    .collect(),
            }),
        )
            .into_response()),
    }
}
