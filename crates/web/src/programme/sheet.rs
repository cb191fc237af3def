//! The programmes' workbooks: every activity with its programme, dates,
//! status and counts; a task list with real due dates.

use crate::http::i18n::Tr;
use crate::http::workbook::{Sheet, Value, workbook};
use crate::programme::overview::Block;
use domain::date::Day;
use rust_xlsxwriter::XlsxError;
use store::programme::Task;

fn day(d: Option<Day>) -> Value {
    d.map_or(Value::Empty, Value::Date)
}

pub fn activities_xlsx(t: &Tr<'_>, blocks: &[Block]) -> Result<Vec<u8>, XlsxError> {
    let mut rows = Vec::new();
    for b in blocks {
        let recorded = b
            .planned
            .iter()
            .filter_map(|(_, r)| r.as_ref())
            .chain(b.own.iter());
        for a in recorded {
            rows.push(vec![
                Value::Text(b.name.clone()),
                Value::Text(a.name.clone()),
                day(a.starts_on),
                day(a.ends_on),
                Value::Text(t.e("activity-status", &a.status)),
                Value::Text(a.owner_name.clone().unwrap_or_default()),
                Value::count(a.participant_count as f64),
                Value::count(a.served_count as f64),
                a.times_target
                    .map_or(Value::Empty, |n| Value::count(n as f64)),
                Value::count(a.times_held as f64),
                Value::Text(a.outcome.clone()),
            ]);
        }
        for (p, _) in b.planned.iter().filter(|(_, r)| r.is_none()) {
            rows.push(vec![
                Value::Text(b.name.clone()),
                Value::Text(p.name.clone()),
                day(p.starts_on),
                day(p.ends_on),
                Value::Text(t.t("activity-not-started")),
            ]);
        }
        rows.push(vec![
            Value::Text(b.name.clone()),
            Value::Text(t.t("programme-completion")),
            Value::Empty,
            Value::Empty,
            Value::Share(b.completion.percent().floor() / 100.0),
        ]);
    }
    let headers = [
        "activity-programme",
        "activity-name",
        "activity-starts",
        "activity-ends",
        "activity-status",
        "activity-owner",
        "activity-participant-count",
        "activity-served-count",
        "activity-times-target",
        "activity-times-held",
        "activity-outcome",
    ];
    workbook(&[Sheet {
        name: t.t("programmes-label"),
        headers: headers.iter().map(|h| t.t(h)).collect(),
        rows,
    }])
}

pub fn tasks_xlsx(
    t: &Tr<'_>,
    title: &str,
    tasks: &[Task],
    today: Day,
) -> Result<Vec<u8>, XlsxError> {
    let rows = tasks
        .iter()
        .map(|k| {
            let late = k.status.is_open() && k.due_on < today;
            vec![
                Value::Text(k.title.clone()),
                Value::Text(k.assignee.clone()),
                Value::Text(k.org_name.clone()),
                Value::Text(k.issuer_name.clone()),
                Value::Date(k.due_on),
                Value::Text(t.e("task-status", &k.status)),
                if late {
                    Value::count((today.0 - k.due_on.0).whole_days() as f64)
                } else {
                    Value::Empty
                },
            ]
        })
        .collect();
    let headers = [
        "task-title",
        "task-assignee",
        "task-org",
        "task-issuer",
        "task-due-on",
        "task-status",
        "overdue-days",
    ];
    let name: String = title.chars().take(31).collect();
    workbook(&[Sheet {
        name,
        headers: headers.iter().map(|h| t.t(h)).collect(),
        rows,
    }])
}
