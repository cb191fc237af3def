//! A person's study ledger (学习台账) on A4 and in Excel, as a secretary shows it
//! to an inspection, and the files of the study log and of meetings.

use crate::http::context::Ctx;
use crate::http::download::{encode_filename, xlsx_download};
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use crate::study::progress::StudyView;
use crate::study::rules::{readable_person, reads_log_of};
use crate::study::sheet;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use domain::access::Action;
use domain::date::Day;
use store::study::meeting::Meeting;

/// A file of the study log or of a meeting, to those who may read it: a
/// person's reflection or article is theirs and their leadership's, as the
/// ledger is; a meeting's files are the organisation's records.
pub async fn file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    ctx.user()?;
    let f = state.store.study_file(id).await?;
    let org = state.store.organisation(f.org_id).await?;
    let readable = match f.person_id {
        Some(owner) => reads_log_of(&ctx, owner, &org)?,
        None => ctx.can(&org.path, Action::Read),
    };
    if !readable {
        return Err(AppError::Forbidden);
    }
    Ok((
        [
            (CONTENT_TYPE, f.file.content_type.clone()),
            (
                CONTENT_DISPOSITION,
                format!(
                    "attachment; filename*=UTF-8''{}",
                    encode_filename(&f.file.filename)
                ),
            ),
        ],
        f.file.body,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "study/ledger.html")]
struct LedgerPage<'a> {
    t: Tr<'a>,
    base: Base,
    view: StudyView,
    /// Days with reading, in order.
    days: Vec<(Day, u32)>,
    meetings: Vec<(Meeting, String)>,
}

/// 学习台账 on A4: what an inspection asks to see.
pub async fn ledger(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (person, plan) = readable_person(&state, &ctx, id).await?;
    let t = ctx.tr(&state.i18n);
    let meetings = state
        .store
        .my_meetings(person.id)
        .await?
        .into_iter()
        .map(|(m, a)| (m, t.e("attendance", &a)))
        .collect();
    let view = StudyView::load(&state, person, &plan).await?;
    let mut days: Vec<(Day, u32)> = view.reading.iter().map(|(d, m)| (*d, *m)).collect();
    days.sort();
    html(&LedgerPage {
        base: base(
            &state,
            &ctx,
            t.a1("study-ledger-title", "name", &view.person.name),
            &format!("/people/{id}/study-ledger"),
        )
        .await,
        t,
        view,
        days,
        meetings,
    })
}

/// 学习台账 as a workbook: reading by day, the records, the quotas.
pub async fn ledger_xlsx(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (person, plan) = readable_person(&state, &ctx, id).await?;
    let t = ctx.tr(&state.i18n);
    let view = StudyView::load(&state, person, &plan).await?;
    let bytes = sheet::ledger(&t, &view)?;
    Ok(xlsx_download(
        &format!("{}-{}.xlsx", t.t("study-ledger-file"), view.person.name),
        bytes,
    ))
}
