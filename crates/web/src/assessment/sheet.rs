//! The assessment workbook: a sheet of the ranking with every indicator's value,
//! the adjustment, the total and the grade as numbers; and a sheet of the source
//! records each score was read from.

use crate::http::i18n::Tr;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use store::assessment::{Assessment, SubjectScore};

pub fn scores_xlsx(
    t: &Tr<'_>,
    title: &str,
    a: &Assessment,
    scores: &[SubjectScore],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let two = Format::new().set_num_format("0.00");
    let indicators = &a.basis.scheme.indicators;
    let sheet = book.add_worksheet();
    sheet.set_name(t.t("assessment-sheet-scores"))?;
    sheet.set_paper_size(9);
    sheet.set_landscape();
    let columns = 5 + indicators.len() as u16;
    sheet.merge_range(0, 0, 0, columns, title, &bold)?;
    let mut headers: Vec<String> = vec![
        t.t("assessment-place"),
        t.t("assessment-subject"),
        t.t("assessment-organisation"),
    ];
    headers.extend(
        indicators
            .iter()
            .map(|i| format!("{} ({})", i.name, i.weight)),
    );
    headers.extend([
        t.t("assessment-adjustment"),
        t.t("assessment-total"),
        t.t("assessment-grade"),
    ]);
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, h, &bold)?;
        sheet.set_column_width(c as u16, if c == 1 || c == 2 { 16 } else { 11 })?;
    }
    for (i, s) in scores.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write_number(r, 0, s.place as f64)?;
        sheet.write_string(r, 1, &s.name)?;
        sheet.write_string(r, 2, &s.org_name)?;
        for (k, l) in s.score.lines.iter().enumerate() {
            if let Some(v) = l.value {
                sheet.write_number_with_format(r, 3 + k as u16, v, &two)?;
            }
        }
        let c = 3 + indicators.len() as u16;
        if let Some(adj) = &s.adjustment {
            sheet.write_number_with_format(r, c, adj.points, &two)?;
        }
        sheet.write_number_with_format(r, c + 1, s.score.total, &two)?;
        sheet.write_string(r, c + 2, s.score.grade.clone().unwrap_or_default())?;
    }
    let records = book.add_worksheet();
    records.set_name(t.t("assessment-sheet-records"))?;
    records.set_paper_size(9);
    for (c, h) in [
        "assessment-subject",
        "plan-item",
        "assessment-record",
        "assessment-raw",
    ]
    .iter()
    .enumerate()
    {
        records.write_string_with_format(0, c as u16, t.t(h), &bold)?;
        records.set_column_width(c as u16, 20)?;
    }
    let mut r = 1;
    for s in scores {
        for x in &s.refs {
            records.write_string(r, 0, &s.name)?;
            records.write_string(r, 1, &x.indicator)?;
            records.write_string(
                r,
                2,
                format!(
                    "{} #{}",
                    t.t(&format!("assessment-record-{}", x.kind)),
                    x.id
                ),
            )?;
            records.write_string(r, 3, &x.figure)?;
            r += 1;
        }
        if let Some(adj) = &s.adjustment {
            records.write_string(r, 0, &s.name)?;
            records.write_string(r, 1, t.t("assessment-adjustment"))?;
            records.write_string(r, 2, &adj.by)?;
            records.write_string(r, 3, format!("{:+.2} {}", adj.points, adj.reason))?;
            r += 1;
        }
    }
    book.save_to_buffer()
}
