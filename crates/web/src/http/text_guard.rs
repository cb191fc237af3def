//! No NUL or other control character reaches the database from a request. A NUL
//! makes PostgreSQL refuse the whole statement (a 500, or a ballot answered
//! "busy" for ever) while SQLite stores it; other control characters are never
//! typed and only hide text. Tab and line breaks are text.
//!
//! This layer refuses them in every query string, urlencoded form and JSON body,
//! naming the field, before any handler runs. Multipart forms, which it does not
//! read, are checked field by field ([`checked`]); the domain's text checks
//! refuse them as well, for callers that come in no other way (the CLI).

use crate::http::error::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// The message id of the refusal.
pub const MESSAGE: &str = "field-control";

/// A multipart form's text field or file name, which this layer does not read:
/// refused when it holds a control character.
pub fn checked(text: String) -> Result<String, AppError> {
    if has_control(&text) {
        Err(AppError::bad_request("field-control-form"))
    } else {
        Ok(text)
    }
}

use domain::text::has_control;

/// Redirect targets: never stored, and made safe where they are read
/// (`pages::local_path` sends a hostile one home, as a browser expects).
const REDIRECT_FIELDS: [&str; 2] = ["back", "next"];

/// The first field of a urlencoded string whose name or value holds one.
fn in_urlencoded(bytes: &[u8]) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).ok()?;
    pairs
        .into_iter()
        .filter(|(k, _)| !REDIRECT_FIELDS.contains(&k.as_str()))
        .find(|(k, v)| has_control(k) || has_control(v))
        .map(|(k, _)| k)
}

/// The path (`items[0].what`) of the first JSON string that holds one.
fn in_json(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::String(s) => has_control(s).then(|| path.to_string()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| in_json(v, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let at = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            if has_control(k) {
                Some(at)
            } else {
                in_json(v, &at)
            }
        }),
        _ => None,
    }
}

pub async fn refuse(req: Request, next: Next) -> Response {
    let field = req.uri().query().and_then(|q| in_urlencoded(q.as_bytes()));
    let kind = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let (field, req) = match field {
        Some(f) => (Some(f), req),
        None if kind.starts_with("application/x-www-form-urlencoded")
            || kind.starts_with("application/json") =>
        {
            let (parts, body) = req.into_parts();
            // The body limit layer outside bounds what this reads.
            let Ok(bytes) = to_bytes(body, usize::MAX).await else {
                return StatusCode::PAYLOAD_TOO_LARGE.into_response();
            };
            let field = if kind.starts_with("application/json") {
                serde_json::from_slice::<Value>(&bytes)
                    .ok()
                    .and_then(|v| in_json(&v, ""))
            } else {
                in_urlencoded(&bytes)
            };
            (field, Request::from_parts(parts, Body::from(bytes)))
        }
        None => (None, req),
    };
    let Some(field) = field else {
        return next.run(req).await;
    };
    AppError::invalid(field.clone(), MESSAGE)
        .with_args(vec![("field", field)])
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_controls_are_found_but_tabs_and_line_breaks_are_text() {
        assert!(has_control("a\0b"));
        assert!(has_control("\u{1b}[31m"));
        assert!(has_control("\u{7f}"));
        assert!(!has_control("第一行\r\n第二行\t完"));
        assert_eq!(in_urlencoded(b"name=ok&text=a%00b"), Some("text".into()));
        assert_eq!(in_urlencoded(b"name=ok&text=a%0D%0Ab"), None);
        let body: Value = serde_json::json!({ "items": [{ "what": "ok" }, { "what": "x\u{0}" }] });
        assert_eq!(in_json(&body, ""), Some("items[1].what".into()));
    }
}
