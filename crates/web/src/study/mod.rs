//! The study programme (素质工程): each person's study log against the plan's
//! quotas and tasks, the branch's compliance table and reminders, summaries for
//! the offices above, books (荐书, 晒书), and meetings (三会一课, study meetings,
//! reading exchanges) with attendance, QR check-in and their records.

mod api;
pub mod books;
pub mod meeting;
mod pages;
pub mod progress;
pub mod record;
pub mod rules;
mod sheet;
pub mod standing;

use crate::http::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/study", get(pages::mine::mine))
        .route("/study/reading", post(pages::mine::save_reading))
        .route("/study/records", post(pages::mine::add_record))
        .route(
            "/study/records/{id}/delete",
            post(pages::mine::delete_record),
        )
        .route("/study/records/{id}/like", post(pages::books::like))
        .route("/study-files/{id}", get(pages::ledger::file))
        .route("/people/{id}/study-ledger", get(pages::ledger::ledger))
        .route(
            "/people/{id}/study-ledger.xlsx",
            get(pages::ledger::ledger_xlsx),
        )
        .route("/organisations/{id}/study", get(pages::branch::table))
        .route("/organisations/{id}/study.xlsx", get(pages::branch::export))
        .route(
            "/organisations/{id}/study/remind",
            post(pages::branch::remind),
        )
        .route(
            "/organisations/{id}/study/summary",
            get(pages::branch::summary),
        )
        .route(
            "/organisations/{id}/study/summary.xlsx",
            get(pages::branch::export_summary),
        )
        .route("/organisations/{id}/books", get(pages::books::show))
        .route(
            "/organisations/{id}/books/recommend",
            post(pages::books::recommend),
        )
        .route(
            "/organisations/{id}/meetings",
            get(pages::meetings::list).post(pages::meetings::create),
        )
        .route(
            "/organisations/{id}/meetings.xlsx",
            get(pages::records::export),
        )
        .route(
            "/organisations/{id}/meetings/print",
            get(pages::records::print),
        )
        .route("/meetings/{id}", get(pages::meeting::show))
        .route(
            "/meetings/{id}/attendance",
            post(pages::meeting::attendance),
        )
        .route("/meetings/{id}/minutes", post(pages::meeting::minutes))
        .route("/meetings/{id}/files", post(pages::meeting::add_file))
        .route(
            "/meetings/{id}/reflections",
            post(pages::meeting::reflections),
        )
        .route(
            "/meetings/{id}/checkin",
            get(pages::checkin::checkin_page).post(pages::checkin::checkin),
        )
        .routes(routes!(api::mine::my_study))
        .routes(routes!(api::mine::reading, api::mine::save_reading))
        .routes(routes!(api::mine::add_record))
        .routes(routes!(api::mine::delete_record))
        .routes(routes!(api::mine::attach_file))
        .routes(routes!(api::books::like_book))
        .routes(routes!(api::standing::study_compliance))
        .routes(routes!(api::standing::remind))
        .routes(routes!(api::standing::study_summary))
        .routes(routes!(api::books::list_books, api::books::recommend_book))
        .routes(routes!(
            api::meetings::list_meetings,
            api::meetings::create_meeting
        ))
        .routes(routes!(api::meetings::show_meeting))
        .routes(routes!(api::meetings::mark_attendance))
        .routes(routes!(api::meetings::check_in))
        .routes(routes!(api::meetings::save_minutes))
        .routes(routes!(api::meetings::add_meeting_file))
}
