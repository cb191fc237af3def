//! What a ballot must hold: a level for every criterion of every target the
//! code covers, and at most one short comment a target. A checked ballot is
//! what gets stored, split into marks that carry nothing of the evaluator.

use super::MAX_COMMENT;
use std::collections::{BTreeMap, HashMap};

/// One rating: a target, the criterion's position in the round, the level's
/// position in the scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mark {
    pub target: i64,
    pub criterion: u32,
    pub level: u32,
}

/// A checked ballot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ballot {
    pub marks: Vec<Mark>,
    /// By target; blank comments are dropped.
    pub comments: Vec<(i64, String)>,
}

/// What a ballot as filled in lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BallotProblem {
    /// A criterion of a target has no level.
    Unrated {
        target: i64,
        criterion: u32,
    },
    /// A level or target the form never offered: a forged or stale form.
    Foreign,
    CommentTooLong {
        target: i64,
    },
}

/// A ballot as filled in: levels by (target, criterion), comments by target.
#[derive(Clone, Debug, Default)]
pub struct BallotInput {
    pub ratings: HashMap<(i64, u32), u32>,
    pub comments: HashMap<i64, String>,
}

/// Checks a filled-in ballot against the targets the code covers, the number
/// of criteria and of levels. Every problem is returned, so that the form can
/// mark each unrated criterion.
pub fn check_ballot(
    scope: &[i64],
    criteria: u32,
    levels: u32,
    input: &BallotInput,
) -> Result<Ballot, Vec<BallotProblem>> {
    let mut problems = Vec::new();
    if input
        .ratings
        .iter()
        .any(|((t, c), l)| !scope.contains(t) || *c >= criteria || *l >= levels)
        || input.comments.keys().any(|t| !scope.contains(t))
    {
        problems.push(BallotProblem::Foreign);
    }
    let mut marks = Vec::with_capacity(scope.len() * criteria as usize);
    for &target in scope {
        for criterion in 0..criteria {
            match input.ratings.get(&(target, criterion)) {
                Some(&level) if level < levels => marks.push(Mark {
                    target,
                    criterion,
                    level,
                }),
                Some(_) => {}
                None => problems.push(BallotProblem::Unrated { target, criterion }),
            }
        }
    }
    let mut comments = BTreeMap::new();
    for (&target, text) in &input.comments {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if text.chars().count() > MAX_COMMENT {
            problems.push(BallotProblem::CommentTooLong { target });
        } else {
            comments.insert(target, text.to_string());
        }
    }
    if problems.is_empty() {
        Ok(Ballot {
            marks,
            comments: comments.into_iter().collect(),
        })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(ratings: &[((i64, u32), u32)], comments: &[(i64, &str)]) -> BallotInput {
        BallotInput {
            ratings: ratings.iter().copied().collect(),
            comments: comments
                .iter()
                .map(|(t, c)| (*t, (*c).to_string()))
                .collect(),
        }
    }

    #[test]
    fn a_full_ballot_becomes_one_mark_per_target_and_criterion() {
        let b = check_ballot(
            &[7, 9],
            2,
            4,
            &input(
                &[((7, 0), 0), ((7, 1), 1), ((9, 0), 3), ((9, 1), 2)],
                &[(7, " 工作扎实 "), (9, "  ")],
            ),
        )
        .unwrap();
        assert_eq!(b.marks.len(), 4);
        assert_eq!(b.comments, vec![(7, "工作扎实".to_string())]);
    }

    #[test]
    fn every_unrated_criterion_is_named() {
        let problems = check_ballot(&[7, 9], 2, 4, &input(&[((7, 0), 0)], &[])).unwrap_err();
        assert_eq!(
            problems,
            vec![
                BallotProblem::Unrated {
                    target: 7,
                    criterion: 1
                },
                BallotProblem::Unrated {
                    target: 9,
                    criterion: 0
                },
                BallotProblem::Unrated {
                    target: 9,
                    criterion: 1
                },
            ]
        );
    }

    #[test]
    fn a_target_outside_the_scope_or_a_level_off_the_scale_is_refused() {
        let out_of_scope = input(&[((7, 0), 0), ((8, 0), 0)], &[]);
        assert!(
            check_ballot(&[7], 1, 4, &out_of_scope)
                .unwrap_err()
                .contains(&BallotProblem::Foreign)
        );
        let off_scale = input(&[((7, 0), 4)], &[]);
        assert!(
            check_ballot(&[7], 1, 4, &off_scale)
                .unwrap_err()
                .contains(&BallotProblem::Foreign)
        );
        let long = input(&[((7, 0), 0)], &[(7, &"长".repeat(501))]);
        assert_eq!(
            check_ballot(&[7], 1, 4, &long).unwrap_err(),
            vec![BallotProblem::CommentTooLong { target: 7 }]
        );
    }
}
