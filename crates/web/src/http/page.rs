//! The page toolkit every area renders with: the layout's data, rendering a
//! template, the error page in the person's layout, the site's address for
//! paper, QR codes and safe redirect targets.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::access::Role;

/// The signed-in person as the navigation shows them.
pub struct UserNav {
    pub name: String,
    pub home_org: Option<i64>,
    pub is_office: bool,
    pub unread: i64,
}

/// What the layout needs on every page.
pub struct Base {
    pub title: String,
    pub csrf: String,
    pub path: String,
    pub lang: &'static str,
    pub other_lang: &'static str,
    pub user: Option<UserNav>,
    pub banner: Option<String>,
    /// What the last form did, shown once.
    pub flash: Option<String>,
    /// The Atom feeds the page announces: each title and address.
    pub feeds: Vec<(String, String)>,
}

pub async fn base(state: &AppState, ctx: &Ctx, title: String, path: &str) -> Base {
    let user = match &ctx.account {
        Some(a) => Some(UserNav {
            name: a.person_name.clone(),
            home_org: a.grants.first().map(|g| g.org_id),
            is_office: a.has_role(Role::CampaignOffice),
            unread: state.store.unread_count(a.person_id).await.unwrap_or(0),
        }),
        None => None,
    };
    Base {
        title,
        csrf: ctx.csrf().to_string(),
        path: path.to_string(),
        lang: ctx.locale.code(),
        other_lang: ctx.locale.other().code(),
        user,
        banner: banner(state, ctx),
        flash: ctx
            .flash
            .as_deref()
            .map(|id| state.i18n.text(ctx.locale, id)),
        feeds: Vec::new(),
    }
}

fn banner(state: &AppState, ctx: &Ctx) -> Option<String> {
    state.config.demo_shift_years.map(|years| {
        state
            .i18n
            .args(ctx.locale, "demo-banner", &[("years", years.to_string())])
    })
}

/// Renders a template, or a 500 that logs why.
pub fn html<T: Template>(page: &T) -> Result<Response, AppError> {
    page.render()
        .map(|body| Html(body).into_response())
        .map_err(AppError::from)
}

/// Renders a template with a status other than 200 (a form shown again).
pub fn html_status<T: Template>(status: StatusCode, page: &T) -> Result<Response, AppError> {
    html(page).map(|r| (status, r).into_response())
}

#[derive(Template)]
#[template(path = "http/error.html")]
struct ErrorPage<'a> {
    t: Tr<'a>,
    base: Base,
    status: u16,
    message: String,
}

/// An error page in the person's layout: signed in, it keeps their header.
pub async fn render_error_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    message: &str,
) -> Response {
    let page = ErrorPage {
        t: ctx.tr(&state.i18n),
        base: base(state, ctx, message.to_string(), "/").await,
        status: status.as_u16(),
        message: message.to_string(),
    };
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(_) => status.into_response(),
    }
}

/// The site's address as the visitor reached it, for links printed on paper.
pub fn site_base(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// A QR code of `text` as inline SVG, at least `size` pixels square.
pub fn qr_svg(text: &str, size: u32) -> Result<String, AppError> {
    Ok(qrcode::QrCode::new(text.as_bytes())?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(size, size)
        .build())
}

/// A path that is safe to redirect to: on this site only. Browsers drop tabs and
/// newlines from a URL and read a backslash as a slash, so `/\t/evil.example`
/// leaves the site; a path with any control character or backslash, or whose
/// second character (after whitespace) is a slash, goes home instead. A control
/// character in a header would also be a 500.
pub fn local_path(next: Option<&str>) -> String {
    let safe = |p: &str| {
        let rest = p.strip_prefix('/');
        rest.is_some_and(|rest| !rest.trim_start().starts_with('/'))
            && !p.chars().any(|c| c.is_control() || c == '\\')
    };
    match next {
        Some(p) if safe(p) => p.to_string(),
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn redirects_stay_on_the_site() {
        assert_eq!(local_path(Some("/organisations/1")), "/organisations/1");
        assert_eq!(local_path(Some("//evil.example")), "/");
        assert_eq!(local_path(Some("https://evil.example")), "/");
        assert_eq!(local_path(None), "/");
        for hostile in [
            "/\t/evil.example/x",
            "/ /evil.example",
            "/\r\nSet-Cookie: a=b",
            "/\0",
            "/\\evil.example",
            "/\u{85}x",
        ] {
            assert_eq!(local_path(Some(hostile)), "/", "{hostile:?}");
        }
        assert_eq!(
            local_path(Some("/organisations/1/people?q=王芳&page=2")),
            "/organisations/1/people?q=王芳&page=2"
        );
    }
}
