//! The roster reader on hand-made sheets, cell by cell.

use super::dates::number_date;
use super::*;

const TODAY: Day = Day(time::macros::date!(2026 - 12 - 01));

#[test]
fn future_dates_and_joining_before_birth_are_refused_with_row_and_column() {
    let sheet = vec![
        vec![
            Cell::Text("姓名".into()),
            Cell::Text("出生日期".into()),
            Cell::Text("入党时间".into()),
        ],
        vec![
            Cell::Text("王芳".into()),
            Cell::Text("1980-01-01".into()),
            Cell::Text("2030-01-01".into()),
        ],
        vec![
            Cell::Text("李梅".into()),
            Cell::Text("1990-05-01".into()),
            Cell::Text("1985-07-01".into()),
        ],
        vec![
            Cell::Text("张敏".into()),
            Cell::Text("1990-05-01".into()),
            Cell::Text("2010-07-01".into()),
        ],
    ];
    let errors = read_roster(&sheet, TODAY).unwrap_err();
    assert_eq!(
        errors
            .iter()
            .map(|e| (e.row, e.column.as_str(), e.problem.message_id()))
            .collect::<Vec<_>>(),
        vec![
            (2, "入党时间", "field-future-date"),
            (3, "入党时间", "field-date-order")
        ]
    );
}

fn t(s: &str) -> Cell {
    Cell::Text(s.into())
}

#[test]
fn dates_are_read_in_the_forms_people_type() {
    for (text, want) in [
        ("2008.07", "2008-07-01"),
        ("2008-7-1", "2008-07-01"),
        ("2008年7月", "2008-07-01"),
        ("2008年7月15日", "2008-07-15"),
        ("2008/07/15", "2008-07-15"),
        ("200807", "2008-07-01"),
        ("20080715", "2008-07-15"),
    ] {
        assert_eq!(
            parse_date_text(text).map(|d| d.to_string()).as_deref(),
            Some(want),
            "{text}"
        );
    }
    assert_eq!(parse_date_text("2008-13-01"), None);
    assert_eq!(parse_date_text("去年"), None);
}

#[test]
fn numbers_are_read_as_year_month_or_excel_serials() {
    assert_eq!(
        number_date(2008.07).map(|d| d.to_string()).as_deref(),
        Some("2008-07-01")
    );
    assert_eq!(
        number_date(2008.1).map(|d| d.to_string()).as_deref(),
        Some("2008-10-01")
    );
    // 39630 is 2008-07-01 in Excel.
    assert_eq!(
        number_date(39630.0).map(|d| d.to_string()).as_deref(),
        Some("2008-07-01")
    );
}

#[test]
fn a_hand_made_roster_with_a_title_row_and_blank_rows_reads() {
    let sheet = vec![
        vec![t("市妇联机关支部党员花名册"), Cell::Empty, Cell::Empty],
        vec![
            t("序号"),
            t("入党时间"),
            t("姓名"),
            t("联系电话"),
            t("身份证号"),
        ],
        vec![
            Cell::Number(1.0),
            t("2008.07"),
            t("王芳"),
            Cell::Number(13800138000.0),
            t("x"),
        ],
        vec![
            Cell::Number(2.0),
            Cell::Date(Day::from_ymd(2010, 3, 1).unwrap()),
            t("李娜"),
            Cell::Empty,
        ],
        vec![Cell::Empty, Cell::Empty],
        vec![t(" ")],
    ];
    let roster = read_roster(&sheet, TODAY).unwrap();
    assert_eq!(roster.rows.len(), 2);
    assert_eq!(roster.rows[0].row, 3);
    assert_eq!(roster.rows[0].person.name, "王芳");
    assert_eq!(roster.rows[0].person.phone.as_deref(), Some("13800138000"));
    assert_eq!(
        roster.rows[1]
            .person
            .joined_on
            .map(|d| d.to_string())
            .as_deref(),
        Some("2010-03-01")
    );
    assert_eq!(roster.ignored_columns, vec!["身份证号".to_string()]);
}

#[test]
fn every_bad_row_is_named_with_its_column() {
    let sheet = vec![
        vec![t("姓名"), t("入党时间"), t("用户名")],
        vec![t(""), t("2008.07"), t("wang")],
        vec![t("李娜"), t("去年"), t("wang")],
    ];
    let errors = read_roster(&sheet, TODAY).unwrap_err();
    assert_eq!(errors.len(), 3);
    assert_eq!((errors[0].row, errors[0].column.as_str()), (2, "姓名"));
    assert_eq!(
        errors[0].problem,
        RosterProblem::Field(FieldProblem::Missing)
    );
    assert!(errors.iter().any(|e| e.row == 3 && e.column == "入党时间"));
    assert!(
        errors
            .iter()
            .any(|e| e.row == 3 && e.problem == RosterProblem::DuplicateUsername("wang".into()))
    );
}

#[test]
fn a_sheet_without_a_name_column_has_no_header() {
    let sheet = vec![vec![t("a"), t("b")]];
    assert_eq!(
        read_roster(&sheet, TODAY).unwrap_err()[0].problem,
        RosterProblem::NoHeader
    );
}
