//! Properties over large input spaces: every way a roster writes a date, and
//! moving plans by whole years.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

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

    #[test]
    fn shifting_by_whole_years_keeps_order_and_comes_back(a in any_day(), b in any_day(), years in -60i32..60) {
        let (sa, sb) = (a.shift_years(years), b.shift_years(years));
        // Order never flips (two days may meet only on a 29 February).
        prop_assert!(a > b || sa <= sb);
        prop_assert!(a < b || sa >= sb);
        // Going back restores every day but a 29 February that passed through a common year.
        let back = sa.shift_years(-years);
        prop_assert!(back == a || (a.0.month() == time::Month::February && a.0.day() == 29));
    }
}

mod evaluation {
    use chuangxian_domain::evaluation::code::{Code, CodeProblem};
    use chuangxian_domain::evaluation::default_scale;
    use chuangxian_domain::evaluation::tally::{MarkCount, tally};
    use proptest::prelude::*;

    fn counts() -> impl Strategy<Value = Vec<MarkCount>> {
        prop::collection::vec((0i64..6, 0u32..3, 0u32..4, 0u64..40), 0..60).prop_map(|v| {
            v.into_iter()
                .map(|(target, criterion, level, n)| MarkCount {
                    target,
                    criterion,
                    level,
                    n,
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn a_tally_accounts_for_every_mark_and_keeps_its_figures_in_range(
            marks in counts(), min in 1u64..20,
        ) {
            let scale = default_scale(["好", "较好", "一般", "差"].map(String::from));
            let targets: Vec<i64> = (0..6).collect();
            let results = tally(&scale, 3, &targets, min, marks.clone()).unwrap();
            for r in &results {
                let sums: Vec<u64> = (0..3u32)
                    .map(|c| marks.iter().filter(|m| m.target == r.target && m.criterion == c).map(|m| m.n).sum())
                    .collect();
                prop_assert_eq!(r.ballots, *sums.iter().max().unwrap());
                match &r.overall {
                    None => prop_assert!(r.ballots < min || r.ballots == 0),
                    Some(all) => {
                        prop_assert!(r.ballots >= min);
                        prop_assert_eq!(all.total, sums.iter().sum::<u64>());
                        for (f, sum) in r.criteria.iter().zip(&sums) {
                            prop_assert_eq!(f.total, *sum);
                            prop_assert_eq!(f.counts.iter().sum::<u64>(), *sum);
                            if *sum > 0 {
                                prop_assert!((40.0..=100.0).contains(&f.mean));
                            }
                            prop_assert!((0.0..=1.0).contains(&f.good_share));
                        }
                    }
                }
            }
        }

        #[test]
        fn the_order_and_splitting_of_counts_do_not_change_a_tally(marks in counts(), cut in 0usize..60) {
            let scale = default_scale(["好", "较好", "一般", "差"].map(String::from));
            let targets: Vec<i64> = (0..6).collect();
            let whole = tally(&scale, 3, &targets, 1, marks.clone()).unwrap();
            // The same counts reversed, each split in two rows.
            let split: Vec<MarkCount> = marks.iter().rev().flat_map(|m| {
                let a = m.n.min(cut as u64);
                [MarkCount { n: a, ..*m }, MarkCount { n: m.n - a, ..*m }]
            }).collect();
            prop_assert_eq!(whole, tally(&scale, 3, &targets, 1, split).unwrap());
        }

        #[test]
        fn every_token_reads_back_from_its_code_and_one_changed_symbol_is_caught(
            bytes in any::<[u8; 16]>(), at in 0usize..34, with in 0usize..32,
        ) {
            let t = Code::from_bytes(bytes);
            let code = t.text();
            prop_assert_eq!(Code::parse(&code), Ok(t.clone()));
            let alphabet: Vec<char> = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".chars().collect();
            let mut chars: Vec<char> = code.chars().collect();
            if chars[at] != '-' && chars[at] != alphabet[with] {
                chars[at] = alphabet[with];
                let changed: String = chars.into_iter().collect();
                // A change is caught by the check symbols (or overflows the
                // 128 bits), except for the rare slip that matches by chance.
                match Code::parse(&changed) {
                    Ok(other) => prop_assert_ne!(other, t),
                    Err(p) => prop_assert!(matches!(p, CodeProblem::Mistyped | CodeProblem::Malformed)),
                }
            }
        }
    }
}
