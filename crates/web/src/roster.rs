//! The roster import pipeline, shared by the upload page, the API and the CLI:
//! file → cells → people → checked against the database. Nothing is written until
//! the caller imports the rows it returns.

use crate::http::i18n::{I18n, Locale};
use crate::http::sheet::{SheetError, read_sheet};
use domain::roster::{RosterError, read_roster_with_errors};
use store::Store;
use store::organisation::Organisation;
use store::person::ResolvedRow;

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
