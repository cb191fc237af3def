//! Who is asking, in which language, with which CSRF token. The `load` layer reads
//! the session cookie or a bearer token once per request and leaves a `Ctx` in the
//! request for handlers, the CSRF check and the error pages.

use crate::http::error::AppError;
use crate::http::i18n::{I18n, Locale, Tr};
use crate::http::state::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::HeaderValue;
use axum::http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use domain::access::{Action, Role};
use domain::organisation::OrgPath;
use std::sync::{Arc, OnceLock};
use store::account::Account;

pub const SESSION_COOKIE: &str = "cx_session";
pub const CSRF_COOKIE: &str = "cx_csrf";
pub const LANG_COOKIE: &str = "cx_lang";
/// The message id of what the last form did, shown once on the next page.
pub const FLASH_COOKIE: &str = "cx_flash";

#[derive(Clone)]
pub struct Ctx {
    pub locale: Locale,
    pub account: Option<Arc<Account>>,
    /// The token forms must carry: the session's, or the anonymous cookie's,
    /// made when first asked for (see [`Ctx::csrf`]).
    csrf: CsrfToken,
    /// The session cookie's secret, when signed in by cookie.
    pub session_secret: Option<String>,
    /// Signed in by a personal access token (no CSRF needed: not ambient).
    pub bearer: bool,
    /// What the last form did, as a message id ([`flash`]).
    pub flash: Option<String>,
}

/// A visitor's form token, shared between the request's context and the
/// layer that sets its cookie.
#[derive(Clone, Debug, Default)]
struct CsrfToken(Arc<OnceLock<String>>);

impl Ctx {
    /// The token forms must carry. A visitor without one gets one made now,
    /// and its cookie with the answer; an answer that asks for none (a cached
    /// board, a feed, a file) sets no cookie and spends no randomness.
    pub fn csrf(&self) -> &str {
        self.csrf
            .0
            .get_or_init(|| store::random_hex(32).unwrap_or_default())
    }

    pub fn tr<'a>(&self, i18n: &'a I18n) -> Tr<'a> {
        Tr {
            i18n,
            locale: self.locale,
        }
    }

    pub fn user(&self) -> Result<&Account, AppError> {
        self.account.as_deref().ok_or(AppError::Unauthorized)
    }

    /// The roles the person holds over `path`.
    pub fn roles_at(&self, path: &OrgPath) -> Vec<Role> {
        self.account
            .as_deref()
            .map(|a| a.roles_at(path))
            .unwrap_or_default()
    }

    /// Whether the person may do `action` in the organisation at `path`.
    pub fn can(&self, path: &OrgPath, action: Action) -> bool {
        self.roles_at(path).into_iter().any(|r| r.allows(action))
    }

    /// The refusal of something this person may not do: 403 when signed in,
    /// 401 (sign in first) for a visitor.
    pub fn refused(&self) -> AppError {
        if self.account.is_some() {
            AppError::Forbidden
        } else {
            AppError::Unauthorized
        }
    }

    /// Signed in, and holding `role` somewhere; else 401 or 403.
    pub fn require_role(&self, role: Role) -> Result<&Account, AppError> {
        let account = self.user()?;
        if account.has_role(role) {
            Ok(account)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Signed in, and allowed `action` at `path`; else 401 or 403.
    pub fn require(&self, path: &OrgPath, action: Action) -> Result<&Account, AppError> {
        let account = self.user()?;
        if self.can(path, action) {
            Ok(account)
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Ctx, AppError> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::Internal("context layer missing".into()))
    }
}

/// A cookie's value from the request.
pub fn cookie<'a>(parts: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    parts
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure over TLS.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The visitor's own form token cookie, when it looks like one we made.
pub fn csrf_cookie(headers: &axum::http::HeaderMap) -> Option<&str> {
    cookie(headers, CSRF_COOKIE)
        .filter(|v| v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit()))
}

/// For a plain GET (no query) from a visitor without a session or a message
/// to see, the language they read: such a request may be answered from a
/// page's kept copy before the layers (see `page_cache`).
pub fn visitor_get(req: &Request) -> Option<Locale> {
    let headers = req.headers();
    let plain = req.method() == axum::http::Method::GET && req.uri().query().is_none();
    let anonymous = cookie(headers, SESSION_COOKIE).is_none()
        && cookie(headers, FLASH_COOKIE).is_none()
        && !headers.contains_key(AUTHORIZATION);
    (plain && anonymous).then(|| {
        cookie(headers, LANG_COOKIE)
            .and_then(Locale::parse)
            .unwrap_or_default()
    })
}

pub async fn load(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let session_secret = cookie(headers, SESSION_COOKIE).map(str::to_string);
    let anon_csrf = csrf_cookie(headers).map(str::to_string);
    let lang = cookie(headers, LANG_COOKIE).and_then(Locale::parse);
    // Message ids only: a cookie someone set by hand shows nothing else.
    let flash = cookie(headers, FLASH_COOKIE)
        .filter(|v| v.len() <= 64 && v.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .map(str::to_string);

    let mut account_id = None;
    let mut csrf = None;
    let mut via_bearer = false;
    if let Some(token) = &bearer {
        account_id = state.store.access_token_account(token).await.ok().flatten();
        via_bearer = account_id.is_some();
    } else if let Some(secret) = &session_secret
        && let Ok(Some(session)) = state.store.session(secret).await
    {
        account_id = Some(session.account_id);
        csrf = Some(session.csrf);
    }
    let account = match account_id {
        Some(id) => state.store.account(id).await.ok().map(Arc::new),
        None => None,
    };
    let known = csrf.or(anon_csrf);
    let fresh = known.is_none();
    let csrf = CsrfToken::default();
    if let Some(c) = known {
        let _ = csrf.0.set(c);
    }
    let locale = account
        .as_ref()
        .and_then(|a| a.locale.as_deref())
        .and_then(Locale::parse)
        .or(lang)
        .unwrap_or_default();
    req.extensions_mut().insert(Ctx {
        locale,
        account,
        csrf: csrf.clone(),
        session_secret: session_secret.filter(|_| !via_bearer),
        bearer: via_bearer,
        flash: flash.clone(),
    });
    let mut res = next.run(req).await;
    // Shown once: the page that showed it clears it.
    let shown = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if flash.is_some() && shown {
        res.headers_mut().append(
            SET_COOKIE,
            set_cookie(FLASH_COOKIE, "", 0, state.config.secure_cookies),
        );
    }
    if let Some(c) = csrf.0.get().filter(|_| fresh) {
        res.headers_mut().append(
            SET_COOKIE,
            set_cookie(CSRF_COOKIE, c, 60 * 60 * 24, state.config.secure_cookies),
        );
    }
    res
}

/// A redirect after a form, with what it did (`message_id`) shown once on the
/// page it leads to.
pub fn flash(to: &str, message_id: &'static str, secure: bool) -> Response {
    let mut res = axum::response::IntoResponse::into_response(axum::response::Redirect::to(to));
    res.headers_mut()
        .append(SET_COOKIE, set_cookie(FLASH_COOKIE, message_id, 60, secure));
    res
}

/// The peer address of the connection, or `local` when served without a socket
/// (tests through the router).
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ClientIp, AppError> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map_or_else(|| "local".to_string(), |c| c.0.ip().to_string()),
        ))
    }
}
