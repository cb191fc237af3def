//! The plan format against the real source plan and against broken copies of
//! it, and moving a plan by whole years.

use chuangxian_domain::date::Day;
use chuangxian_domain::plan::{Period, PlanProblem, parse_plan};
use proptest::prelude::*;

const SOURCE: &str = include_str!("../../../../plans/quanzhou-women-federation-2010.toml");
const OTHER: &str = include_str!("../../../../plans/examples/hospital-branch.toml");

#[test]
fn the_source_plan_loads_with_every_section() {
    let plan = parse_plan(SOURCE).unwrap();
    assert_eq!(plan.header.code, "泉妇支〔2010〕2号");
    assert_eq!(plan.references.len(), 3);
    assert_eq!(plan.phases.len(), 2);
    let names: Vec<_> = plan.standards.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["五个好", "五带头"]);
    assert!(plan.standards.iter().all(|s| s.criteria.len() == 5));
    assert_eq!(plan.steps.items.len(), 4);
    assert_eq!(plan.programmes.len(), 4);
    assert_eq!(plan.quotas.len(), 4);
    assert_eq!(plan.meetings.len(), 5);
    assert_eq!(plan.leadership.duties.len(), 4);
    // Every paragraph of the source text is somewhere in the file.
    let seed = include_str!("../../../../../shared/seed/000_bccf8384b04926e8.txt");
    for needle in [
        "每天读书一小时",
        "第19期全市妇女干部岗位培训班",
        "刺桐花爱心",
        "三级联创",
    ] {
        assert!(seed.contains(needle) && SOURCE.contains(needle), "{needle}");
    }
}

#[test]
fn another_organisations_plan_of_the_same_shape_loads() {
    let plan = parse_plan(OTHER).unwrap();
    assert_ne!(plan.header.code, "泉妇支〔2010〕2号");
    assert!(!plan.programmes.is_empty());
}

#[test]
fn a_syntax_error_names_its_line_and_column() {
    let broken = SOURCE.replacen(
        "code = \"泉妇支〔2010〕2号\"",
        "code = \"泉妇支〔2010〕2号",
        1,
    );
    let errors = parse_plan(&broken).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(matches!(errors[0].problem, PlanProblem::Syntax(_)));
    assert_eq!(errors[0].line, 8);
}

#[test]
fn a_schema_error_names_the_field_and_its_line() {
    let broken = SOURCE.replacen("period = \"day\"", "period = \"fortnight\"", 1);
    let errors = parse_plan(&broken).unwrap_err();
    let line = SOURCE
        .lines()
        .position(|l| l == "period = \"day\"")
        .unwrap()
        + 1;
    assert_eq!(errors[0].line, line);
    assert!(matches!(&errors[0].problem, PlanProblem::Schema(d) if d.contains("fortnight")));
}

#[test]
fn rule_errors_are_all_reported_at_their_places() {
    let broken = SOURCE
        .replacen("ends_on = 2011-07-01", "ends_on = 2009-06-30", 1)
        .replacen("weight = 30 }", "weight = 35 }", 1)
        .replacen(
            "key = \"phase1\"\nname = \"第一阶段",
            "key = \"phase2\"\nname = \"第一阶段",
            1,
        );
    let errors = parse_plan(&broken).unwrap_err();
    let problems: Vec<_> = errors.iter().map(|e| &e.problem).collect();
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, PlanProblem::PhaseEndsBeforeStart { .. }))
    );
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, PlanProblem::WeightsNot100 { sum: 105 }))
    );
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, PlanProblem::DuplicateKey { key } if key == "phase2"))
    );
    let end = errors
        .iter()
        .find(|e| matches!(e.problem, PlanProblem::PhaseEndsBeforeStart { .. }))
        .unwrap();
    let line = broken
        .lines()
        .position(|l| l == "ends_on = 2009-06-30")
        .unwrap()
        + 1;
    assert_eq!((end.line, end.column), (line, 11));
}

#[test]
fn shifting_keeps_every_interval_and_reaches_today() {
    let plan = parse_plan(SOURCE).unwrap();
    let today = Day::from_ymd(2026, 11, 24).unwrap();
    let years = plan.years_to_reach(today).unwrap();
    assert_eq!(years, 16);
    let shifted = plan.shifted_by_years(years);
    assert_eq!(
        shifted.phase_on(today).map(|p| p.key.as_str()),
        Some("phase1")
    );
    let length = |p: &chuangxian_domain::plan::Phase| p.ends_on.0 - p.starts_on.0;
    for (a, b) in plan.phases.iter().zip(&shifted.phases) {
        assert_eq!(length(a), length(b));
    }
    assert_eq!(
        shifted.programmes[0].tasks[0].due_on.to_string(),
        "2026-08-31"
    );
    // The shifted plan still passes every rule.
    let text = toml::to_string(&shifted).unwrap();
    parse_plan(&text).unwrap();
}

