//! Importing a roster from Excel or CSV: upload, see a preview (or every bad row
//! with its row, column and reason), confirm. All rows go in, or none.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html, html_status};
use crate::http::sheet::SheetError;
use crate::http::state::AppState;
use crate::person::import_progress::ImportProgress;
use crate::person::roster::{
    MAX_UPLOAD, RosterRejection, check_roster, file_message, import_roster, reason,
};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Action;
use store::organisation::Organisation;
use store::person::{ImportCounts, ResolvedRow};

/// The rows the preview lists; the counts above it cover the whole file.
const PREVIEW_ROWS: usize = 200;

/// A refused row as the page lists it.
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub reason: String,
}

impl ImportPage<'_> {
    fn counts(&self) -> ImportCounts {
        ImportCounts::of(&self.preview)
    }

    /// What a previewed row does: adds a person, changes these columns, or
    /// nothing.
    fn effect(&self, r: &ResolvedRow) -> String {
        match &r.existing {
            None => self.t.t("import-row-new"),
            Some((_, changed)) if changed.is_empty() => self.t.t("import-row-unchanged"),
            Some((_, changed)) => {
                let names: Vec<&str> = changed.iter().map(|c| c.header()).collect();
                self.t.a1("import-row-changed", "columns", names.join("、"))
            }
        }
    }
}

#[derive(Template)]
#[template(path = "person/import.html")]
struct ImportPage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    error: Option<String>,
    row_errors: Vec<RowError>,
    preview: Vec<ResolvedRow>,
    ignored_columns: Vec<String>,
    upload_id: Option<i64>,
    filename: String,
    /// Make the party groups the file names and the branch lacks.
    create_groups: bool,
    /// The file names party groups that do not exist: offer to create them.
    offer_groups: bool,
}

impl<'a> ImportPage<'a> {
    async fn new(state: &'a AppState, ctx: &Ctx, org: Organisation) -> ImportPage<'a> {
        let t = ctx.tr(&state.i18n);
        ImportPage {
            base: base(
                state,
                ctx,
                t.t("import-title"),
                &format!("/organisations/{}/import", org.id),
            )
            .await,
            t,
            org,
            error: None,
            row_errors: Vec::new(),
            preview: Vec::new(),
            create_groups: false,
            offer_groups: false,
            ignored_columns: Vec::new(),
            upload_id: None,
            filename: String::new(),
        }
    }
}

async fn managed_org(state: &AppState, ctx: &Ctx, id: i64) -> Result<Organisation, AppError> {
    let org = state.store.organisation(id).await?;
    ctx.require(&org.path, Action::ManagePeople)?;
    Ok(org)
}

pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = managed_org(&state, &ctx, id).await?;
    html(&ImportPage::new(&state, &ctx, org).await)
}

pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let org = managed_org(&state, &ctx, id).await?;
    let account = ctx.user()?.clone();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut create_groups = false;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::TooLarge)?
    {
        match field.name() {
            Some("file") => {
                let name = crate::http::text_guard::checked(
                    field.file_name().unwrap_or_default().to_string(),
                )?;
                let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
                file = Some((name, bytes.to_vec()));
            }
            Some("create_groups") => create_groups = true,
            _ => {}
        }
    }
    let mut page = ImportPage::new(&state, &ctx, org.clone()).await;
    page.create_groups = create_groups;
    let Some((filename, bytes)) = file.filter(|(n, b)| !n.is_empty() && !b.is_empty()) else {
        page.error = Some(page.t.t("import-error-no-file"));
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    page.filename = filename.clone();
    if bytes.len() > MAX_UPLOAD {
        page.error = Some(
            page.t
                .a1("import-error-too-large", "max", MAX_UPLOAD / 1024 / 1024),
        );
        return html_status(StatusCode::PAYLOAD_TOO_LARGE, &page);
    }
    match check_roster(
        &state.store,
        &org,
        &filename,
        &bytes,
        crate::http::clock::today(state.config.utc_offset),
        create_groups,
    )
    .await
    {
        Ok(checked) => {
            page.upload_id = Some(
                state
                    .store
                    .save_upload(account.id, org.id, &filename, &bytes)
                    .await?,
            );
            page.preview = checked.rows;
            page.ignored_columns = checked.ignored_columns;
            html(&page)
        }
        Err(rejection) => rejected(page, rejection),
    }
}

/// Shows the page again with why the file was refused, under the fitting status.
fn rejected(mut page: ImportPage<'_>, rejection: RosterRejection) -> Result<Response, AppError> {
    let status = match &rejection {
        RosterRejection::File(SheetError::NotWhatItClaims) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        RosterRejection::File(SheetError::TooLarge) => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    match rejection {
        RosterRejection::File(e) => page.error = Some(page.t.t(file_message(&e))),
        RosterRejection::Rows(errors) => {
            page.offer_groups = errors
                .iter()
                .any(|e| matches!(e.problem, domain::roster::RosterProblem::MissingGroups(_)));
            page.error = Some(page.t.a1("import-error-rows", "count", errors.len()));
            page.row_errors = errors
                .iter()
                .map(|e| RowError {
                    row: e.row,
                    column: e.column.clone(),
                    reason: reason(page.t.i18n, page.t.locale, e),
                })
                .collect();
        }
        RosterRejection::Store(e) => return Err(e.into()),
    }
    html_status(status, &page)
}

/// The preview's confirmation: whether to make the missing party groups.
#[derive(serde::Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    create_groups: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, upload_id)): Path<(i64, i64)>,
    axum::Form(f): axum::Form<ConfirmForm>,
) -> Result<Response, AppError> {
    let org = managed_org(&state, &ctx, id).await?;
    let account = ctx.user()?.clone();
    let upload = state.store.upload(account.id, upload_id).await?;
    if upload.org_id != org.id {
        return Err(AppError::NotFound);
    }
    // Checked again: the database may have changed since the preview. The
    // page asks how far it has gone while this runs.
    let progress = state.shared::<ImportProgress>();
    let result = import_roster(
        &state.store,
        &account.username,
        &org,
        &upload.filename,
        &upload.body,
        crate::http::clock::today(state.config.utc_offset),
        f.create_groups == "1",
        &|done, total| progress.set(account.id, upload.id, done, total),
    )
    .await;
    progress.end(account.id, upload.id);
    match result {
        Ok(n) => {
            state.store.delete_upload(upload.id).await?;
            Ok(Redirect::to(&format!(
                "/organisations/{id}/people?imported={}&updated={}&unchanged={}",
                n.new, n.changed, n.unchanged
            ))
            .into_response())
        }
        Err(rejection) => {
            let page = ImportPage::new(&state, &ctx, org).await;
            rejected(page, rejection)
        }
    }
}

#[derive(serde::Deserialize)]
pub struct ProgressQuery {
    #[serde(default)]
    upload: i64,
}

/// How far the account's import of `upload` has gone on this server:
/// `{"running": true, "done": 1500, "total": 100000}`, or `{"running": false}`
/// once it has ended (or when it runs on another server).
pub async fn progress(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<ProgressQuery>,
) -> Result<Response, AppError> {
    managed_org(&state, &ctx, id).await?;
    let account = ctx.user()?.id;
    let body = match state.shared::<ImportProgress>().get(account, q.upload) {
        Some((done, total)) => serde_json::json!({ "running": true, "done": done, "total": total }),
        None => serde_json::json!({ "running": false }),
    };
    Ok(axum::Json(body).into_response())
}
