use super::*;
use proptest::prelude::*;

fn d(s: &str) -> Day {
    Day::parse_iso(s).unwrap()
}

fn span(a: &str, b: &str) -> Span {
    Span::new(d(a), d(b))
}

#[test]
fn half_years_are_january_to_june_and_july_to_december() {
    assert_eq!(
        period_of(Period::HalfYear, d("2011-06-30")),
        span("2011-01-01", "2011-06-30")
    );
    assert_eq!(
        period_of(Period::HalfYear, d("2011-07-01")),
        span("2011-07-01", "2011-12-31")
    );
}

#[test]
fn periods_end_on_the_last_day_of_their_month_quarter_and_leap_february() {
    assert_eq!(
        period_of(Period::Month, d("2012-02-10")),
        span("2012-02-01", "2012-02-29")
    );
    assert_eq!(
        period_of(Period::Month, d("2011-02-28")),
        span("2011-02-01", "2011-02-28")
    );
    assert_eq!(
        period_of(Period::Quarter, d("2010-08-31")),
        span("2010-07-01", "2010-09-30")
    );
    assert_eq!(
        period_of(Period::Quarter, d("2010-12-31")),
        span("2010-10-01", "2010-12-31")
    );
    assert_eq!(
        period_of(Period::Year, d("2012-07-01")),
        span("2012-01-01", "2012-12-31")
    );
    // 2010-07-01 was a Thursday; its ISO week runs Monday to Sunday.
    assert_eq!(
        period_of(Period::Week, d("2010-07-01")),
        span("2010-06-28", "2010-07-04")
    );
    // A week across the new year stays one week.
    assert_eq!(
        period_of(Period::Week, d("2011-01-01")),
        span("2010-12-27", "2011-01-02")
    );
}

#[test]
fn joining_late_in_a_month_owes_no_book_and_joining_early_owes_one() {
    let month = period_of(Period::Month, d("2010-07-15"));
    assert_eq!(prorated(1, &month, &span("2010-07-28", "2011-07-01")), 0);
    assert_eq!(prorated(1, &month, &span("2010-07-10", "2011-07-01")), 1);
    // Half a month rounds up: 16 of 31 days.
    assert_eq!(prorated(1, &month, &span("2010-07-16", "2011-07-01")), 1);
    assert_eq!(prorated(1, &month, &span("2010-07-17", "2011-07-01")), 0);
    // Two hours a week, joined on the Thursday: four days of seven.
    let week = period_of(Period::Week, d("2010-07-01"));
    assert_eq!(prorated(120, &week, &span("2010-07-01", "2011-07-01")), 69);
}

#[test]
fn a_campaign_starting_in_june_owes_the_year_2010_research_topic() {
    let due = due_periods(Period::Year, 1, span("2010-06-01", "2012-11-07"));
    let firsts: Vec<String> = due.iter().map(|p| p.span.first.to_string()).collect();
    assert_eq!(firsts, vec!["2010-01-01", "2011-01-01", "2012-01-01"]);
    assert!(due.iter().all(|p| p.target == 1));
}

#[test]
fn standing_counts_ended_periods_and_shows_the_running_one() {
    let covered = span("2010-06-01", "2011-07-01");
    // 60 minutes on 1 and 2 June, 30 on 3 June, 90 today (5 June).
    let amounts = amounts_by_period(
        Period::Day,
        [
            (d("2010-06-01"), 60),
            (d("2010-06-02"), 60),
            (d("2010-06-03"), 30),
            (d("2010-06-05"), 90),
        ],
    );
    let s = standing(Period::Day, 60, covered, d("2010-06-05"), &amounts);
    assert_eq!((s.due, s.met, s.met_all), (4, 2, 3));
    assert_eq!(s.latest_met, Some(d("2010-06-05")));
    assert_eq!(s.current, Some((span("2010-06-05", "2010-06-05"), 90, 60)));
    assert_eq!(s.share(), Some(0.5));
    assert!(s.lagging());
    assert_eq!(due_before(Period::Day, 60, covered, d("2010-06-05")), 4);
}

