//! The study programme's workbooks: a person's ledger (学习台账), a branch's
//! compliance table and its meeting records (会议记录), each ready for A4.

use crate::i18n::Tr;
use crate::pages::study::StudyView;
use crate::study::{BranchCompliance, CitySummary};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use store::study::meeting::Meeting;

/// One sheet: its name, column headers and rows, all as shown.
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A workbook of titled sheets, each set for A4 with its header row repeated.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for s in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(&s.name)?;
        sheet.set_paper_size(9);
        sheet.set_repeat_rows(0, 0)?;
        for (c, h) in s.headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &bold)?;
            sheet.set_column_width(c as u16, 16)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet.write_string_with_format(r as u32 + 1, c as u16, cell, &wrap)?;
            }
        }
    }
    book.save_to_buffer()
}

fn headers(t: &Tr<'_>, ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| t.t(id)).collect()
}

/// 学习台账: reading by day, records, and each quota's standing.
pub fn ledger(t: &Tr<'_>, v: &StudyView) -> Result<Vec<u8>, XlsxError> {
    let mut days: Vec<_> = v.reading.iter().collect();
    days.sort();
    let reading = Sheet {
        name: t.t("study-sheet-reading"),
        headers: headers(t, &["study-day", "study-minutes"]),
        rows: days
            .iter()
            .map(|(d, m)| vec![d.to_string(), m.to_string()])
            .collect(),
    };
    let records = Sheet {
        name: t.t("study-sheet-records"),
        headers: headers(
            t,
            &[
                "study-kind",
                "study-record-title",
                "study-record-author",
                "study-day",
                "study-record-body",
                "study-record-file",
            ],
        ),
        rows: v
            .records
            .iter()
            .map(|r| {
                vec![
                    t.e("record-kind", &r.kind),
                    r.title.clone(),
                    r.author.clone(),
                    r.day.to_string(),
                    r.body.clone(),
                    r.filename.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    };
    let quotas = Sheet {
        name: t.t("study-sheet-quotas"),
        headers: headers(
            t,
            &[
                "study-quota",
                "study-periods-met",
                "study-periods-due",
                "study-share",
            ],
        ),
        rows: v
            .progress
            .iter()
            .map(|q| {
                vec![
                    q.name.clone(),
                    q.met.to_string(),
                    q.due.to_string(),
                    q.percent().map_or(String::new(), |p| format!("{p}%")),
                ]
            })
            .collect(),
    };
    workbook(&[reading, records, quotas])
}

/// The branch's compliance table, person by quota.
pub fn compliance(t: &Tr<'_>, c: &BranchCompliance) -> Result<Vec<u8>, XlsxError> {
    let mut head = headers(t, &["study-person", "study-org"]);
    head.extend(c.quotas.iter().map(|q| q.name.clone()));
    head.push(t.t("study-lagging"));
    let rows = c
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![r.name.clone(), r.org_name.clone()];
            row.extend(r.cells.iter().map(|cell| match cell {
                None => "—".to_string(),
                Some(cell) => match cell.percent() {
                    Some(p) => format!("{p}% ({}/{})", cell.met, cell.due),
                    None => t.t("study-nothing-due"),
                },
            }));
            row.push(if r.lagging() {
                t.t("study-lagging")
            } else {
                String::new()
            });
            row
        })
        .collect();
    workbook(&[Sheet {
        name: t.t("study-compliance"),
        headers: head,
        rows,
    }])
}

/// A campaign office's summary: every organisation's share per quota, the
/// total first, weakest organisations next as on the page.
pub fn summary(t: &Tr<'_>, s: &CitySummary) -> Result<Vec<u8>, XlsxError> {
    let mut head = headers(t, &["study-org", "study-people"]);
    head.extend(s.quotas.iter().map(|q| q.name.clone()));
    let rows = std::iter::once(&s.total)
        .chain(&s.lines)
        .map(|l| {
            let mut row = vec![l.org_name.clone(), l.people.to_string()];
            row.extend(l.cells.iter().enumerate().map(|(i, (due, met))| {
                l.percent(&i)
                    .map_or("—".to_string(), |p| format!("{p}% ({met}/{due})"))
            }));
            row
        })
        .collect();
    workbook(&[Sheet {
        name: t.t("study-summary"),
        headers: head,
        rows,
    }])
}

/// 会议记录: every meeting with its attendance and minutes.
pub fn meetings(t: &Tr<'_>, list: &[(Meeting, String)]) -> Result<Vec<u8>, XlsxError> {
    let rows = list
        .iter()
        .map(|(m, when)| {
            vec![
                t.e("meeting-kind", &m.kind),
                m.topic.clone(),
                when.clone(),
                m.place.clone(),
                m.host.clone(),
                m.recorder.clone(),
                m.lecturer.clone(),
                m.expected_total().to_string(),
                m.counts[1].to_string(),
                m.counts[2].to_string(),
                m.counts[3].to_string(),
                m.minutes.clone(),
            ]
        })
        .collect();
    workbook(&[Sheet {
        name: t.t("meeting-records"),
        headers: headers(
            t,
            &[
                "meeting-kind",
                "meeting-topic",
                "meeting-starts",
                "meeting-place",
                "meeting-host",
                "meeting-recorder",
                "meeting-lecturer",
                "meeting-expected",
                "attendance-present",
                "attendance-leave",
                "attendance-absent",
                "meeting-minutes",
            ],
        ),
        rows,
    }])
}
