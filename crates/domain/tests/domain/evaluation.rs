//! Codes and the tally, over many inputs.

use chuangxian_domain::evaluation::code::{Code, CodeProblem};
use chuangxian_domain::evaluation::default_scale;
use chuangxian_domain::evaluation::tally::{MarkCount, tally};
use proptest::prelude::*;

fn counts() -> impl Strategy<Value = Vec<MarkCount>> {
    prop::collection::vec((0i64..6, 0u32..3, 0u32..4, 0u64..40), 0..60).prop_map(|v| {
        v.into_iter()
            .map(|(target, criterion, level, n)| MarkCount {
                target,
                criterion,
                level,
                n,
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn a_tally_accounts_for_every_mark_and_keeps_its_figures_in_range(
        marks in counts(), min in 1u64..20,
    ) {
        let scale = default_scale(["好", "较好", "一般", "差"].map(String::from));
        let targets: Vec<i64> = (0..6).collect();
        let results = tally(&scale, 3, &targets, min, marks.clone()).unwrap();
        for r in &results {
            let sums: Vec<u64> = (0..3u32)
                .map(|c| marks.iter().filter(|m| m.target == r.target && m.criterion == c).map(|m| m.n).sum())
                .collect();
            prop_assert_eq!(r.ballots, *sums.iter().max().unwrap());
            match &r.overall {
                None => prop_assert!(r.ballots < min || r.ballots == 0),
                Some(all) => {
                    prop_assert!(r.ballots >= min);
                    prop_assert_eq!(all.total, sums.iter().sum::<u64>());
                    for (f, sum) in r.criteria.iter().zip(&sums) {
                        prop_assert_eq!(f.total, *sum);
                        prop_assert_eq!(f.counts.iter().sum::<u64>(), *sum);
                        if *sum > 0 {
                            prop_assert!((40.0..=100.0).contains(&f.mean));
                        }
                        prop_assert!((0.0..=1.0).contains(&f.good_share));
                    }
                }
            }
        }
    }

    #[test]
    fn the_order_and_splitting_of_counts_do_not_change_a_tally(marks in counts(), cut in 0usize..60) {
        let scale = default_scale(["好", "较好", "一般", "差"].map(String::from));
        let targets: Vec<i64> = (0..6).collect();
        let whole = tally(&scale, 3, &targets, 1, marks.clone()).unwrap();
        // The same counts reversed, each split in two rows.
        let split: Vec<MarkCount> = marks.iter().rev().flat_map(|m| {
            let a = m.n.min(cut as u64);
            [MarkCount { n: a, ..*m }, MarkCount { n: m.n - a, ..*m }]
        }).collect();
        prop_assert_eq!(whole, tally(&scale, 3, &targets, 1, split).unwrap());
    }

    #[test]
    fn every_token_reads_back_from_its_code_and_one_changed_symbol_is_caught(
        bytes in any::<[u8; 16]>(), at in 0usize..34, with in 0usize..32,
    ) {
        let t = Code::from_bytes(bytes);
        let code = t.text();
        prop_assert_eq!(Code::parse(&code), Ok(t.clone()));
        let alphabet: Vec<char> = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".chars().collect();
        let mut chars: Vec<char> = code.chars().collect();
        if chars[at] != '-' && chars[at] != alphabet[with] {
            chars[at] = alphabet[with];
            let changed: String = chars.into_iter().collect();
            // A change is caught by the check symbols (or overflows the
            // 128 bits), except for the rare slip that matches by chance.
            match Code::parse(&changed) {
                Ok(other) => prop_assert_ne!(other, t),
                Err(p) => prop_assert!(matches!(p, CodeProblem::Mistyped | CodeProblem::Malformed)),
            }
        }
    }
}