#[test]
fn nothing_is_due_before_coverage_starts_or_before_a_period_ends() {
    let covered = span("2010-06-01", "2011-07-01");
    let s = standing(Period::Month, 1, covered, d("2010-05-20"), &BTreeMap::new());
    assert_eq!((s.due, s.met, s.current), (0, 0, None));
    let s = standing(Period::Month, 1, covered, d("2010-06-30"), &BTreeMap::new());
    assert_eq!(s.due, 0);
    assert_eq!(s.share(), None);
    assert!(!s.lagging());
}

#[test]
fn minutes_must_be_a_whole_day_or_less_and_not_negative() {
    assert_eq!(check_minutes(""), Ok(None));
    assert_eq!(check_minutes(" 60 "), Ok(Some(60)));
    assert_eq!(check_minutes("1440"), Ok(Some(1440)));
    assert_eq!(check_minutes("1441"), Err(StudyProblem::MinutesOverADay));
    assert_eq!(check_minutes("-5"), Err(StudyProblem::MinutesNegative));
    assert_eq!(
        check_minutes("一小时"),
        Err(StudyProblem::MinutesNotANumber)
    );
}

#[test]
fn a_study_day_is_not_in_the_future_nor_outside_the_campaign() {
    let campaign = span("2010-06-01", "2012-11-07");
    let today = d("2010-09-01");
    assert_eq!(
        check_day("2010-08-31", today, campaign),
        Ok(d("2010-08-31"))
    );
    assert_eq!(
        check_day("2010-09-02", today, campaign),
        Err(StudyProblem::FutureDate)
    );
    assert_eq!(
        check_day("2010-05-31", today, campaign),
        Err(StudyProblem::OutsideCampaign)
    );
    assert_eq!(
        check_day("2010-02-30", today, campaign),
        Err(StudyProblem::BadDate)
    );
}

#[test]
fn a_document_must_be_what_its_name_says() {
    let max = 1024;
    assert_eq!(
        document_type("心得.pdf", b"%PDF-1.7 ...", max),
        Ok("application/pdf")
    );
    assert_eq!(
        document_type("心得.PDF", b"PK\x03\x04...", max),
        Err(DocumentProblem::Mismatch)
    );
    assert!(document_type("调研.docx", b"PK\x03\x04 rest", max).is_ok());
    assert_eq!(
        document_type("a.exe", b"MZ", max),
        Err(DocumentProblem::UnknownType)
    );
    assert_eq!(
        document_type("a.txt", "读书".as_bytes(), max),
        Ok("text/plain; charset=utf-8")
    );
    assert_eq!(
        document_type("a.txt", &[0xFF, 0xFE, 0], max),
        Err(DocumentProblem::Mismatch)
    );
    assert_eq!(
        document_type("a.pdf", &[b'%'; 2048], max),
        Err(DocumentProblem::TooLarge)
    );
    assert_eq!(
        document_type("a.pdf", b"", max),
        Err(DocumentProblem::Empty)
    );
}

#[test]
fn leave_needs_a_reason_and_other_marks_keep_none() {
    assert_eq!(
        check_mark("leave", " 出差 "),
        Ok((Attendance::Leave, "出差".into()))
    );
    assert_eq!(check_mark("leave", "  "), Err("meeting-error-reason"));
    assert_eq!(
        check_mark("present", "出差"),
        Ok((Attendance::Present, String::new()))
    );
    assert_eq!(check_mark("here", ""), Err("meeting-error-state"));
}

#[test]
fn check_in_opens_and_closes_around_the_start() {
    use time::macros::datetime;
    let start = datetime!(2010-07-01 9:00 UTC);
    assert_eq!(
        check_in_window(start, 30, datetime!(2010-07-01 8:29 UTC)),
        Err(CheckinProblem::TooEarly)
    );
    assert_eq!(
        check_in_window(start, 30, datetime!(2010-07-01 8:30 UTC)),
        Ok(())
    );
    assert_eq!(
        check_in_window(start, 30, datetime!(2010-07-01 9:30 UTC)),
        Ok(())
    );
    assert_eq!(
        check_in_window(start, 30, datetime!(2010-07-01 9:31 UTC)),
        Err(CheckinProblem::TooLate)
    );
}

