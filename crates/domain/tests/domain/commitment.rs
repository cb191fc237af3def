//! Commitment items against the source plan, and the progress roll-up.

use chuangxian_domain::commitment::{
    ItemInput, ItemProblem, Owner, check_items, criteria_for, rollup,
};
use chuangxian_domain::plan::parse_plan;
use proptest::prelude::*;

const SOURCE: &str = include_str!("../../../../plans/quanzhou-women-federation-2010.toml");

fn input(criterion: &str, what: &str, due_on: &str) -> ItemInput {
    ItemInput {
        key: None,
        criterion: criterion.into(),
        what: what.into(),
        target: "每月一次".into(),
        due_on: due_on.into(),
        weight: String::new(),
    }
}

#[test]
fn a_member_commits_under_the_five_leads_and_the_branch_under_the_five_goods() {
    let plan = parse_plan(SOURCE).unwrap();
    let member: Vec<_> = criteria_for(&plan, Owner::Member)
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(
        member,
        [
            "带头学习提高",
            "带头争创佳绩",
            "带头服务群众",
            "带头遵纪守法",
            "带头弘扬正气"
        ]
    );
    let branch: Vec<_> = criteria_for(&plan, Owner::Branch)
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(branch[0], "领导班子好");
    let phase = &plan.phases[0];
    let mut n = 0;
    let mut key = || {
        n += 1;
        format!("k{n}")
    };
    // A member may not commit under a criterion of the branch's standard.
    let errors = check_items(
        &[input("leadership", "学习", "2010-09-01")],
        &plan,
        Owner::Member,
        phase,
        &mut key,
    )
    .unwrap_err();
    assert_eq!(errors[0].problem, ItemProblem::UnknownCriterion);
}

#[test]
fn items_are_checked_field_by_field_and_blank_rows_are_dropped() {
    let plan = parse_plan(SOURCE).unwrap();
    let phase = &plan.phases[0];
    let mut key = || "new".to_string();
    let good = check_items(
        &[
            input("study", "每月读一本书并写心得", "2010-12-31"),
            ItemInput::default(),
            ItemInput {
                key: Some("kept".into()),
                ..input("service", "走访困难妇女家庭", "2011-03-08")
            },
        ],
        &plan,
        Owner::Member,
        phase,
        &mut key,
    )
    .unwrap();
    assert_eq!(good.len(), 2);
    assert_eq!(
        (good[0].key.as_str(), good[1].key.as_str()),
        ("new", "kept")
    );
    assert_eq!(good[0].weight, 1);

    let errors = check_items(
        &[
            input("study", "", "2012-01-01"),
            ItemInput {
                weight: "11".into(),
                ..input("study", &"长".repeat(301), "明天")
            },
        ],
        &plan,
        Owner::Member,
        phase,
        &mut key,
    )
    .unwrap_err();
    let found: Vec<_> = errors.iter().map(|e| (e.index, e.field)).collect();
    assert_eq!(
        found,
        [
            (0, "what"),
            (0, "due_on"),
            (1, "what"),
            (1, "due_on"),
            (1, "weight")
        ]
    );
    assert!(matches!(
        errors[1].problem,
        ItemProblem::OutsidePhase { .. }
    ));
    assert!(matches!(
        errors[2].problem,
        ItemProblem::TooLong { max: 300 }
    ));

    let none = check_items(
        &[ItemInput::default()],
        &plan,
        Owner::Member,
        phase,
        &mut key,
    )
    .unwrap_err();
    assert_eq!(none[0].problem, ItemProblem::NoItems);
}

proptest! {
    #[test]
    fn the_rollup_lies_between_the_least_and_most_done(items in prop::collection::vec((1u32..=10, 0u8..=100), 1..30)) {
        let r = rollup(items.iter().copied());
        let lo = items.iter().map(|i| i.1).min().unwrap();
        let hi = items.iter().map(|i| i.1).max().unwrap();
        prop_assert!(lo <= r && r <= hi, "{r} not in {lo}..={hi}");
    }

    #[test]
    fn doubling_every_weight_changes_nothing(items in prop::collection::vec((1u32..=10, 0u8..=100), 1..30)) {
        let doubled: Vec<_> = items.iter().map(|(w, p)| (w * 2, *p)).collect();
        prop_assert_eq!(rollup(items), rollup(doubled));
    }
}
