//! The JSON API under `/api/v1`: the same operations as the pages, for scripts and
//! other systems. Authenticate with a personal access token
//! (`Authorization: Bearer cx_…`) or, from a page, the session cookie plus the
//! `X-CSRF-Code` header. The OpenAPI document is at `/api/v1/openapi.json`.

mod meeting;
mod study;

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use utoipa::OpenApi;

/// A refusal as a response (until each area answers refusals as errors).
pub(crate) fn refusal(_: &AppState, _: &Ctx, status: StatusCode, id: &'static str) -> Response {
    AppError::refusal(status, id).into_response()
}

#[derive(OpenApi)]
#[openapi(paths(
    study::mine,
    study::save_reading,
    study::reading,
    study::add_record,
    study::delete_record,
    study::attach_file,
    study::compliance,
    study::remind,
    study::summary,
    study::books,
    study::recommend,
    study::like,
    meeting::list,
    meeting::create,
    meeting::show,
    meeting::attendance,
    meeting::checkin,
    meeting::minutes,
    meeting::add_file,
))]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/study", get(study::mine))
        .route(
            "/me/study/reading",
            get(study::reading).put(study::save_reading),
        )
        .route("/me/study/records", post(study::add_record))
        .route("/me/study/records/{id}", delete(study::delete_record))
        .route("/me/study/records/{id}/file", post(study::attach_file))
        .route("/study/records/{id}/like", post(study::like))
        .route("/organisations/{id}/study", get(study::compliance))
        .route("/organisations/{id}/study/reminders", post(study::remind))
        .route("/organisations/{id}/study/summary", get(study::summary))
        .route(
            "/organisations/{id}/books",
            get(study::books).post(study::recommend),
        )
        .route(
            "/organisations/{id}/meetings",
            get(meeting::list).post(meeting::create),
        )
        .route("/meetings/{id}", get(meeting::show))
        .route("/meetings/{id}/attendance", post(meeting::attendance))
        .route("/meetings/{id}/checkin", post(meeting::checkin))
        .route("/meetings/{id}/minutes", put(meeting::minutes))
        .route("/meetings/{id}/files", post(meeting::add_file))
}
