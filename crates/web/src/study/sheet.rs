//! The study programme's workbooks: a person's ledger (学习台账), a branch's
//! compliance table and its meeting records (会议记录), each ready for A4.

use crate::http::i18n::Tr;
use crate::http::workbook::{Sheet, Value, workbook};
use crate::study::progress::StudyView;
use crate::study::standing::{BranchCompliance, CitySummary};
use rust_xlsxwriter::XlsxError;
use store::study::meeting::Meeting;

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
            let at = match Value::local_time(Some(&m.starts_at), offset) {
                Value::Empty => Value::Text(when.clone()),
                at => at,
            };
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
