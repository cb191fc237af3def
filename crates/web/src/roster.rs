//! The roster import pipeline, shared by the upload page, the API and the CLI:
//! file → cells → people → checked against the database. Nothing is written until
//! the caller imports the rows it returns.

use crate::i18n::{I18n, Locale};
use crate::sheet::{SheetError, read_sheet};
use domain::roster::{Column, RosterError, header_of, read_roster};
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
) -> Result<CheckedRoster, RosterRejection> {
    let sheet = read_sheet(filename, bytes).map_err(RosterRejection::File)?;
    let roster = read_roster(&sheet).map_err(RosterRejection::Rows)?;
    // Name columns in errors as the file named them.
    let columns: Vec<(String, Column, usize)> = sheet
        .iter()
        .take(10)
        .flat_map(|row| row.iter().enumerate())
        .filter_map(|(i, cell)| {
            let text = cell.text();
            Column::EXPORT
                .into_iter()
                .find(|c| c.header() == text)
                .map(|c| (text, c, i))
        })
        .collect();
    let headers = |c: Column| header_of(&columns, c);
    let rows = store
        .resolve_roster(target, &roster.rows, &headers)
        .await
        .map_err(RosterRejection::Store)?
        .map_err(RosterRejection::Rows)?;
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
        SheetError::Unreadable(_) => "import-error-unreadable",
    }
}
