//! Importing a roster file sent as the request body: all rows, or none.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::person::roster::{self, MAX_UPLOAD};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Action;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

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

/// Imports a roster file sent as the request body: all rows, or none.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/roster", tag = "people",
    params(("id" = i64, Path), ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = ImportResult), (status = 422, description = "every refused row in `errors`: `index` its row, `field` its column"),
        (status = 415), (status = 413), (status = 403)))]
pub async fn import_roster(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    let account = ctx.require(&org.path, Action::ManagePeople)?.clone();
    if body.len() > MAX_UPLOAD {
        return Err(AppError::TooLarge);
    }
    let n = roster::import_roster(
        &state.store,
        &account.username,
        &org,
        &q.filename,
        &body,
        crate::http::clock::today(state.config.utc_offset),
        q.create_groups,
        &|_, _| {},
    )
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
