//! The commendation workbooks: nominations with their levels and scores, the
//! objections with their outcomes, and an honour roll with real dates.

use crate::http::i18n::Tr;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use store::commendation::{Honour, Nomination, Objection};

/// A titled sheet with bold headers (message ids) and sized columns.
fn sheet_with<'b>(
    book: &'b mut Workbook,
    t: &Tr<'_>,
    title: &str,
    headers: &[&str],
) -> Result<&'b mut rust_xlsxwriter::Worksheet, XlsxError> {
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_paper_size(9);
    sheet.merge_range(0, 0, 0, headers.len() as u16 - 1, title, &bold)?;
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, t.t(h), &bold)?;
        sheet.set_column_width(
            c as u16,
            if *h == "nomination-deeds" || *h == "objection-text" {
                40
            } else {
                16
            },
        )?;
    }
    Ok(sheet)
}

pub fn nominations_xlsx(
    t: &Tr<'_>,
    title: &str,
    list: &[&Nomination],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let wrap = Format::new().set_text_wrap();
    let sheet = sheet_with(
        &mut book,
        t,
        title,
        &[
            "nomination-name",
            "nomination-org",
            "nomination-position",
            "nomination-score",
            "nomination-status",
            "nomination-reason",
            "nomination-deeds",
        ],
    )?;
    for (i, n) in list.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write_string(r, 0, &n.name)?;
        sheet.write_string(r, 1, &n.org_name)?;
        sheet.write_string(r, 2, &n.position)?;
        sheet.write_string(r, 3, n.score.clone().unwrap_or_default())?;
        sheet.write_string(r, 4, t.e("nomination-status", &n.status))?;
        sheet.write_string(r, 5, n.reason.clone().unwrap_or_default())?;
        sheet.write_string_with_format(r, 6, &n.deeds, &wrap)?;
    }
    book.save_to_buffer()
}

pub fn objections_xlsx(t: &Tr<'_>, title: &str, list: &[Objection]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let wrap = Format::new().set_text_wrap();
    let sheet = sheet_with(
        &mut book,
        t,
        title,
        &[
            "objection-candidate",
            "objection-text",
            "objection-name",
            "objection-contact",
            "objection-status",
            "objection-outcome",
        ],
    )?;
    for (i, o) in list.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write_string(r, 0, &o.candidate)?;
        sheet.write_string_with_format(r, 1, &o.text, &wrap)?;
        sheet.write_string(r, 2, o.name.clone().unwrap_or_default())?;
        sheet.write_string(r, 3, o.contact.clone().unwrap_or_default())?;
        sheet.write_string(r, 4, t.e("objection-status", &o.status))?;
        sheet.write_string(r, 5, o.outcome.clone().unwrap_or_default())?;
    }
    book.save_to_buffer()
}

pub fn honours_xlsx(t: &Tr<'_>, title: &str, list: &[Honour]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = sheet_with(
        &mut book,
        t,
        title,
        &[
            "nomination-name",
            "nomination-org",
            "honour-title",
            "commendation-title",
            "commendation-code",
            "commendation-day",
        ],
    )?;
    for (i, h) in list.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write_string(r, 0, &h.name)?;
        sheet.write_string(r, 1, &h.org_name)?;
        sheet.write_string(r, 2, &h.title)?;
        sheet.write_string(r, 3, &h.decision_title)?;
        sheet.write_string(r, 4, &h.decision_code)?;
        let d = h.decided_on.0;
        let day = ExcelDateTime::from_ymd(d.year() as u16, u8::from(d.month()), d.day())?;
        sheet.write_datetime_with_format(r, 5, &day, &date)?;
    }
    book.save_to_buffer()
}
