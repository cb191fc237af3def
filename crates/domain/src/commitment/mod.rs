//! Public commitments (公开承诺) and their fulfilment (践诺). A member commits to
//! concrete items under the 五带头 criteria, the branch under the 五个好; the
//! leadership approves; the approved version is published. Progress rolls up per
//! person and per branch, weighted by item.

pub mod opinion;

use crate::date::Day;
use crate::plan::{Phase, Plan, StandardTarget};
use serde::{Deserialize, Serialize};

/// The longest item text and target.
pub const MAX_WHAT: usize = 300;
pub const MAX_TARGET: usize = 200;
/// The most items one commitment may hold.
pub const MAX_ITEMS: usize = 30;

/// Where a commitment stands in its approval.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentStatus {
    /// Being written (or rewritten after approval: the approved one still shows).
    Draft,
    /// Waiting for the leadership.
    Submitted,
    Approved,
    /// Sent back with a reason.
    Returned,
}

impl CommitmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CommitmentStatus::Draft => "draft",
            CommitmentStatus::Submitted => "submitted",
            CommitmentStatus::Approved => "approved",
            CommitmentStatus::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<CommitmentStatus> {
        [
            CommitmentStatus::Draft,
            CommitmentStatus::Submitted,
            CommitmentStatus::Approved,
            CommitmentStatus::Returned,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }

    /// Whether the owner may change the items now.
    pub fn editable(self) -> bool {
        self != CommitmentStatus::Submitted
    }
}

/// Fulfilment of one item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// 未开始
    NotStarted,
    /// 进行中
    InProgress,
    /// 已完成
    Done,
    /// 未完成 (the due date passed without it)
    NotDone,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 4] = [
        ItemStatus::NotStarted,
        ItemStatus::InProgress,
        ItemStatus::Done,
        ItemStatus::NotDone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::NotStarted => "not_started",
            ItemStatus::InProgress => "in_progress",
            ItemStatus::Done => "done",
            ItemStatus::NotDone => "not_done",
        }
    }

    pub fn parse(s: &str) -> Option<ItemStatus> {
        ItemStatus::ALL.into_iter().find(|i| i.as_str() == s)
    }
}

/// One promised item: under which criterion, what, the measurable target, by when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Stable across revisions, so progress stays with the item.
    pub key: String,
    pub criterion: String,
    pub what: String,
    pub target: String,
    pub due_on: Day,
    /// Relative weight in the roll-up, 1–10.
    pub weight: u32,
}

/// An item as typed into the form, before checking.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemInput {
    pub key: Option<String>,
    pub criterion: String,
    pub what: String,
    pub target: String,
    pub due_on: String,
    pub weight: String,
}

/// Which field of an item is wrong, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemError {
    /// The item's place in the list, from 0.
    pub index: usize,
    pub field: &'static str,
    pub problem: ItemProblem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemProblem {
    Missing,
    TooLong { max: usize },
    UnknownCriterion,
    BadDate,
    OutsidePhase { starts_on: Day, ends_on: Day },
    BadWeight,
    NoItems,
    TooManyItems { max: usize },
}

impl ItemProblem {
    pub fn message_id(&self) -> &'static str {
        match self {
            ItemProblem::Missing => "field-missing",
            ItemProblem::TooLong { .. } => "field-too-long",
            ItemProblem::UnknownCriterion => "commitment-error-criterion",
            ItemProblem::BadDate => "field-bad-date",
            ItemProblem::OutsidePhase { .. } => "commitment-error-outside-phase",
            ItemProblem::BadWeight => "commitment-error-weight",
            ItemProblem::NoItems => "commitment-error-no-items",
            ItemProblem::TooManyItems { .. } => "commitment-error-too-many",
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ItemProblem::TooLong { max } | ItemProblem::TooManyItems { max } => {
                vec![("max", max.to_string())]
            }
            ItemProblem::OutsidePhase { starts_on, ends_on } => vec![
                ("start", starts_on.to_string()),
                ("end", ends_on.to_string()),
            ],
            _ => vec![],
        }
    }
}

/// Who commits: a member (under the member standard) or the branch itself (under
/// the organisation standard).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Member,
    Branch,
}

impl Owner {
    pub fn standard_target(self) -> StandardTarget {
        match self {
            Owner::Member => StandardTarget::Member,
            Owner::Branch => StandardTarget::Organisation,
        }
    }
}

/// The criteria an owner commits under: (key, name), in the plan's order.
pub fn criteria_for(plan: &Plan, owner: Owner) -> Vec<(String, String)> {
    plan.standards
        .iter()
        .filter(|s| s.applies_to == owner.standard_target())
        .flat_map(|s| s.criteria.iter().map(|c| (c.key.clone(), c.name.clone())))
        .collect()
}

