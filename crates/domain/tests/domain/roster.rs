//! Every way a roster writes a date reads back as that date.

use chuangxian_domain::date::Day;
use chuangxian_domain::roster::{Cell, parse_date_text, read_date};
use proptest::prelude::*;

fn any_day() -> impl Strategy<Value = Day> {
    (1950i32..2060, 1u8..=12, 1u8..=31)
        .prop_filter_map("a real day", |(y, m, d)| Day::from_ymd(y, m, d))
}

proptest! {
    #[test]
    fn every_written_form_of_a_day_reads_back_as_that_day(day in any_day()) {
        let (y, m, d) = (day.year(), u8::from(day.0.month()), day.0.day());
        for text in [
            format!("{y}-{m:02}-{d:02}"),
            format!("{y}-{m}-{d}"),
            format!("{y}/{m}/{d}"),
            format!("{y}.{m}.{d}"),
            format!("{y}年{m}月{d}日"),
            format!("{y}{m:02}{d:02}"),
            format!(" {y}-{m}-{d} "),
        ] {
            prop_assert_eq!(parse_date_text(&text), Some(day), "{}", text);
        }
        prop_assert_eq!(read_date(&Cell::Date(day)), Ok(Some(day)));
    }

    #[test]
    fn a_month_without_a_day_means_its_first_day(day in any_day()) {
        let (y, m) = (day.year(), u8::from(day.0.month()));
        let first = Day::from_ymd(y, m, 1);
        for text in [format!("{y}.{m:02}"), format!("{y}年{m}月"), format!("{y}-{m}"), format!("{y}{m:02}")] {
            prop_assert_eq!(parse_date_text(&text), first, "{}", text);
        }
    }

    #[test]
    fn an_excel_serial_and_its_day_agree(day in any_day()) {
        let epoch = Day::from_ymd(1899, 12, 30).unwrap();
        let serial = (day.0 - epoch.0).whole_days() as f64;
        prop_assert_eq!(read_date(&Cell::Number(serial)), Ok(Some(day)));
    }

    #[test]
    fn text_that_is_no_date_is_refused_not_guessed(text in "[a-z\\u{4e00}-\\u{4e2f} ]{1,12}") {
        prop_assert_eq!(parse_date_text(&text), None);
    }
}
