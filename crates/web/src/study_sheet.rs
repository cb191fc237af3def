//! The study programme's workbooks: a person's ledger (学习台账), a branch's
//! compliance table and its meeting records (会议记录), each ready for A4.

use crate::http::i18n::Tr;
use crate::pages::study::StudyView;
use crate::study::{BranchCompliance, CitySummary};
use domain::date::Day;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use store::study::meeting::Meeting;

/// A cell as Excel should hold it: numbers, shares and dates as real cells
/// with formats, so that a sheet sums and sorts them.
pub enum Value {
    Text(String),
    Number(f64),
    /// A share from 0 to 1, shown as a percentage.
    Share(f64),
    Date(Day),
    /// A local time.
    Time(time::PrimitiveDateTime),
    Empty,
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl Value {
    fn count(n: impl Into<f64>) -> Value {
        Value::Number(n.into())
    }

    /// `met` of `due` as a share, or nothing when nothing was due.
    fn share(met: u32, due: u32) -> Value {
        if due == 0 {
            Value::Empty
        } else {
            // Rounded down as the pages show it: 145 of 182 is 79%, not 80%.
            Value::Share((f64::from(met) * 100.0 / f64::from(due)).floor() / 100.0)
        }
    }
}

/// One sheet: its name, column headers and rows.
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// A workbook of titled sheets, each set for A4 with its header row repeated.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let share = Format::new().set_num_format("0%");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
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
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Value::Text(t) => {
                        sheet.write_string_with_format(r, c, t, &wrap)?;
                    }
                    Value::Number(n) => {
                        sheet.write_number(r, c, *n)?;
                    }
                    Value::Share(n) => {
                        sheet.write_number_with_format(r, c, *n, &share)?;
                    }
                    Value::Date(d) => {
                        let day = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            u8::from(d.0.month()),
                            d.0.day(),
                        )?;
                        sheet.write_datetime_with_format(r, c, &day, &date)?;
                    }
                    Value::Time(t) => {
                        let at =
                            ExcelDateTime::from_ymd(t.year() as u16, u8::from(t.month()), t.day())?
                                .and_hms(u16::from(t.hour()), t.minute(), 0)?;
                        sheet.write_datetime_with_format(r, c, &at, &datetime)?;
                    }
                    Value::Empty => {}
                }
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
            .map(|(d, m)| vec![Value::Date(**d), Value::count(**m)])
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
                    t.e("record-kind", &r.kind).into(),
                    r.title.clone().into(),
                    r.author.clone().into(),
                    Value::Date(r.day),
                    r.body.clone().into(),
                    r.filename.clone().unwrap_or_default().into(),
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
                    q.name.clone().into(),
                    Value::count(q.met),
                    Value::count(q.due),
                    Value::share(q.met, q.due),
                ]
            })
            .collect(),
    };
    workbook(&[reading, records, quotas])
}

/// The branch's compliance table, person by quota: for each quota the share of
/// periods met, the periods met and the periods due, each a column of numbers.
pub fn compliance(t: &Tr<'_>, c: &BranchCompliance) -> Result<Vec<u8>, XlsxError> {
    let mut head = headers(t, &["study-person", "study-org"]);
    for q in &c.quotas {
        head.push(q.name.clone());
        head.push(t.a1("study-column-met", "quota", &q.name));
        head.push(t.a1("study-column-due", "quota", &q.name));
    }
    head.push(t.t("study-lagging"));
    let rows = c
        .rows
        .iter()
        .map(|r| {
            let mut row: Vec<Value> = vec![r.name.clone().into(), r.org_name.clone().into()];
            for cell in &r.cells {
                match cell {
                    None => row.extend([Value::Empty, Value::Empty, Value::Empty]),
                    Some(cell) => row.extend([
                        Value::share(cell.met, cell.due),
                        Value::count(cell.met),
                        Value::count(cell.due),
                    ]),
                }
            }
            row.push(if r.lagging() {
                t.t("study-lagging").into()
            } else {
                Value::Empty
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
    for q in &s.quotas {
        head.push(q.name.clone());
        head.push(t.a1("study-column-met", "quota", &q.name));
        head.push(t.a1("study-column-due", "quota", &q.name));
    }
    let rows = std::iter::once(&s.total)
        .chain(&s.lines)
        .map(|l| {
            let mut row: Vec<Value> =
                vec![l.org_name.clone().into(), Value::count(l.people as f64)];
            for (due, met) in &l.cells {
                row.extend([
                    Value::share(*met as u32, *due as u32),
                    Value::count(*met as f64),
                    Value::count(*due as f64),
                ]);
            }
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
pub fn meetings(
    t: &Tr<'_>,
    list: &[(Meeting, String)],
    offset: time::UtcOffset,
) -> Result<Vec<u8>, XlsxError> {
    let rows = list
        .iter()
        .map(|(m, when)| {
            let at = store::parse_time_text(&m.starts_at)
                .map(|at| at.to_offset(offset))
                .map_or_else(
                    || Value::Text(when.clone()),
                    |at| Value::Time(time::PrimitiveDateTime::new(at.date(), at.time())),
                );
            vec![
                t.e("meeting-kind", &m.kind).into(),
                m.topic.clone().into(),
                at,
                m.place.clone().into(),
                m.host.clone().into(),
                m.recorder.clone().into(),
                m.lecturer.clone().into(),
                Value::count(m.expected_total() as f64),
                Value::count(m.counts[1] as f64),
                Value::count(m.counts[2] as f64),
                Value::count(m.counts[3] as f64),
                m.minutes.clone().into(),
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