#[test]
fn a_month_without_a_committee_meeting_is_flagged_once_it_ends() {
    let campaign = span("2010-06-01", "2012-11-07");
    let held = [d("2010-06-10"), d("2010-08-03"), d("2010-08-20")];
    let periods = meeting_compliance(Period::Month, 1, campaign, d("2010-09-15"), &held);
    let missed: Vec<String> = periods
        .iter()
        .filter(|p| p.missed())
        .map(|p| p.span.first.to_string())
        .collect();
    assert_eq!(missed, vec!["2010-07-01"]);
    assert_eq!(periods.len(), 4);
    // September is running: not yet missed.
    assert!(!periods[3].ended && !periods[3].missed());
    assert_eq!(periods[2].held, 2);
}

fn any_day() -> impl Strategy<Value = Day> {
    // 2008-01-01 .. 2016-12-31, across three leap years.
    (0i64..3288).prop_map(|n| Day(d("2008-01-01").0 + time::Duration::days(n)))
}

fn any_period() -> impl Strategy<Value = Period> {
    prop_oneof![
        Just(Period::Day),
        Just(Period::Week),
        Just(Period::Month),
        Just(Period::Quarter),
        Just(Period::HalfYear),
        Just(Period::Year),
    ]
}

proptest! {
    #[test]
    fn periods_tile_the_calendar(period in any_period(), day in any_day()) {
        let p = period_of(period, day);
        prop_assert!(p.contains(day));
        // The day after a period starts the next one; the day before ends the previous.
        let next = Day(p.last.0 + time::Duration::days(1));
        prop_assert_eq!(period_of(period, next).first, next);
        let prev = Day(p.first.0 - time::Duration::days(1));
        prop_assert_eq!(period_of(period, prev).last, prev);
        // Every day of the period maps to the same period.
        prop_assert_eq!(period_of(period, p.last), p);
    }

    #[test]
    fn due_periods_are_disjoint_ordered_and_never_ask_more_than_the_target(
        period in any_period(), target in 1u32..200, a in any_day(), len in 0i64..900,
    ) {
        let covered = Span::new(a, Day(a.0 + time::Duration::days(len)));
        let due = due_periods(period, target, covered);
        for w in due.windows(2) {
            prop_assert!(w[0].span.last < w[1].span.first);
        }
        for p in &due {
            prop_assert!(p.target >= 1 && p.target <= target);
            prop_assert!(p.span.overlap(&covered).is_some());
            // Only the first and last periods can be partial.
            let whole = covered.first <= p.span.first && p.span.last <= covered.last;
            if whole { prop_assert_eq!(p.target, target); }
        }
    }

    #[test]
    fn standing_agrees_with_counting_by_hand(
        period in any_period(), target in 1u32..5, a in any_day(), len in 0i64..500,
        offset in 0i64..600, entries in proptest::collection::vec((0i64..600, 0u64..3), 0..60),
    ) {
        let covered = Span::new(a, Day(a.0 + time::Duration::days(len)));
        let today = Day(a.0 + time::Duration::days(offset));
        let dated: Vec<(Day, u64)> = entries.iter()
            .map(|(o, n)| (Day(a.0 + time::Duration::days(*o)), *n))
            .filter(|(day, _)| *day <= today)
            .collect();
        let amounts = amounts_by_period(period, dated.iter().copied());
        let s = standing(period, target, covered, today, &amounts);
        // By hand: walk every day of the cover and look at each period once.
        let (mut due, mut met) = (0, 0);
        for p in due_periods(period, target, covered) {
            if p.span.last >= today { continue; }
            due += 1;
            let sum: u64 = dated.iter().filter(|(day, _)| p.span.contains(*day)).map(|(_, n)| n).sum();
            if sum >= p.target as u64 { met += 1; }
        }
        prop_assert_eq!(s.due, due);
        prop_assert_eq!(s.met, met);
        prop_assert!(s.met <= s.due && s.met <= s.met_all);
        prop_assert_eq!(due_before(period, target, covered, today), due);
    }
}

#[test]
fn a_share_just_short_of_the_line_reads_below_it_and_is_lagging() {
    assert_eq!(percent(145, 182), Some(79));
    assert!(lagging(145, 182));
    assert_eq!(percent(146, 182), Some(80));
    assert!(!lagging(146, 182));
    assert_eq!(percent(0, 0), None);
    assert!(!lagging(0, 0), "nothing due is never lagging");
}
