use super::*;
use crate::secret::digest;
use proptest::prelude::*;

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("commitment:{i}")).collect()
}

#[test]
fn the_draw_is_deterministic_and_ignores_the_population_order() {
    let a = draw(&ids(50), "07 12 19 23 28 31 + 05", 5).unwrap();
    let mut shuffled = ids(50);
    shuffled.reverse();
    assert_eq!(a, draw(&shuffled, "07 12 19 23 28 31 + 05", 5).unwrap());
    assert_ne!(a, draw(&ids(50), "07 12 19 23 28 31 + 06", 5).unwrap());
    let mut distinct = a.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 5);
}

#[test]
fn the_draw_refuses_what_it_cannot_do() {
    assert_eq!(
        draw(&ids(3), "s", 4),
        Err(DrawError::TooLarge {
            sample: 4,
            population: 3
        })
    );
    assert_eq!(draw(&[], "s", 0), Err(DrawError::Empty));
    assert_eq!(draw(&ids(3), "", 1), Err(DrawError::NoSeed));
    let twice = vec!["a".to_string(), "a".to_string()];
    assert_eq!(draw(&twice, "s", 1), Err(DrawError::Duplicate("a".into())));
}

/// The published algorithm, step by step, for one small case: a reader
/// redoing it by hand gets this.
#[test]
fn the_first_step_follows_the_documented_stream() {
    use sha2::{Digest, Sha256};
    let pop = vec!["b".to_string(), "a".to_string(), "c".to_string()];
    let hash = population_hash(&pop).unwrap();
    assert_eq!(hash, crate::secret::hex(&Sha256::digest(b"a\nb\nc")));
    let mut block = Sha256::new();
    block.update(b"seed\n");
    block.update(hash.as_bytes());
    block.update(b"\n");
    block.update(0u64.to_be_bytes());
    let bytes = block.finalize();
    let x = u64::from_be_bytes(bytes[0..8].try_into().unwrap());
    // The zone for 3 excludes only the top 1 of 2^64 values.
    let first = ["a", "b", "c"][(x % 3) as usize];
    assert_eq!(draw(&pop, "seed", 1).unwrap(), vec![first.to_string()]);
}

fn record(seed: &str, k: usize) -> DrawRecord {
    let population: Vec<PopulationItem> = (0..40)
        .map(|i| PopulationItem {
            id: format!("meeting:{i}"),
            name: format!("会议 {i}"),
        })
        .collect();
    let list: Vec<String> = population.iter().map(|p| p.id.clone()).collect();
    DrawRecord {
        id: 1,
        title: "抽查".into(),
        organisation: "市直机关工委".into(),
        algorithm: ALGORITHM,
        population_hash: population_hash(&list).unwrap(),
        sample: draw(&list, seed, k).unwrap(),
        population,
        seed_kind: SeedKind::Commit,
        seed_source: String::new(),
        seed_hash: Some(digest(seed)),
        seed: seed.into(),
        sample_size: k,
    }
}

#[test]
fn a_record_verifies_from_its_json_and_a_changed_one_does_not() {
    let r = record("a long secret", 6);
    let json = serde_json::to_string(&r).unwrap();
    let back: DrawRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(verify(&back), Ok(VerifyOutcome::Matches));
    let mut swapped = back.clone();
    swapped.sample[0] = "meeting:39".into();
    swapped.sample.swap(0, 1);
    assert!(matches!(verify(&swapped), Ok(VerifyOutcome::Differs(d)) if !d.is_empty()));
    let mut other_seed = back.clone();
    other_seed.seed = "another".into();
    let Ok(VerifyOutcome::Differs(d)) = verify(&other_seed) else {
        panic!("a changed seed verified")
    };
    assert!(d.iter().any(|l| matches!(l, Difference::SeedHash { .. })));
    let mut added = back;
    added.population.push(PopulationItem {
        id: "meeting:99".into(),
        name: "x".into(),
    });
    assert!(matches!(verify(&added), Ok(VerifyOutcome::Differs(_))));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    /// Over many seeds each of 10 items is drawn (k = 3) about 3/10 of the
    /// time: with 4,000 draws the count is within 5 standard deviations.
    #[test]
    fn the_draw_is_fair(prefix in "[a-z0-9]{1,12}") {
        let pop = ids(10);
        let mut counts = [0u32; 10];
        let draws = 4_000;
        for i in 0..draws {
            for s in draw(&pop, &format!("{prefix}-{i}"), 3).unwrap() {
                let n: usize = s.trim_start_matches("commitment:").parse().unwrap();
                counts[n] += 1;
            }
        }
        let expected = f64::from(draws) * 0.3;
        let sd = (f64::from(draws) * 0.3 * 0.7).sqrt();
        for c in counts {
            prop_assert!((f64::from(c) - expected).abs() < 5.0 * sd, "{counts:?}");
        }
    }

    #[test]
    fn any_sample_is_distinct_members_of_the_population(n in 1usize..60, seed in ".{1,20}") {
        let k = n / 2;
        let s = draw(&ids(n), &seed, k).unwrap();
        prop_assert_eq!(s.len(), k);
        let mut d = s.clone();
        d.sort();
        d.dedup();
        prop_assert_eq!(d.len(), k);
        prop_assert!(s.iter().all(|x| ids(n).contains(x)));
    }
}
