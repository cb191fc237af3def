//! The review workbooks: the reviews a viewer may read, and the rectification
//! items with their owners, dates and states.

use crate::http::download::table_xlsx;
use crate::http::i18n::Tr;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use store::review::{Rectification, Review};

/// Problem, owner, due date, state and the owner's report, an item a row.
pub fn rectifications_xlsx(
    t: &Tr<'_>,
    title: &str,
    items: &[Rectification],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_paper_size(9);
    let bold = Format::new().set_bold();
    sheet.merge_range(0, 0, 0, 4, title, &bold)?;
    for (c, h) in [
        "rectification-problem",
        "rectification-owner",
        "rectification-due",
        "rectification-status",
        "rectification-note",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(1, c as u16, t.t(h), &bold)?;
        sheet.set_column_width(c as u16, if c == 0 || c == 4 { 36 } else { 14 })?;
    }
    for (i, x) in items.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write_string(r, 0, &x.problem)?;
        sheet.write_string(r, 1, &x.owner_name)?;
        sheet.write_string(r, 2, x.due_on.to_string())?;
        sheet.write_string(r, 3, t.e("rectification-status", &x.status))?;
        sheet.write_string(r, 4, &x.note)?;
    }
    book.save_to_buffer()
}

/// Whom it reviews, who wrote it and when, its three parts and whether it is
/// public, a review a row.
pub fn reviews_xlsx(
    t: &Tr<'_>,
    title: &str,
    branch_name: &str,
    reviews: &[Review],
) -> Result<Vec<u8>, XlsxError> {
    let rows = reviews.iter().map(|r| {
        vec![
            r.person_name
                .clone()
                .unwrap_or_else(|| branch_name.to_string()),
            r.reviewer_name.clone(),
            r.created_at.clone(),
            r.parts.affirmed.clone(),
            r.parts.problems.join("\n"),
            r.parts.direction.clone(),
            t.t(if r.published {
                "review-published"
            } else {
                "review-private"
            }),
        ]
    });
    let headers = [
        "review-target",
        "review-reviewer",
        "audit-at",
        "review-affirmed",
        "review-problems",
        "review-direction",
        "commitment-status-col",
    ];
    table_xlsx(t, title, &headers, rows)
}
