//! From counted marks to results: per target and criterion the distribution over
//! the scale, the mean score and the share rated good. A target with fewer
//! ballots than the round's minimum gets no figures at all, so no caller can
//! show them by mistake.

use super::Level;
use serde::Serialize;
use std::collections::HashMap;

/// How many marks gave `level` to `criterion` of `target`: one row of the
/// `GROUP BY` the store runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarkCount {
    pub target: i64,
    pub criterion: u32,
    pub level: u32,
    pub n: u64,
}

/// The figures of one criterion (or of all criteria together).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figures {
    /// Marks per level, in the scale's order.
    pub counts: Vec<u64>,
    pub total: u64,
    /// Mean score, 0–100.
    pub mean: f64,
    /// Share of marks on a level that counts as good, 0–1.
    pub good_share: f64,
}

impl Figures {
    fn of(counts: Vec<u64>, scale: &[Level]) -> Figures {
        let total: u64 = counts.iter().sum();
        let (score_sum, good) = counts
            .iter()
            .zip(scale)
            .fold((0u64, 0u64), |(s, g), (n, l)| {
                (s + n * u64::from(l.score), if l.good { g + n } else { g })
            });
        let share = |x: u64| {
            if total == 0 {
                0.0
            } else {
                x as f64 / total as f64
            }
        };
        Figures {
            total,
            mean: share(score_sum),
            good_share: share(good),
            counts,
        }
    }

    /// The good share as a whole percentage, as notices print it.
    pub fn good_percent(&self) -> String {
        format!("{:.1}", self.good_share * 100.0)
    }

    pub fn mean_text(&self) -> String {
        format!("{:.1}", self.mean)
    }
}

/// A target's result: its figures, or none when too few ballots covered it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetResult {
    pub target: i64,
    /// Ballots that rated this target.
    pub ballots: u64,
    /// One per criterion, in the round's order; empty below the minimum.
    pub criteria: Vec<Figures>,
    /// Every criterion together; none below the minimum.
    pub overall: Option<Figures>,
}

impl TargetResult {
    pub fn shown(&self) -> bool {
        self.overall.is_some()
    }
}

/// Marks that do not fit the round: stored data has been tampered with or broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a mark outside the round: target {target}, criterion {criterion}, level {level}")]
pub struct ForeignMark {
    pub target: i64,
    pub criterion: u32,
    pub level: u32,
}

/// Tallies the counted marks of a round for its `targets`, in their order.
pub fn tally(
    scale: &[Level],
    criteria: u32,
    targets: &[i64],
    min_ballots: u64,
    counts: impl IntoIterator<Item = MarkCount>,
) -> Result<Vec<TargetResult>, ForeignMark> {
    let levels = scale.len();
    let index: HashMap<i64, usize> = targets.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let mut grid = vec![vec![vec![0u64; levels]; criteria as usize]; targets.len()];
    for c in counts {
        let foreign = ForeignMark {
            target: c.target,
            criterion: c.criterion,
            level: c.level,
        };
        let t = *index.get(&c.target).ok_or(foreign)?;
        if c.criterion >= criteria || c.level as usize >= levels {
            return Err(foreign);
        }
        grid[t][c.criterion as usize][c.level as usize] += c.n;
    }
    Ok(targets
        .iter()
        .zip(grid)
        .map(|(&target, per_criterion)| {
            // Every ballot that covers a target rates each of its criteria.
            let ballots = per_criterion
                .iter()
                .map(|l| l.iter().sum::<u64>())
                .max()
                .unwrap_or(0);
            if ballots < min_ballots || ballots == 0 {
                return TargetResult {
                    target,
                    ballots,
                    criteria: Vec::new(),
                    overall: None,
                };
            }
            let mut all = vec![0u64; levels];
            for l in &per_criterion {
                for (a, n) in all.iter_mut().zip(l) {
                    *a += n;
                }
            }
            TargetResult {
                target,
                ballots,
                criteria: per_criterion
                    .into_iter()
                    .map(|l| Figures::of(l, scale))
                    .collect(),
                overall: Some(Figures::of(all, scale)),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::default_scale;

    fn scale() -> Vec<Level> {
        default_scale(["好", "较好", "一般", "差"].map(String::from))
    }

    fn count(target: i64, criterion: u32, level: u32, n: u64) -> MarkCount {
        MarkCount {
            target,
            criterion,
            level,
            n,
        }
    }

    #[test]
    fn a_criterion_shows_its_distribution_mean_and_good_share() {
        let r = tally(
            &scale(),
            1,
            &[5],
            5,
            [count(5, 0, 0, 3), count(5, 0, 1, 1), count(5, 0, 3, 1)],
        )
        .unwrap();
        let f = &r[0].criteria[0];
        assert_eq!(f.counts, vec![3, 1, 0, 1]);
        assert_eq!(f.total, 5);
        assert!((f.mean - 84.0).abs() < 1e-9, "{}", f.mean);
        assert!((f.good_share - 0.8).abs() < 1e-9);
        assert_eq!(f.good_percent(), "80.0");
        assert_eq!(r[0].ballots, 5);
    }

    #[test]
    fn a_target_below_the_minimum_shows_nothing() {
        let r = tally(
            &scale(),
            2,
            &[5, 6],
            5,
            [count(5, 0, 0, 4), count(5, 1, 2, 4)],
        )
        .unwrap();
        assert_eq!(r[0].ballots, 4);
        assert!(!r[0].shown());
        assert!(r[0].criteria.is_empty());
        assert_eq!(r[1].ballots, 0);
        assert!(!r[1].shown());
    }

    #[test]
    fn a_mark_outside_the_round_is_an_error() {
        assert!(tally(&scale(), 1, &[5], 1, [count(6, 0, 0, 1)]).is_err());
        assert!(tally(&scale(), 1, &[5], 1, [count(5, 1, 0, 1)]).is_err());
        assert!(tally(&scale(), 1, &[5], 1, [count(5, 0, 4, 1)]).is_err());
    }
}
