//! Server-rendered pages. Each area has its own file; this one holds the routes,
//! the layout data every page shares, and the error page.

pub(crate) mod books;
pub(crate) mod meeting;
mod meeting_checkin;
pub(crate) mod meeting_detail;
mod meeting_records;
pub(crate) mod study;
pub(crate) mod study_branch;
pub(crate) mod study_ledger;

use crate::http::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub(crate) use crate::http::page::{Base, base, html, html_status, qr_svg, site_base};

pub fn routes() -> Router<AppState> {
    Router::new()
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
}
