//! CSRF protection for every state-changing request. A form carries `_csrf` (first
//! field), htmx and scripts send `X-CSRF-Token`; it must equal the session's token,
//! or for a visitor without a session the `cx_csrf` cookie's. Requests signed with
//! a personal access token carry no ambient credentials and need none.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::{AppState, MAX_BODY};
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::Method;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn check(State(_): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let Some(ctx) = req.extensions().get::<Ctx>().cloned() else {
        return AppError::Forbidden.into_response();
    };
    if ctx.bearer || is_public_form(req.uri().path()) || is_ballot(req.uri().path()) {
        return next.run(req).await;
    }
    // The API answers a caller with no credentials as its documents say: 401.
    if req.uri().path().starts_with("/api/") && ctx.account.is_none() {
        return AppError::Unauthorized.into_response();
    }
    if let Some(sent) = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        return if same(sent, ctx.csrf()) {
            next.run(req).await
        } else {
            AppError::Forbidden.into_response()
        };
    }
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return AppError::TooLarge.into_response(),
    };
    let sent = if content_type.starts_with("application/x-www-form-urlencoded") {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|pairs| {
                pairs
                    .into_iter()
                    .find(|(k, _)| k == "_csrf")
                    .map(|(_, v)| v)
            })
    } else if content_type.starts_with("multipart/form-data") {
        multipart_field(&bytes, "_csrf")
    } else {
        None
    };
    match sent {
        Some(sent) if same(&sent, ctx.csrf()) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => AppError::Forbidden.into_response(),
    }
}

/// Voting: a ballot carries its token, the only authority it acts with, and
/// no cookie of anyone's.
fn is_ballot(path: &str) -> bool {
    matches!(
        path,
        "/vote" | "/vote/cast" | "/api/v1/vote" | "/api/v1/vote/ballot"
    )
}

/// Forms of the public board (and their API twin) that anyone may post without
/// an account. They act
/// with no one's authority, so there is nothing to forge; the board is served from
/// a shared copy that cannot carry a visitor's token.
fn is_public_form(path: &str) -> bool {
    ["/board/", "/api/v1/organisations/"].iter().any(|prefix| {
        path.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix("/opinions"))
            .is_some_and(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))
    })
}

/// Compares in time independent of where the strings differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && !b.is_empty()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The value of a small text field in a multipart body.
fn multipart_field(body: &[u8], name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\"");
    let start = find(body, marker.as_bytes())? + marker.len();
    let value_start = start + find(&body[start..], b"\r\n\r\n")? + 4;
    let len = find(&body[value_start..], b"\r\n")?;
    String::from_utf8(body[value_start..value_start + len].to_vec()).ok()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_found_in_a_multipart_body() {
        let body = b"--X\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc123\r\n--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\nPK..\r\n--X--\r\n";
        assert_eq!(multipart_field(body, "_csrf").as_deref(), Some("abc123"));
        assert_eq!(multipart_field(body, "missing"), None);
    }

    #[test]
    fn only_the_board_opinion_form_is_public() {
        assert!(is_public_form("/board/2/opinions"));
        assert!(!is_public_form("/board/2/opinions/x"));
        assert!(!is_public_form("/board/../login/opinions"));
        assert!(!is_public_form("/organisations/2/opinions"));
        assert!(is_public_form("/api/v1/organisations/2/opinions"));
        assert!(!is_public_form("/api/v1/organisations/2/opinions/pending"));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("ab", "abc"));
        assert!(!same("", ""));
    }
}
