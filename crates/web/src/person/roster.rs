//! The roster import pipeline, shared by the upload page, the API and the CLI:
//! file → cells → people → checked against the database. Nothing is written until
//! the caller imports the rows it returns.

use crate::http::error::{AppError, FieldRefusal};
use crate::http::i18n::{I18n, Locale};
use crate::http::sheet::{SheetError, read_sheet};
use domain::roster::{RosterError, read_roster_with_errors};
use store::Store;
use store::organisation::Organisation;
use store::person::{ImportCounts, ResolvedRow};

/// The largest roster file accepted.
pub const MAX_UPLOAD: usize = 2 * 1024 * 1024;

/// Why a roster file cannot be imported.
#[derive(Debug)]
pub enum RosterRejection {
    File(SheetError),
    Rows(Vec<RosterError>),
    Store(store::StoreError),
}

/// A roster ready to import, with the columns the file had that we ignore.
pub struct CheckedRoster {
    pub rows: Vec<ResolvedRow>,
    pub ignored_columns: Vec<String>,
}

/// Reads and checks a roster file for import into `target`'s subtree.
pub async fn check_roster(
    store: &Store,
    target: &Organisation,
    filename: &str,
    bytes: &[u8],
    today: domain::date::Day,
    create_groups: bool,
) -> Result<CheckedRoster, RosterRejection> {
    let sheet = read_sheet(filename, bytes).map_err(RosterRejection::File)?;
    let (roster, mut errors) =
        read_roster_with_errors(&sheet, today).map_err(|e| RosterRejection::Rows(vec![e]))?;
    // The cells are read into rows: a large file's grid goes before the rows are resolved.
    drop(sheet);
    let headers = |c| roster.header(c);
    let rows = match store
        .resolve_roster(target, &roster.rows, &headers, create_groups)
        .await
        .map_err(RosterRejection::Store)?
    {
        Ok(rows) => rows,
        Err(more) => {
            errors.extend(more);
            Vec::new()
        }
    };
    if !errors.is_empty() {
        // One list for the person: by row, then as the columns stand.
        errors.sort_by_key(|e| e.row);
        errors.dedup();
        return Err(RosterRejection::Rows(errors));
    }
    Ok(CheckedRoster {
        rows,
        ignored_columns: roster.ignored_columns,
    })
}

/// One roster error as a sentence in `locale`: its reason with the value.
pub fn reason(i18n: &I18n, locale: Locale, e: &RosterError) -> String {
    i18n.args(locale, e.problem.message_id(), &e.problem.args())
}

/// The message id for a file-level problem.
pub fn file_message(e: &SheetError) -> &'static str {
    match e {
        SheetError::NotWhatItClaims => "import-error-kind",
        SheetError::TooLarge => "import-error-expands",
        SheetError::TooManyCells => "import-error-too-many-cells",
        SheetError::Unreadable(_) => "import-error-unreadable",
    }
}

/// Reads, checks and imports a roster file into `target`'s subtree, all rows
/// or none, telling `progress` (rows written, rows in all) as it goes: the
/// page's confirmation and the API call this. (The command line checks first
/// and imports with a progress bar.)
#[allow(clippy::too_many_arguments)]
pub async fn import_roster(
    store: &Store,
    actor: &str,
    target: &Organisation,
    filename: &str,
    bytes: &[u8],
    today: domain::date::Day,
    create_groups: bool,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ImportCounts, RosterRejection> {
    let checked = check_roster(store, target, filename, bytes, today, create_groups).await?;
    let total = checked.rows.len();
    progress(0, total);
    store
        .import_people(actor, target, &checked.rows, &|done| progress(done, total))
        .await
        .map_err(RosterRejection::Store)
}

impl From<RosterRejection> for AppError {
    fn from(r: RosterRejection) -> AppError {
        match r {
            RosterRejection::Store(e) => e.into(),
            RosterRejection::File(e) => {
                let status = match e {
                    SheetError::NotWhatItClaims => axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    SheetError::TooLarge => axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                    _ => axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                };
                AppError::refusal(status, file_message(&e)).on_field("file")
            }
            // Each refused row: its spreadsheet row number and column.
            RosterRejection::Rows(errors) => AppError::invalid_fields(
                "import-error-rows",
                errors
                    .iter()
                    .map(|e| {
                        FieldRefusal::new(e.column.clone(), e.problem.message_id())
                            .at(e.row)
                            .with_args(e.problem.args())
                    })
                    .collect(),
            )
            .with_args(vec![("count", errors.len().to_string())]),
        }
    }
}
