//! The layer that answers every error status in the person's language: a page in
//! their layout, a redirect to sign in, or under `/api` the one JSON shape of a
//! refusal. A handler that rendered its own answer (a form shown again with the
//! message beside the field) keeps it.

use crate::http::api_doc::{ErrorBody, FieldError};
use crate::http::context::Ctx;
use crate::http::error::{Refusal, message_for};
use crate::http::i18n::{I18n, Locale};
use crate::http::page::render_error_page;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// A refusal as the API answers it, in `locale`.
pub fn error_body(i18n: &I18n, locale: Locale, r: &Refusal) -> ErrorBody {
    ErrorBody {
        error: r.message_id.to_string(),
        message: i18n.args(locale, r.message_id, &r.args),
        field: r.field.clone(),
        errors: r
            .errors
            .iter()
            .map(|e| FieldError {
                field: e.field.clone(),
                index: e.index,
                message: i18n.args(locale, e.message_id, &e.args),
            })
            .collect(),
        receipt: r.receipt.clone(),
    }
}

/// Renders error responses that have no body of their own.
pub async fn render(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let ctx = req.extensions().get::<Ctx>().cloned();
    let is_api = req.uri().path().starts_with("/api/");
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    let status = res.status();
    let refusal = res.extensions().get::<Refusal>().cloned();
    if status.as_u16() < 400 || (refusal.is_none() && is_rendered(&res)) {
        return res;
    }
    let refusal = refusal.unwrap_or_else(|| Refusal {
        status,
        message_id: message_for(status),
        args: Vec::new(),
        field: None,
        errors: Vec::new(),
        receipt: None,
    });
    let Some(ctx) = ctx else {
        return res;
    };
    if is_api {
        return (status, Json(error_body(&state.i18n, ctx.locale, &refusal))).into_response();
    }
    if status == StatusCode::UNAUTHORIZED {
        let next = form_urlencoded_path(&path);
        return axum::response::Redirect::to(&format!("/login?next={next}")).into_response();
    }
    let message = state
        .i18n
        .args(ctx.locale, refusal.message_id, &refusal.args);
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
