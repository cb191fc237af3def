use super::*;
use crate::date::Day;
use proptest::prelude::*;

fn d(s: &str) -> Day {
    Day::parse_iso(s).unwrap()
}

#[test]
fn fifteen_percent_of_33_members_is_4_rounded_down_5_rounded_up() {
    assert_eq!(quota(33, Some(15), None, Rounding::Down), 4);
    assert_eq!(quota(33, Some(15), None, Rounding::Up), 5);
    assert_eq!(quota(33, Some(15), None, Rounding::Nearest), 5);
    assert_eq!(quota(30, Some(15), None, Rounding::Nearest), 5);
    assert_eq!(quota(33, Some(15), Some(3), Rounding::Down), 3);
    assert_eq!(quota(2, None, Some(3), Rounding::Down), 2);
    assert_eq!(quota(6, None, None, Rounding::Down), 6);
}

#[test]
fn five_working_days_skip_the_weekend_and_the_holidays() {
    let plain = Calendar::default();
    // Monday 2011-06-20 → Friday 2011-06-24.
    assert_eq!(publicity_end(&plain, d("2011-06-20"), 5), d("2011-06-24"));
    // Opening on Thursday runs to the next Wednesday.
    assert_eq!(publicity_end(&plain, d("2011-06-23"), 5), d("2011-06-29"));
    // Opening on a Saturday starts counting on Monday.
    assert_eq!(publicity_end(&plain, d("2011-06-25"), 5), d("2011-07-01"));
    // 端午 2011-06-06 (Monday) is a holiday.
    let cal = Calendar::new(&[d("2011-06-06")], &[]);
    assert_eq!(publicity_end(&cal, d("2011-06-03"), 5), d("2011-06-10"));
    // A Saturday worked in exchange counts.
    let cal = Calendar::new(&[], &[d("2011-06-25")]);
    assert_eq!(publicity_end(&cal, d("2011-06-23"), 5), d("2011-06-28"));
}

proptest! {
    #[test]
    fn a_quota_is_never_above_its_share_rounded_up_nor_the_number(
        pop in 0u32..100_000, pct in 0u32..=100, n in proptest::option::of(0u32..1000),
    ) {
        let down = quota(pop, Some(pct), n, Rounding::Down);
        let near = quota(pop, Some(pct), n, Rounding::Nearest);
        let up = quota(pop, Some(pct), n, Rounding::Up);
        prop_assert!(down <= near && near <= up);
        prop_assert!(up <= pop);
        let exact = f64::from(pop) * f64::from(pct) / 100.0;
        prop_assert!(f64::from(down) <= exact + 1e-9);
        if n.is_none() {
            prop_assert!(f64::from(up) - exact < 1.0);
        } else {
            prop_assert!(up <= n.unwrap());
        }
    }

    #[test]
    fn a_publicity_period_holds_exactly_its_working_days(
        start in 0i64..3000, days in 1u32..20,
        holidays in proptest::collection::vec(0i64..3100, 0..30),
    ) {
        let base = d("2010-01-01");
        let at = |n: i64| Day(base.0 + time::Duration::days(n));
        let hs: Vec<Day> = holidays.iter().map(|&n| at(n)).collect();
        let cal = Calendar::new(&hs, &[]);
        let opens = at(start);
        let end = publicity_end(&cal, opens, days);
        prop_assert!(cal.is_working_day(end));
        let mut count = 0;
        let mut day = opens;
        while day <= end {
            if cal.is_working_day(day) { count += 1; }
            day = Day(day.0 + time::Duration::days(1));
        }
        prop_assert_eq!(count, days);
    }
}
