use super::formula::{FormulaProblem, evaluate, parse};
use super::*;
use crate::plan::{Indicator, Veto};
use proptest::prelude::*;

fn indicator(key: &str, source: Source, weight: u32) -> Indicator {
    Indicator {
        key: key.into(),
        name: key.into(),
        source: Some(source),
        weight,
    }
}

fn scheme() -> Assessment {
    Assessment {
        note: None,
        indicators: vec![
            indicator("commitment", Source::CommitmentFulfilment, 30),
            indicator("evaluation", Source::EvaluationGoodRate, 40),
            indicator("review", Source::ReviewGrade, 20),
            indicator("study", Source::StudyCompliance, 10),
        ],
        formula: None,
        grades: ["优秀:90", "良好:80", "合格:60", "不合格:0"]
            .iter()
            .map(|g| {
                let (name, min) = g.split_once(':').unwrap();
                GradeRule {
                    name: name.into(),
                    min: min.parse().unwrap(),
                }
            })
            .collect(),
        vetoes: vec![Veto {
            key: "discipline".into(),
            name: "受到党纪处分".into(),
            grade: "不合格".into(),
        }],
        subjects: vec![],
        phases: vec![],
    }
}

fn share(part: f64, whole: f64) -> Raw {
    Raw::Share { part, whole }
}

fn raws(pairs: &[(&str, Raw)]) -> HashMap<String, Raw> {
    pairs.iter().map(|(k, r)| (k.to_string(), *r)).collect()
}

#[test]
fn a_weighted_score_adds_each_value_times_its_weight() {
    let s = score(
        &scheme(),
        &raws(&[
            ("commitment", share(80.0, 100.0)),
            ("evaluation", share(45.0, 50.0)),
            ("review", share(1.0, 1.0)),
            ("study", share(3.0, 4.0)),
        ]),
        &[],
        0.0,
    );
    // 80×0.3 + 90×0.4 + 100×0.2 + 75×0.1 = 24 + 36 + 20 + 7.5
    assert_eq!(s.total, 87.5);
    assert_eq!(s.grade.as_deref(), Some("良好"));
    assert!(!s.reweighted);
    assert_eq!(s.lines[1].value, Some(90.0));
    assert_eq!(s.lines[1].points, 36.0);
}

#[test]
fn an_absent_indicator_is_left_out_and_the_others_carry_its_weight() {
    let s = score(
        &scheme(),
        &raws(&[
            ("commitment", share(80.0, 100.0)),
            ("review", share(1.0, 1.0)),
            ("study", share(3.0, 4.0)),
        ]),
        &[],
        0.0,
    );
    assert!(s.reweighted);
    // (24 + 20 + 7.5) / 60 × 100
    assert_eq!(s.total, 85.83);
    assert_eq!(s.lines[1].value, None);
    assert_eq!(s.lines[0].weight_used, 50.0);
}

#[test]
fn a_veto_caps_the_grade_and_an_adjustment_moves_the_score() {
    let all = raws(&[
        ("commitment", share(1.0, 1.0)),
        ("evaluation", share(1.0, 1.0)),
        ("review", share(1.0, 1.0)),
        ("study", share(1.0, 1.0)),
    ]);
    let s = score(&scheme(), &all, &["discipline".into()], 0.0);
    assert_eq!(s.total, 100.0);
    assert_eq!(s.grade.as_deref(), Some("不合格"));
    assert_eq!(s.veto.as_deref(), Some("受到党纪处分"));
    let s = score(&scheme(), &all, &[], -15.5);
    assert_eq!(s.computed, 100.0);
    assert_eq!(s.total, 84.5);
    assert_eq!(s.grade.as_deref(), Some("良好"));
}

#[test]
fn a_formula_replaces_the_weighted_sum() {
    let mut sch = scheme();
    sch.formula = Some("min(commitment, evaluation) * 0.5 + max(review, study) / 2".into());
    let s = score(
        &sch,
        &raws(&[
            ("commitment", share(60.0, 100.0)),
            ("evaluation", share(90.0, 100.0)),
            ("review", share(1.0, 2.0)),
        ]),
        &[],
        0.0,
    );
    // min(60, 90)/2 + max(50, 0)/2
    assert_eq!(s.total, 55.0);
    assert!(s.formula.is_some());
}

#[test]
fn formulas_name_only_known_indicators_and_only_min_and_max() {
    let known = ["a", "b"];
    assert!(parse("a * 0.6 + (b - 3) / 2", &known).is_ok());
    let e = parse("a + c", &known).unwrap_err();
    assert_eq!(e.problem, FormulaProblem::UnknownName("c".into()));
    assert_eq!(e.at, 5);
    let e = parse("system(a)", &known).unwrap_err();
    assert_eq!(e.problem, FormulaProblem::UnknownFunction("system".into()));
    assert_eq!(
        parse("a +", &known).unwrap_err().problem,
        FormulaProblem::UnexpectedEnd
    );
    assert_eq!(
        parse("a ; b", &known).unwrap_err().problem,
        FormulaProblem::Unexpected(";".into())
    );
    let deep = format!("{}a{}", "(".repeat(50), ")".repeat(50));
    assert_eq!(
        parse(&deep, &known).unwrap_err().problem,
        FormulaProblem::TooDeep
    );
    let long = "a+".repeat(300) + "a";
    assert_eq!(
        parse(&long, &known).unwrap_err().problem,
        FormulaProblem::TooLong
    );
    let negs = "-".repeat(100) + "a";
    assert_eq!(
        parse(&negs, &known).unwrap_err().problem,
        FormulaProblem::TooDeep
    );
    // Division by zero is 0, so every formula has a value.
    let e = parse("a / (b - b)", &known).unwrap();
    assert_eq!(evaluate(&e, &HashMap::from([("a".into(), 5.0)])), 0.0);
}

