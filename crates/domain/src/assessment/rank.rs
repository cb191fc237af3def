//! Ranking with ties shown as ties: equal scores share a place, and the next
//! place skips as many as shared it (1, 2, 2, 4), as results lists are read.

/// A subject's place among the ranked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ranked {
    /// 1 for the best.
    pub place: usize,
    /// Others share the place.
    pub tied: bool,
}

/// The places of `scores` (hundredths, higher is better), in the order given.
pub fn rank(scores: &[f64]) -> Vec<Ranked> {
    let key = |s: f64| (s * 100.0).round() as i64;
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(key(scores[i])));
    let mut out = vec![
        Ranked {
            place: 0,
            tied: false
        };
        scores.len()
    ];
    // Walk runs of equal scores: each run shares the place of its first.
    let mut start = 0;
    while start < order.len() {
        let k = key(scores[order[start]]);
        let end = start
            + order[start..]
                .iter()
                .take_while(|&&j| key(scores[j]) == k)
                .count();
        for &i in &order[start..end] {
            out[i] = Ranked {
                place: start + 1,
                tied: end - start > 1,
            };
        }
        start = end;
    }
    out
}
