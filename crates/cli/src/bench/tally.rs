//! `chuangxian bench tally`: counting a province-wide round (by default 10,000
//! targets × 5 criteria, 2,000,000 ballots) on SQLite or PostgreSQL, against
//! the plain `GROUP BY` of the same marks in the same database, in the same
//! run. Prints the median of several runs of each and the ratio.

use super::memory::Sampler;
use super::report::Figure;
use super::{On, median};
use crate::generate::Lcg;
use domain::evaluation::RoundKind;
use std::time::Instant;
use store::Store;
use store::bulk::{Bulk, Cell};
use time::OffsetDateTime;

#[derive(clap::Args)]
pub struct TallyBench {
    #[arg(long, value_enum, default_value = "sqlite")]
    on: On,
    /// Targets in the round.
    #[arg(long, default_value_t = 10_000)]
    targets: usize,
    /// Ballots; each rates one target on five criteria.
    #[arg(long, default_value_t = 2_000_000)]
    ballots: usize,
    /// Timed runs of each; the median is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

const CRITERIA: i64 = 5;

pub async fn tally(b: TallyBench) -> anyhow::Result<Vec<Figure>> {
    let db = b.on.fresh().await?;
    let result = run(&b, &db.store, &db.url).await;
    db.drop_db().await;
    result
}

async fn run(b: &TallyBench, store: &Store, url: &str) -> anyhow::Result<Vec<Figure>> {
    let on = b.on.name();
    let (round_id, target_ids) = store
        .bench_round(RoundKind::Branches, b.targets, CRITERIA, "支部")
        .await?;
    println!(
        "tally: {} ballots over {} targets × {CRITERIA} criteria ({} marks), {on}",
        b.ballots,
        b.targets,
        b.ballots as i64 * CRITERIA
    );
    let loading = Instant::now();
    load(store, url, round_id, &target_ids, b.ballots).await?;
    store
        .close_round("bench", round_id, OffsetDateTime::now_utc(), "")
        .await?;
    let size = store.size_bytes().await?;
    println!(
        "loaded in {:.1} s, database {:.0} MB",
        loading.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );

    let round = store.round(round_id).await?;
    // Warm both once, then alternate so neither gets a warmer cache.
    let mut ours = Vec::new();
    let mut plain = Vec::new();
    for run in 0..=b.runs {
        let t = Instant::now();
        let groups = store.plain_group_by(round_id).await?;
        let plain_ms = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let results = store.round_results(&round).await?;
        let ours_ms = t.elapsed().as_secs_f64() * 1000.0;
        anyhow::ensure!(
            results.ballots as usize == b.ballots,
            "every ballot counted"
        );
        anyhow::ensure!(groups > 0, "the plain query found the marks");
        if run > 0 {
            plain.push(plain_ms);
            ours.push(ours_ms);
        }
    }
    // The memory of one more tally alone: this process's own pages, since
    // the database file SQLite maps counts in its resident set as it is read.
    // (PostgreSQL's pages are its own processes', not this one's.)
    let before = Sampler::anon_now_kb();
    let sampler = Sampler::start();
    store.round_results(&round).await?;
    let peaks = sampler.stop();
    let grew = peaks.anon.saturating_sub(before) as f64 / 1024.0;
    let (ours, plain) = (median(ours), median(plain));
    println!("plain GROUP BY:        {plain:>9.0} ms");
    println!("chuangxian tally:      {ours:>9.0} ms (results of every target, with comments)");
    let ratio = ours / plain;
    Ok(vec![
        Figure::new(
            format!("tally, {} ballots, {on}", b.ballots),
            format!("{ours:.0} ms"),
        )
        .against(format!("GROUP BY {plain:.0} ms"), ratio)
        .goal("≤ 1.50", ratio <= 1.5),
        Figure::new(
            format!("memory the tally of {} ballots takes, {on}", b.ballots),
            format!(
                "{grew:.1} MB of its own (resident set, with any file mapped, {:.0} MB)",
                peaks.rss as f64 / 1024.0
            ),
        )
        .goal("< 200 MB", grew < 200.0),
    ])
}

/// Writes the ballots, then their marks, as the generator writes its rows
/// (COPY on PostgreSQL): each ballot rates one target on every criterion, with
/// random levels. The marks come target by target, each target's in key
/// order, so that the table is appended in the order a closed round keeps
/// (and SQLite never rewrites pages all over it). A mark names no ballot.
async fn load(
    store: &Store,
    url: &str,
    round_id: i64,
    targets: &[i64],
    ballots: usize,
) -> anyhow::Result<()> {
    let mut bulk = Bulk::open(store, url).await?;
    let mut rng = Lcg(2026);
    let bar = indicatif::ProgressBar::new(ballots as u64 * 2);
    let rows = (0..ballots).map(|i| {
        bar.inc(1);
        [
            Cell::Text(format!("{:016x}{i:016x}", rng.next(u64::MAX)).into()),
            Cell::Int(round_id),
            Cell::Text(format!("{:012}", rng.next(1_000_000_000_000)).into()),
        ]
    });
    bulk.load("ballots", ["id", "round_id", "receipt"], rows)
        .await?;
    let per_target = |t: usize| (t + 1) * ballots / targets.len() - t * ballots / targets.len();
    // Unique mark ids, as casting's random ones are; their order is the key's.
    let mut next_id = 0i64;
    let marks = targets.iter().enumerate().flat_map(|(t, &target)| {
        let n = per_target(t);
        let mut mine: Vec<(i64, i64, i64)> = (0..n as i64 * CRITERIA)
            .map(|m| {
                next_id += 1;
                (m % CRITERIA, rng.next(4) as i64, next_id)
            })
            .collect();
        mine.sort_unstable();
        bar.inc(n as u64);
        mine.into_iter().map(move |(criterion, level, id)| {
            [round_id, target, criterion, level, id].map(Cell::Int)
        })
    });
    bulk.load(
        "ballot_marks",
        ["round_id", "target_id", "criterion", "level", "id"],
        marks,
    )
    .await?;
    bar.finish_and_clear();
    Ok(())
}