#[test]
fn ties_share_a_place_and_the_next_place_skips() {
    let r = rank(&[90.0, 95.5, 90.0, 80.0, 95.5, 70.0]);
    let places: Vec<usize> = r.iter().map(|r| r.place).collect();
    assert_eq!(places, [3, 1, 3, 5, 1, 6]);
    assert!(r[0].tied && r[1].tied && !r[3].tied);
}

fn any_raw() -> impl Strategy<Value = Raw> {
    prop_oneof![
        (0u32..=200, 0u32..=200).prop_map(|(p, w)| Raw::Share {
            part: f64::from(p),
            whole: f64::from(w)
        }),
        (-300i64..300).prop_map(|points| Raw::Points { points }),
        Just(Raw::Absent),
    ]
}

proptest! {
    #[test]
    fn scores_stay_within_0_and_100_and_weights_are_shared_out_whole(
        r in proptest::collection::vec(any_raw(), 4),
        adjustment in -200.0f64..200.0,
    ) {
        let keys = ["commitment", "evaluation", "review", "study"];
        let input: HashMap<String, Raw> = keys.iter().map(|k| k.to_string()).zip(r.iter().copied()).collect();
        let s = score(&scheme(), &input, &[], adjustment);
        prop_assert!((0.0..=100.0).contains(&s.total));
        prop_assert!((0.0..=100.0).contains(&s.computed));
        for l in &s.lines {
            if let Some(v) = l.value { prop_assert!((0.0..=100.0).contains(&v)); }
        }
        let used: f64 = s.lines.iter().map(|l| l.weight_used).sum();
        let any_present = s.lines.iter().any(|l| l.value.is_some());
        prop_assert!(!any_present || (used - 100.0).abs() < 1e-9);
        prop_assert!(s.grade.is_some());
    }

    #[test]
    fn a_higher_value_never_lowers_the_score(a in 0u32..=100, b in 0u32..=100, other in 0u32..=100) {
        let at = |v: u32| score(&scheme(), &raws(&[
            ("commitment", share(f64::from(v), 100.0)),
            ("evaluation", share(f64::from(other), 100.0)),
        ]), &[], 0.0).total;
        let (lo, hi) = (a.min(b), a.max(b));
        prop_assert!(at(lo) <= at(hi));
    }

    #[test]
    fn a_veto_never_raises_a_grade(r in proptest::collection::vec(any_raw(), 4)) {
        let keys = ["commitment", "evaluation", "review", "study"];
        let input: HashMap<String, Raw> = keys.iter().map(|k| k.to_string()).zip(r.iter().copied()).collect();
        let sch = scheme();
        let at = |g: &Option<String>| sch.grades.iter().position(|x| Some(&x.name) == g.as_ref());
        let free = score(&sch, &input, &[], 0.0);
        let vetoed = score(&sch, &input, &["discipline".into()], 0.0);
        prop_assert!(at(&vetoed.grade) >= at(&free.grade));
        prop_assert_eq!(vetoed.grade.as_deref(), Some("不合格"));
    }

    #[test]
    fn ranks_follow_the_scores_and_tied_scores_share_a_place(scores in proptest::collection::vec(0u32..20, 0..40)) {
        let s: Vec<f64> = scores.iter().map(|&v| f64::from(v) * 5.0).collect();
        let r = rank(&s);
        for i in 0..s.len() {
            // A place is one more than the number of strictly better scores.
            let better = s.iter().filter(|&&x| x > s[i]).count();
            prop_assert_eq!(r[i].place, better + 1);
            let same = s.iter().filter(|&&x| x == s[i]).count();
            prop_assert_eq!(r[i].tied, same > 1);
        }
    }

    #[test]
    fn any_text_parses_or_is_refused_without_panicking(text in ".{0,80}") {
        let _ = parse(&text, &["a", "b"]);
    }

    #[test]
    fn printed_formulas_parse_back_to_the_same_value(
        a in 0u32..100, b in 1u32..100, c in 0u32..100,
    ) {
        let text = format!("({a} + b) * {c} / {b} - min(a, {c})");
        let e = parse(&text, &["a", "b"]).unwrap();
        let vals = HashMap::from([("a".to_string(), 7.0), ("b".to_string(), 3.0)]);
        let expect = (f64::from(a) + 3.0) * f64::from(c) / f64::from(b) - 7f64.min(f64::from(c));
        prop_assert!((evaluate(&e, &vals) - expect).abs() < 1e-9);
    }
}
