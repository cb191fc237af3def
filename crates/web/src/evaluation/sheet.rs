//! The results workbook: a sheet of every target's figures by criterion (counts
//! per level as numbers, the mean, the good share as a percentage), and a sheet
//! of participation by batch.

use crate::http::i18n::Tr;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use store::evaluation::{Batch, Participation, Round, RoundResults};

pub fn results_xlsx(
    t: &Tr<'_>,
    round: &Round,
    results: &RoundResults,
    batches: &[Batch],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let decimal = Format::new().set_num_format("0.0");
    let sheet = book.add_worksheet();
    sheet.set_name(t.t("evaluation-results"))?;
    sheet.set_paper_size(9);
    sheet.write_string_with_format(0, 0, &round.title, &bold)?;
    let mut headers = vec![
        t.t("evaluation-target"),
        t.t("evaluation-criterion"),
        t.t("evaluation-ballots"),
    ];
    headers.extend(round.scale.iter().map(|l| l.label.clone()));
    headers.push(t.t("evaluation-mean"));
    headers.push(t.t("evaluation-good-share"));
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, h, &bold)?;
    }
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 16)?;
    let levels = round.scale.len() as u16;
    let mut r = 2u32;
    for x in &results.targets {
        let Some(overall) = &x.result.overall else {
            sheet.write_string(r, 0, &x.target.name)?;
            sheet.write_number(r, 2, x.result.ballots as f64)?;
            sheet.write_string(
                r,
                3,
                t.a1("evaluation-below-minimum", "n", round.min_ballots),
            )?;
            r += 1;
            continue;
        };
        let named = round
            .criteria
            .iter()
            .map(|c| c.name.clone())
            .zip(&x.result.criteria)
            .chain(std::iter::once((t.t("evaluation-overall"), overall)));
        for (name, f) in named {
            sheet.write_string(r, 0, &x.target.name)?;
            sheet.write_string(r, 1, &name)?;
            sheet.write_number(r, 2, x.result.ballots as f64)?;
            for (i, n) in f.counts.iter().enumerate() {
                sheet.write_number(r, 3 + i as u16, *n as f64)?;
            }
            sheet.write_number_with_format(r, 3 + levels, f.mean, &decimal)?;
            sheet.write_number_with_format(r, 4 + levels, f.good_share, &percent)?;
            r += 1;
        }
    }
    let sheet = book.add_worksheet();
    sheet.set_name(t.t("evaluation-participation"))?;
    sheet.set_paper_size(9);
    for (c, h) in [
        "evaluation-batch",
        "evaluation-batch-label",
        "evaluation-scope",
        "evaluation-issued",
        "evaluation-used",
        "evaluation-revoked",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(0, c as u16, t.t(h), &bold)?;
        sheet.set_column_width(c as u16, 16)?;
    }
    let total = Participation::total(batches);
    for (i, b) in batches.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, t.e("evaluation-channel", &b.channel))?;
        sheet.write_string(r, 1, &b.label)?;
        let scope = if b.scope.is_empty() {
            t.t("evaluation-scope-all")
        } else {
            results
                .targets
                .iter()
                .filter(|x| b.scope.contains(&x.target.id))
                .map(|x| x.target.name.clone())
                .collect::<Vec<_>>()
                .join("、")
        };
        sheet.write_string(r, 2, &scope)?;
        sheet.write_number(r, 3, b.counts.issued as f64)?;
        sheet.write_number(r, 4, b.counts.used as f64)?;
        sheet.write_number(r, 5, b.counts.revoked as f64)?;
    }
    let r = batches.len() as u32 + 1;
    sheet.write_string_with_format(r, 0, t.t("evaluation-total"), &bold)?;
    sheet.write_number_with_format(r, 3, total.issued as f64, &bold)?;
    sheet.write_number_with_format(r, 4, total.used as f64, &bold)?;
    sheet.write_number_with_format(r, 5, total.revoked as f64, &bold)?;
    sheet.write_string(r + 1, 0, t.t("evaluation-ballots"))?;
    sheet.write_number(r + 1, 4, results.ballots as f64)?;
    book.save_to_buffer()
}