/// Checks every item; returns the items, or every problem with its place.
/// Blank rows (nothing typed) are dropped, as a form with spare rows sends them.
pub fn check_items(
    inputs: &[ItemInput],
    plan: &Plan,
    owner: Owner,
    phase: &Phase,
    new_key: &mut dyn FnMut() -> String,
) -> Result<Vec<Item>, Vec<ItemError>> {
    let criteria = criteria_for(plan, owner);
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let filled: Vec<&ItemInput> = inputs
        .iter()
        .filter(|i| {
            !(i.what.trim().is_empty() && i.target.trim().is_empty() && i.due_on.trim().is_empty())
        })
        .collect();
    if filled.is_empty() {
        errors.push(ItemError {
            index: 0,
            field: "items",
            problem: ItemProblem::NoItems,
        });
    }
    if filled.len() > MAX_ITEMS {
        errors.push(ItemError {
            index: MAX_ITEMS,
            field: "items",
            problem: ItemProblem::TooManyItems { max: MAX_ITEMS },
        });
    }
    for (index, input) in filled.into_iter().enumerate() {
        let mut err = |field, problem| {
            errors.push(ItemError {
                index,
                field,
                problem,
            })
        };
        if !criteria.iter().any(|(k, _)| *k == input.criterion) {
            err("criterion", ItemProblem::UnknownCriterion);
        }
        let what = text(&input.what, MAX_WHAT).map_err(|p| err("what", p)).ok();
        let target = text(&input.target, MAX_TARGET)
            .map_err(|p| err("target", p))
            .ok();
        let due_on = match Day::parse_iso(&input.due_on) {
            None if input.due_on.trim().is_empty() => {
                err("due_on", ItemProblem::Missing);
                None
            }
            None => {
                err("due_on", ItemProblem::BadDate);
                None
            }
            Some(d) if d < phase.starts_on || d > phase.ends_on => {
                err(
                    "due_on",
                    ItemProblem::OutsidePhase {
                        starts_on: phase.starts_on,
                        ends_on: phase.ends_on,
                    },
                );
                None
            }
            Some(d) => Some(d),
        };
        let weight = match input.weight.trim() {
            "" => Some(1),
            w => match w.parse::<u32>() {
                Ok(n) if (1..=10).contains(&n) => Some(n),
                _ => {
                    err("weight", ItemProblem::BadWeight);
                    None
                }
            },
        };
        if let (Some(what), Some(target), Some(due_on), Some(weight)) =
            (what, target, due_on, weight)
        {
            items.push(Item {
                key: input
                    .key
                    .clone()
                    .filter(|k| !k.is_empty())
                    .unwrap_or_else(&mut *new_key),
                criterion: input.criterion.clone(),
                what,
                target,
                due_on,
                weight,
            });
        }
    }
    if errors.is_empty() {
        Ok(items)
    } else {
        Err(errors)
    }
}

fn text(s: &str, max: usize) -> Result<String, ItemProblem> {
    let s = s.trim();
    if s.is_empty() {
        Err(ItemProblem::Missing)
    } else if s.chars().count() > max {
        Err(ItemProblem::TooLong { max })
    } else {
        Ok(s.to_string())
    }
}

/// A commitment's progress over its approved items, each by its weight at the
/// percent `reported` gives it (by the commitment's id and the item's key; 0
/// for an item never reported).
pub fn commitment_progress(id: i64, approved: &[Item], reported: &impl Fn(i64, &str) -> u8) -> u8 {
    rollup(approved.iter().map(|i| (i.weight, reported(id, &i.key))))
}

/// A branch's progress over every approved item of every commitment, each item
/// by its own weight: a commitment of many items counts for more.
pub fn branch_progress<'a>(
    commitments: impl IntoIterator<Item = (i64, &'a [Item])>,
    reported: &impl Fn(i64, &str) -> u8,
) -> u8 {
    rollup(
        commitments
            .into_iter()
            .flat_map(|(id, items)| items.iter().map(move |i| (i.weight, reported(id, &i.key)))),
    )
}

/// The weighted progress of items, each given as (weight, percent done), in whole
/// percent. No items: 0.
pub fn rollup(items: impl IntoIterator<Item = (u32, u8)>) -> u8 {
    let (sum, weights) = items
        .into_iter()
        .fold((0u64, 0u64), |(s, w), (weight, pct)| {
            (
                s + u64::from(weight) * u64::from(pct.min(100)),
                w + u64::from(weight),
            )
        });
    if weights == 0 {
        0
    } else {
        // Round half up, in integers.
        ((sum * 2 + weights) / (weights * 2)) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rollup_weighs_each_item() {
        assert_eq!(rollup([]), 0);
        assert_eq!(rollup([(1, 100), (1, 0)]), 50);
        assert_eq!(rollup([(3, 100), (1, 0)]), 75);
        assert_eq!(rollup([(1, 33), (1, 34)]), 34);
        assert_eq!(rollup([(2, 250)]), 100, "over 100 counts as 100");
    }

    #[test]
    fn a_branch_rolls_up_every_item_of_every_member_by_weight() {
        let items = |weights: &[(&str, u32)]| -> Vec<Item> {
            weights
                .iter()
                .map(|(key, weight)| Item {
                    key: key.to_string(),
                    criterion: "c".into(),
                    what: "x".into(),
                    target: "y".into(),
                    due_on: crate::date::Day::from_ymd(2011, 1, 1).unwrap(),
                    weight: *weight,
                })
                .collect()
        };
        let (a, b) = (items(&[("a", 1), ("b", 1)]), items(&[("c", 2)]));
        let reported = |id: i64, key: &str| match (id, key) {
            (1, "a") => 100,
            (2, "c") => 50,
            _ => 0,
        };
        assert_eq!(commitment_progress(1, &a, &reported), 50);
        assert_eq!(commitment_progress(2, &b, &reported), 50);
        // (1×100 + 1×0 + 2×50) / 4 = 50.
        let both = [(1, &a[..]), (2, &b[..])];
        assert_eq!(branch_progress(both, &reported), 50);
        let first_done = |id: i64, _: &str| if id == 1 { 100 } else { 0 };
        assert_eq!(branch_progress(both, &first_done), 50, "(100+100+0×2)/4");
    }

    #[test]
    fn only_a_submitted_commitment_is_locked() {
        assert!(CommitmentStatus::Approved.editable());
        assert!(CommitmentStatus::Returned.editable());
        assert!(!CommitmentStatus::Submitted.editable());
    }
}
