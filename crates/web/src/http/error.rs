//! One error type at the edge. Handlers return `AppError`; the `render` layer turns
//! every error status (from a handler, the body limit or the fallback) into a page
//! in the person's language, or JSON under `/api`. Internal details go to the log,
//! never to the client.

use crate::AppState;
use crate::http::context::Ctx;
use crate::pages::render_error_page;
use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("not signed in")]
    Unauthorized,
    /// A request that cannot be served as sent; the message id says why.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("too large")]
    TooLarge,
    #[error("unsupported media")]
    Unsupported,
    #[error("internal: {0}")]
    Internal(String),
}

/// What the render layer needs to know about an error response.
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    pub message_id: &'static str,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unsupported => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<store::StoreError> for AppError {
    fn from(e: store::StoreError) -> AppError {
        match e {
            store::StoreError::NotFound => AppError::NotFound,
            // A refusal the store names (not now, not in this state): the
            // person's request, not the server, is at fault.
            store::StoreError::Conflict(m) => AppError::BadRequest(m),
            e if e.is_unstorable_text() => AppError::BadRequest("field-control-form"),
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// Failures of writing a workbook, rendering a template, a JSON value or a QR
/// code: the server's fault, logged and answered with a 500.
macro_rules! internal_from {
    ($($error:ty),*) => {$(
        impl From<$error> for AppError {
            fn from(e: $error) -> AppError {
                AppError::Internal(e.to_string())
            }
        }
    )*};
}
internal_from!(
    rust_xlsxwriter::XlsxError,
    askama::Error,
    serde_json::Error,
    qrcode::types::QrError
);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(error = %detail, "internal error");
        }
        let message_id = match &self {
            AppError::BadRequest(id) => id,
            _ => message_for(self.status()),
        };
        let mut res = self.status().into_response();
        res.extensions_mut().insert(ErrorInfo { message_id });
        res
    }
}

/// The message id for an error status.
fn message_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::FORBIDDEN => "error-forbidden",
        StatusCode::UNAUTHORIZED => "error-unauthorized",
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "error-unsupported",
        StatusCode::REQUEST_TIMEOUT => "error-timeout",
        StatusCode::BAD_REQUEST => "error-bad-request",
        // A body that does not read as the form or JSON it should be.
        StatusCode::UNPROCESSABLE_ENTITY => "error-unprocessable",
        _ => "error-internal",
    }
}

/// Renders error responses that have no body of their own.
pub async fn render(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let ctx = req.extensions().get::<Ctx>().cloned();
    let is_api = req.uri().path().starts_with("/api/");
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    let status = res.status();
    let info = res.extensions().get::<ErrorInfo>().cloned();
    if status.as_u16() < 400 || (info.is_none() && is_rendered(&res)) {
        return res;
    }
    let message_id = info.map_or_else(|| message_for(status), |i| i.message_id);
    let Some(ctx) = ctx else {
        return res;
    };
    let message = state.i18n.text(ctx.locale, message_id);
    if is_api {
        return (
            status,
            Json(serde_json::json!({ "error": message_id, "message": message })),
        )
            .into_response();
    }
    if status == StatusCode::UNAUTHORIZED {
        let next = form_urlencoded_path(&path);
        return axum::response::Redirect::to(&format!("/login?next={next}")).into_response();
    }
    render_error_page(&state, &ctx, status, &message).await
}

/// A page or JSON the handler rendered itself (a form shown again with its
/// errors); anything else with an error status gets our error page.
fn is_rendered(res: &Response) -> bool {
    res.headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"))
}

fn form_urlencoded_path(path: &str) -> String {
    serde_urlencoded::to_string([("", path)])
        .map(|s| s.trim_start_matches('=').to_string())
        .unwrap_or_default()
}
