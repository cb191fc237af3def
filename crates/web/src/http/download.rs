//! Files handed to the browser: workbooks under a name every browser keeps, and
//! the plain titled table most lists export as.

use crate::http::i18n::Tr;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook};

/// A file name as RFC 5987 wants it in `Content-Disposition` (`filename*=UTF-8''…`).
pub fn encode_filename(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// An xlsx download with a file name that survives every browser.
pub fn xlsx_download(filename: &str, bytes: Vec<u8>) -> Response {
    let encoded = encode_filename(filename);
    (
        [
            (CONTENT_TYPE, crate::http::sheet::XLSX_TYPE.to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"roster.xlsx\"; filename*=UTF-8''{encoded}"),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// A titled table on an A4 sheet: headers are message ids, rows are text.
pub fn table_xlsx(
    t: &Tr<'_>,
    title: &str,
    headers: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_paper_size(9);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    sheet.merge_range(
        0,
        0,
        0,
        headers.len().saturating_sub(1) as u16,
        title,
        &bold,
    )?;
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, t.t(h), &bold)?;
        sheet.set_column_width(c as u16, 24)?;
    }
    for (r, row) in rows.enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string_with_format(r as u32 + 2, c as u16, cell, &wrap)?;
        }
    }
    book.save_to_buffer()
}

/// An uploaded file shown in the browser under its own name, sandboxed so that
/// nothing in it runs with the site's authority.
pub fn inline_file(filename: &str, content_type: String, body: Vec<u8>) -> Response {
    let name = encode_filename(filename);
    (
        [
            (CONTENT_TYPE, content_type),
            (
                CONTENT_DISPOSITION,
                format!("inline; filename*=UTF-8''{name}"),
            ),
            (CONTENT_SECURITY_POLICY, "sandbox".to_string()),
        ],
        body,
    )
        .into_response()
}
