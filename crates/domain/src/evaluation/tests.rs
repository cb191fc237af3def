use super::*;
use crate::plan::parse_plan;
use time::macros::{datetime, offset};

const PLAN: &str = include_str!("../../../../plans/quanzhou-women-federation-2010.toml");

fn input() -> RoundInput {
    RoundInput {
        title: "2010年度党员群众评议".into(),
        kind: "members".into(),
        criteria: vec!["study".into(), "service".into()],
        levels: vec![
            ("好".into(), "100".into(), true),
            ("较好".into(), "80".into(), true),
            ("一般".into(), "60".into(), false),
            ("差".into(), "40".into(), false),
            (String::new(), String::new(), false),
        ],
        opens_at: "2010-09-01T08:30".into(),
        closes_at: "2010-09-08T17:00".into(),
        min_ballots: String::new(),
    }
}

fn check(i: &RoundInput) -> Result<RoundDraft, RoundErrors> {
    let plan = parse_plan(PLAN).unwrap();
    check_round(i, &plan, offset!(+8), datetime!(2010-08-30 0:00 UTC))
}

fn fields(errors: RoundErrors) -> Vec<(&'static str, &'static str)> {
    errors.iter().map(|(f, p)| (*f, p.message_id())).collect()
}

#[test]
fn a_members_round_takes_its_criteria_from_the_five_leads_and_its_phase_from_the_plan() {
    let d = check(&input()).unwrap();
    assert_eq!(d.kind, RoundKind::Members);
    assert_eq!(d.standard_name, "五带头");
    let names: Vec<&str> = d.criteria.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["带头学习提高", "带头服务群众"]);
    assert_eq!(d.scale.len(), 4);
    assert_eq!(d.min_ballots, DEFAULT_MIN_BALLOTS);
    assert_eq!(d.phase_key, "phase1");
    assert_eq!(d.opens_at, datetime!(2010-09-01 0:30 UTC));
}

#[test]
fn a_branches_round_reads_the_five_goods() {
    let mut i = input();
    i.kind = "branches".into();
    i.criteria = vec!["leadership".into(), "reputation".into(), "study".into()];
    let d = check(&i).unwrap();
    assert_eq!(d.standard_name, "五个好");
    assert_eq!(d.criteria.len(), 2, "a member criterion is not offered");
}

#[test]
fn every_bad_field_is_named_at_once() {
    let i = RoundInput {
        title: " ".into(),
        kind: "members".into(),
        criteria: vec![],
        levels: vec![("好".into(), "abc".into(), true)],
        opens_at: "2010-09-08T08:00".into(),
        closes_at: "2010-09-01T08:00".into(),
        min_ballots: "2".into(),
    };
    assert_eq!(
        fields(check(&i).unwrap_err()),
        vec![
            ("title", "field-missing"),
            ("criteria", "evaluation-error-criteria"),
            ("levels", "evaluation-error-score"),
            ("closes_at", "evaluation-error-close-before-open"),
            ("min_ballots", "evaluation-error-min-ballots"),
        ]
    );
}

#[test]
fn a_round_outside_the_campaign_or_already_over_is_refused() {
    let mut i = input();
    i.opens_at = "2009-01-01T08:00".into();
    assert_eq!(
        fields(check(&i).unwrap_err()),
        vec![("opens_at", "evaluation-error-outside-campaign")]
    );
    let mut i = input();
    i.opens_at = "2010-08-01T08:00".into();
    i.closes_at = "2010-08-02 08:00".into();
    assert_eq!(
        fields(check(&i).unwrap_err()),
        vec![("closes_at", "evaluation-error-close-past")]
    );
    let mut i = input();
    i.opens_at = "next monday".into();
    assert_eq!(
        fields(check(&i).unwrap_err()),
        vec![("opens_at", "field-bad-time")]
    );
}

#[test]
fn a_scale_needs_two_distinct_levels_and_one_good_one() {
    let row = |l: &str, s: &str, g: bool| (l.to_string(), s.to_string(), g);
    assert_eq!(
        check_scale(&[row("好", "100", true)]),
        Err(RoundProblem::Invalid("evaluation-error-levels"))
    );
    assert_eq!(
        check_scale(&[row("好", "100", true), row("好", "50", false)]),
        Err(RoundProblem::Invalid("evaluation-error-label-twice"))
    );
    assert_eq!(
        check_scale(&[row("好", "100", false), row("差", "0", false)]),
        Err(RoundProblem::Invalid("evaluation-error-no-good"))
    );
    assert_eq!(
        check_scale(&[row("好", "101", true), row("差", "0", false)]),
        Err(RoundProblem::Invalid("evaluation-error-score"))
    );
    assert!(check_scale(&[row("满意", "100", true), row("不满意", "0", false)]).is_ok());
}

#[test]
fn a_round_is_scheduled_then_open_then_closed_or_closed_early() {
    let (o, c) = (
        datetime!(2010-09-01 0:00 UTC),
        datetime!(2010-09-08 0:00 UTC),
    );
    assert_eq!(
        RoundState::at(datetime!(2010-08-31 0:00 UTC), o, c, false),
        RoundState::Scheduled
    );
    assert_eq!(RoundState::at(o, o, c, false), RoundState::Open);
    assert_eq!(RoundState::at(c, o, c, false), RoundState::Closed);
    assert_eq!(
        RoundState::at(datetime!(2010-09-02 0:00 UTC), o, c, true),
        RoundState::Closed
    );
}