#[test]
fn a_shift_to_today_finds_the_phase_it_reaches_or_says_none_does() {
    let mut plan = parse_plan(SOURCE).unwrap();
    let today = Day::from_ymd(2026, 12, 1).unwrap();
    assert_eq!(plan.shift_to_reach(today), Some((16, 0)), "the first phase");
    // A first phase of March to June, and a second of July to October: in
    // December no whole-year shift reaches either.
    plan.phases[0].starts_on = Day::from_ymd(2010, 3, 1).unwrap();
    plan.phases[0].ends_on = Day::from_ymd(2010, 6, 30).unwrap();
    plan.phases[1].starts_on = Day::from_ymd(2010, 7, 1).unwrap();
    plan.phases[1].ends_on = Day::from_ymd(2010, 10, 31).unwrap();
    assert_eq!(plan.shift_to_reach(today), None);
    // In August the shift reaches the second phase, and says so.
    let august = Day::from_ymd(2026, 8, 10).unwrap();
    assert_eq!(plan.shift_to_reach(august), Some((16, 1)));
}

fn any_day() -> impl Strategy<Value = Day> {
    (1950i32..2060, 1u8..=12, 1u8..=31)
        .prop_filter_map("a real day", |(y, m, d)| Day::from_ymd(y, m, d))
}

proptest! {
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

#[test]
fn step_four_rules_are_checked_at_their_places() {
    let hospital = OTHER;
    let plan = parse_plan(hospital).unwrap();
    let a = plan.assessment.as_ref().unwrap();
    assert_eq!(a.indicators.len(), 5);
    assert_eq!(plan.review.as_ref().unwrap().period, Some(Period::HalfYear));
    assert_eq!(plan.meetings[3].weekday, Some(4));
    assert_eq!(plan.meetings[2].held_with.as_deref(), Some("assembly"));
    assert_eq!(plan.leadership.committee[1].name, "宣传委员");
    let broken = hospital
        .replacen("- (100 - conduct) / 2", "+ bonus", 1)
        .replacen(
            "{ name = \"良好\", min = 80 }",
            "{ name = \"良好\", min = 95 }",
            1,
        )
        .replacen("quota_percent = 15", "quota_percent = 150", 1)
        .replacen("grade = \"不合格\" }]", "grade = \"差\" }]", 1)
        .replacen("weekday = 4", "weekday = 8", 1)
        .replacen("time = \"14:30\"", "time = \"2pm\"", 1)
        .replacen("held_with = \"assembly\"", "held_with = \"lecture\"", 1);
    let errors = parse_plan(&broken).unwrap_err();
    let found = |pick: &dyn Fn(&PlanProblem) -> bool| -> usize {
        let e = errors
            .iter()
            .find(|e| pick(&e.problem))
            .unwrap_or_else(|| panic!("{errors:#?}"));
        e.line
    };
    let line_of = |needle: &str| broken.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert_eq!(
        found(&|p| matches!(p, PlanProblem::Formula { detail, at: 63, .. } if detail == "bonus")),
        line_of("formula =")
    );
    assert_eq!(
        found(&|p| matches!(p, PlanProblem::GradesOutOfOrder { grade } if grade == "良好")),
        line_of("min = 95")
    );
    assert_eq!(
        found(&|p| matches!(p, PlanProblem::Above100 { value: 150 })),
        line_of("quota_percent = 150")
    );
    assert_eq!(
        found(&|p| matches!(p, PlanProblem::UnknownGrade { grade } if grade == "差")),
        line_of("grade = \"差\" }]")
    );
    assert_eq!(
        found(&|p| matches!(p, PlanProblem::OutOfRange { value: 8, .. })),
        line_of("weekday = 8")
    );
    assert_eq!(
        found(&|p| matches!(p, PlanProblem::BadTime { .. })),
        line_of("time = \"2pm\"")
    );
    assert_eq!(
        found(&|p| matches!(p, PlanProblem::UnknownMeeting { key } if key == "lecture")),
        line_of("held_with = \"lecture\"")
    );
    // A plan stored before indicators had sources still loads; the check asks for one.
    let old = hospital.replacen(", source = \"incentives\"", "", 1);
    let errors = parse_plan(&old).unwrap_err();
    assert!(
        matches!(&errors[0].problem, PlanProblem::NoSource { indicator } if indicator == "conduct")
    );
}
