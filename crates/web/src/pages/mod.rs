//! Server-rendered pages. Each area has its own file; this one holds the routes,
//! the layout data every page shares, and the error page.

mod account;
pub(crate) mod admin;
pub(crate) mod approval;
mod board;
pub(crate) mod books;
pub(crate) mod commitment;
pub(crate) mod evaluation;
pub(crate) mod evaluation_results;
pub(crate) mod evaluation_round;
pub(crate) mod evaluation_tokens;
mod home;
mod import;
mod inbox;
mod login;
pub(crate) mod meeting;
mod meeting_checkin;
pub(crate) mod meeting_detail;
mod meeting_records;
mod organisation;
pub(crate) mod people;
mod person;

pub use import::MAX_UPLOAD;
mod plan;
pub(crate) mod review;
pub(crate) mod study;
pub(crate) mod study_branch;
pub(crate) mod study_ledger;
pub(crate) mod vote;

use crate::AppState;
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use domain::access::Role;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/p/{id}", get(home::portal))
        .route("/p/{id}/plan", get(plan::public))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route(
            "/lang",
            post(login::switch_language).get(login::switch_language_link),
        )
        .route("/orgs/{id}", get(organisation::show))
        .route("/orgs/{id}/plan", get(plan::show))
        .route("/orgs/{id}/people", get(people::list))
        .route("/orgs/{id}/people.xlsx", get(people::export))
        .route("/orgs/{id}/import", get(import::form).post(import::upload))
        .route("/orgs/{id}/import/{upload}", post(import::confirm))
        .route(
            "/orgs/{id}/people/new",
            get(person::new_form).post(person::create),
        )
        .route("/people/{id}", get(person::show))
        .route("/people/{id}/account", post(person::open_account))
        .route("/people/{id}/password", post(person::issue_password))
        .route("/people/{id}/roles", post(person::grant_role))
        .route("/people/{id}/roles/revoke", post(person::revoke_role))
        .route("/roster-template.xlsx", get(people::template))
        .route(
            "/commitments",
            get(commitment::mine).post(commitment::save_mine),
        )
        .route(
            "/orgs/{id}/commitment",
            get(commitment::branch).post(commitment::save_branch),
        )
        .route(
            "/commitments/{id}/items/{key}/progress",
            post(commitment::record_progress),
        )
        .route("/commitments/{id}/follow", post(commitment::follow))
        .route("/commitments/{id}/decision", post(approval::decide))
        .route("/orgs/{id}/commitments", get(approval::list))
        .route("/orgs/{id}/commitments.xlsx", get(approval::export))
        .route("/opinions/{id}/moderate", post(approval::moderate))
        .route("/opinions/{id}/reply", post(approval::reply))
        .route("/board/{id}", get(board::board))
        .route("/board/{id}/opinions", post(board::leave_opinion))
        .route("/board/{id}/poster", get(board::poster))
        .route("/evidence/{id}", get(board::evidence))
        .route("/orgs/{id}/reviews", get(review::list))
        .route(
            "/orgs/{id}/reviews/new",
            get(review::new_form).post(review::create),
        )
        .route("/orgs/{id}/rectifications.xlsx", get(review::export))
        .route("/orgs/{id}/reviews.xlsx", get(review::export_reviews))
        .route("/orgs/{id}/opinions.xlsx", get(approval::export_opinions))
        .route("/reviews/{id}", get(review::show))
        .route("/reviews/{id}/replies", post(review::reply))
        .route("/reviews/{id}/publish", post(review::publish))
        .route("/reviews/{id}/rectifications", post(review::raise))
        .route("/rectifications/{id}", post(review::update_rectification))
        .route(
            "/rectifications/{id}/close",
            post(review::close_rectification),
        )
        .route("/rectification-files/{id}", get(review::rectification_file))
        .route("/orgs/{id}/evaluations", get(evaluation::list))
        .route(
            "/orgs/{id}/evaluations/new",
            get(evaluation::new_form).post(evaluation::create),
        )
        .route("/evaluations/{id}", get(evaluation_round::show))
        .route("/evaluations/{id}/close", post(evaluation_round::close_now))
        .route(
            "/evaluations/{id}/forums",
            post(evaluation_round::add_forum),
        )
        .route(
            "/evaluations/{id}/opinions",
            post(evaluation_round::add_opinion),
        )
        .route(
            "/evaluations/{id}/publication",
            post(evaluation_round::set_publication),
        )
        .route(
            "/evaluations/{id}/feedback",
            post(evaluation_round::set_feedback),
        )
        .route("/evaluations/{id}/slips", post(evaluation_tokens::slips))
        .route(
            "/evaluations/{id}/deliveries",
            post(evaluation_tokens::deliver),
        )
        .route(
            "/evaluations/{id}/revocations",
            post(evaluation_tokens::revoke),
        )
        .route(
            "/evaluations/{id}/paper",
            get(vote::paper_form).post(vote::paper_cast),
        )
        .route("/evaluations/{id}/paper/open", post(vote::paper_open))
        .route(
            "/evaluations/{id}/targets/{target}",
            get(evaluation_results::target),
        )
        .route(
            "/evaluations/{id}/targets/{target}/rectifications",
            post(evaluation_results::raise),
        )
        .route("/evaluations/{id}/notice", get(evaluation_results::notice))
        .route(
            "/evaluations/{id}/results.xlsx",
            get(evaluation_results::export),
        )
        .route("/evaluations/{id}/public", get(evaluation_results::public))
        .route("/vote", get(vote::start).post(vote::open))
        .route("/vote/cast", post(vote::cast))
        .route("/study", get(study::mine))
        .route("/study/reading", post(study::save_reading))
        .route("/study/records", post(study::add_record))
        .route("/study/records/{id}/delete", post(study::delete_record))
        .route("/study/records/{id}/like", post(books::like))
        .route("/study-files/{id}", get(study_ledger::file))
        .route("/people/{id}/study-ledger", get(study_ledger::ledger))
        .route(
            "/people/{id}/study-ledger.xlsx",
            get(study_ledger::ledger_xlsx),
        )
        .route("/orgs/{id}/study", get(study_branch::table))
        .route("/orgs/{id}/study.xlsx", get(study_branch::export))
        .route("/orgs/{id}/study/remind", post(study_branch::remind))
        .route("/orgs/{id}/study/summary", get(study_branch::summary))
        .route(
            "/orgs/{id}/study/summary.xlsx",
            get(study_branch::export_summary),
        )
        .route("/orgs/{id}/books", get(books::show))
        .route("/orgs/{id}/books/recommend", post(books::recommend))
        .route(
            "/orgs/{id}/meetings",
            get(meeting::list).post(meeting::create),
        )
        .route("/orgs/{id}/meetings.xlsx", get(meeting_records::export))
        .route("/orgs/{id}/meetings/print", get(meeting_records::print))
        .route("/meetings/{id}", get(meeting_detail::show))
        .route(
            "/meetings/{id}/attendance",
            post(meeting_detail::attendance),
        )
        .route("/meetings/{id}/minutes", post(meeting_detail::minutes))
        .route("/meetings/{id}/files", post(meeting_detail::add_file))
        .route(
            "/meetings/{id}/reflections",
            post(meeting_detail::reflections),
        )
        .route(
            "/meetings/{id}/checkin",
            get(meeting_checkin::checkin_page).post(meeting_checkin::checkin),
        )
        .route("/admin/audit", get(admin::audit))
        .route("/admin/outbox", get(admin::outbox))
        .route("/inbox", get(inbox::list))
        .route("/inbox/{id}/read", post(inbox::mark_read))
        .route("/account", get(account::show))
        .route("/account/password", post(account::change_password))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
}

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
        csrf: ctx.csrf.clone(),
        path: path.to_string(),
        lang: ctx.locale.code(),
        other_lang: ctx.locale.other().code(),
        user,
        banner: banner(state, ctx),
        flash: ctx
            .flash
            .as_deref()
            .map(|id| state.i18n.text(ctx.locale, id)),
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
#[template(path = "error.html")]
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
        assert_eq!(local_path(Some("/orgs/1")), "/orgs/1");
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
            local_path(Some("/orgs/1/people?q=王芳&page=2")),
            "/orgs/1/people?q=王芳&page=2"
        );
    }
}
