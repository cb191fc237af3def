//! The commitment workbooks: a branch's commitments with every item and its
//! progress, and every opinion of the masses with its state and answer.

use crate::http::download::table_xlsx;
use crate::http::i18n::Tr;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use store::commitment::Commitment;
use store::commitment::opinion::Opinion;

/// One commitment as the workbook lists it.
pub struct SheetEntry<'a> {
    pub owner: &'a str,
    pub commitment: &'a Commitment,
    pub progress: u8,
}

/// Owner, status and progress, then every approved item (or the draft's, for
/// one not yet approved) on a row of its own.
pub fn commitments_xlsx<'a>(
    t: &Tr<'_>,
    title: &str,
    entries: impl IntoIterator<Item = SheetEntry<'a>>,
    criterion_name: &dyn Fn(&str) -> String,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_paper_size(9);
    let bold = Format::new().set_bold();
    sheet.merge_range(0, 0, 0, 6, title, &bold)?;
    let headers = [
        "commitment-owner",
        "commitment-status-col",
        "commitment-progress",
        "commitment-criterion",
        "commitment-what",
        "commitment-target",
        "commitment-due",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, t.t(h), &bold)?;
        sheet.set_column_width(c as u16, if c == 4 { 40 } else { 14 })?;
    }
    let mut row = 2u32;
    for e in entries {
        let items = e
            .commitment
            .approved
            .as_ref()
            .unwrap_or(&e.commitment.draft);
        for (i, item) in items.iter().enumerate() {
            if i == 0 {
                sheet.write_string(row, 0, e.owner)?;
                sheet.write_string(row, 1, t.e("commitment-status", &e.commitment.status))?;
                sheet.write_number(row, 2, f64::from(e.progress))?;
            }
            sheet.write_string(row, 3, criterion_name(&item.criterion))?;
            sheet.write_string(row, 4, &item.what)?;
            sheet.write_string(row, 5, &item.target)?;
            sheet.write_string(row, 6, item.due_on.to_string())?;
            row += 1;
        }
    }
    book.save_to_buffer()
}

/// Every opinion, oldest first: when, on whose commitment, from whom, what,
/// its state and the answer.
pub fn opinions_xlsx(
    t: &Tr<'_>,
    title: &str,
    branch_name: &str,
    opinions: &[Opinion],
) -> Result<Vec<u8>, XlsxError> {
    let rows = opinions.iter().map(|o| {
        vec![
            t.time(&o.created_at),
            o.owner_name
                .clone()
                .unwrap_or_else(|| branch_name.to_string()),
            o.name.clone().unwrap_or_else(|| t.t("opinion-anonymous")),
            o.text.clone(),
            t.e("opinion-status", &o.status),
            o.reply.clone().unwrap_or_default(),
        ]
    });
    let headers = [
        "audit-at",
        "commitment-owner",
        "opinion-col-name",
        "opinion-col-text",
        "commitment-status-col",
        "opinion-reply",
    ];
    table_xlsx(t, title, &headers, rows)
}
