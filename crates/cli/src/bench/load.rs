//! What the province benchmarks load alike, each step drawing from the same
//! generator in the same order: the leader who reviews, a closed round's
//! figures as its close keeps them, and every member's study standings.

use anyhow::Context;
use domain::date::Day;
use domain::evaluation::{RoundCriterion, RoundDraft, RoundKind, default_scale};
use domain::plan::Quota;
use domain::study::{Span, due_before};
use store::Store;
use store::organisation::Organisation;
use time::OffsetDateTime;

/// A small generator, so that each run loads the same records.
pub(super) struct Lcg(pub(super) u64);

impl Lcg {
    pub(super) fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

pub(super) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The leaders' committee under `root` and the account of the leader who
/// writes the reviews.
pub(super) async fn reviewer(
    store: &Store,
    root: &Organisation,
) -> anyhow::Result<(Organisation, i64)> {
    let committee = store
        .create_organisation(
            "bench",
            Some(root),
            domain::organisation::OrgKind::Committee,
            "领导",
        )
        .await?;
    let person = store
        .add_person(
            "bench",
            &committee,
            None,
            &domain::person::PersonDraft {
                name: "领导".into(),
                username: Some("bench-leader".into()),
                ..Default::default()
            },
        )
        .await?;
    let account = store
        .account_of_person(person)
        .await?
        .context("the reviewer's account")?;
    Ok((committee, account))
}

/// A round of `kind` in `phase_key` that closed yesterday.
pub(super) fn round_draft(kind: RoundKind, phase_key: &str) -> RoundDraft {
    let now = OffsetDateTime::now_utc();
    RoundDraft {
        title: "评议".into(),
        kind,
        standard_key: "five_goods".into(),
        standard_name: "五个好".into(),
        criteria: vec![RoundCriterion {
            key: "c".into(),
            name: "总体".into(),
            text: String::new(),
        }],
        scale: default_scale(["好", "较好", "一般", "差"].map(String::from)),
        opens_at: now - time::Duration::days(2),
        closes_at: now - time::Duration::days(1),
        min_ballots: 5,
        phase_key: phase_key.to_string(),
    }
}

/// Each target's figures of `round`, closed: 20–99 marks, half or more good.
pub(super) async fn closed_round(store: &Store, round: i64, rng: &mut Lcg) -> anyhow::Result<()> {
    let figures: Vec<(i64, i64, i64, i64)> = store
        .round_targets(round)
        .await?
        .iter()
        .map(|t| {
            let marks = 20 + rng.next(80) as i64;
            let good = marks * (50 + rng.next(51) as i64) / 100;
            (t.id, marks, good, good * 100 + (marks - good) * 60)
        })
        .collect();
    store.bench_figures(round, &figures).await?;
    Ok(())
}

/// Every member's standing on every quota, at most what is due by `asof`
/// over `covered`; returns how many were loaded.
pub(super) async fn standings(
    store: &Store,
    people: &[(i64, i64)],
    quotas: &[Quota],
    covered: Span,
    asof: Day,
    rng: &mut Lcg,
) -> anyhow::Result<usize> {
    let due: Vec<(String, i64)> = quotas
        .iter()
        .map(|q| {
            (
                q.key.clone(),
                i64::from(due_before(q.period, q.target, covered, asof)),
            )
        })
        .collect();
    let mut rows = Vec::with_capacity(400_000);
    for (i, &(person, _)) in people.iter().enumerate() {
        for (key, d) in &due {
            rows.push((person, key.clone(), rng.next(*d as u64 + 1) as i64, None));
        }
        if rows.len() >= 400_000 || i + 1 == people.len() {
            store.bench_standings(&rows).await?;
            rows.clear();
        }
    }
    Ok(people.len() * due.len())
}
