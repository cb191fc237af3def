//! `chuangxian bench tally`: counting a province-wide round (by default 10,000
//! targets × 5 criteria, 2,000,000 ballots) on SQLite, against the plain
//! `GROUP BY` of the same marks on the same file, in the same run. Prints the
//! median of several runs of each and the ratio.

use super::memory::Sampler;
use super::report::Figure;
use anyhow::Context;
use domain::evaluation::RoundKind;
use std::time::Instant;
use store::Store;
use store::evaluation::bench::LoadBallot;
use time::OffsetDateTime;

#[derive(clap::Args)]
pub struct TallyBench {
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

/// A small deterministic generator: the load is the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 11
    }
}

pub async fn tally(b: TallyBench) -> anyhow::Result<Vec<Figure>> {
    let dir = std::env::temp_dir().join(format!("cx-bench-tally-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("tally.sqlite");
    let store = Store::open(&format!("sqlite://{}", file.display())).await?;
    let (round_id, target_ids) = store
        .bench_round(RoundKind::Branches, b.targets, CRITERIA, "支部")
        .await?;
    println!(
        "tally: {} ballots over {} targets × {CRITERIA} criteria ({} marks), SQLite",
        b.ballots,
        b.targets,
        b.ballots as i64 * CRITERIA
    );
    let loading = Instant::now();
    load(&store, round_id, &target_ids, b.ballots).await?;
    store
        .close_round("bench", round_id, OffsetDateTime::now_utc(), "")
        .await?;
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    println!(
        "loaded in {:.1} s, file {:.0} MB",
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
    let before = Sampler::anon_now_kb();
    let sampler = Sampler::start();
    store.round_results(&round).await?;
    let peaks = sampler.stop();
    let grew = peaks.anon.saturating_sub(before) as f64 / 1024.0;
    let (ours, plain) = (median(&mut ours), median(&mut plain));
    println!("plain GROUP BY:        {plain:>9.0} ms");
    println!("chuangxian tally:      {ours:>9.0} ms (results of every target, with comments)");
    let ratio = ours / plain;
    store.pool.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(vec![
        Figure::new(
            format!("tally, {} ballots, SQLite", b.ballots),
            format!("{ours:.0} ms"),
        )
        .against(format!("GROUP BY {plain:.0} ms"), ratio)
        .goal("≤ 1.50", ratio <= 1.5),
        Figure::new(
            format!("memory the tally of {} ballots takes", b.ballots),
            format!(
                "{grew:.1} MB of its own (resident set with the mapped file {:.0} MB)",
                peaks.rss as f64 / 1024.0
            ),
        )
        .goal("< 200 MB", grew < 200.0),
    ])
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Writes the ballots and their marks in large transactions: each ballot rates
/// one target on every criterion, with random levels. Ballots come target by
/// target, so each transaction appends one stretch of the table (as a closed
/// round lies, in key order) instead of rewriting pages all over it.
async fn load(store: &Store, round_id: i64, targets: &[i64], ballots: usize) -> anyhow::Result<()> {
    let bar = indicatif::ProgressBar::new(ballots as u64);
    let mut rng = Lcg(2026);
    let per_tx = 20_000;
    let mut cast = 0;
    while cast < ballots {
        let n = per_tx.min(ballots - cast);
        let batch: Vec<LoadBallot> = (cast..cast + n)
            .map(|i| {
                let target = targets[i * targets.len() / ballots];
                LoadBallot {
                    id: format!("{:016x}{i:016x}", rng.next()),
                    receipt: format!("{:012}", rng.next() % 1_000_000_000_000),
                    marks: (0..CRITERIA)
                        .map(|c| (target, c, (rng.next() % 4) as i64, rng.next() as i64))
                        .collect(),
                }
            })
            .collect();
        store
            .load_ballots(round_id, &batch)
            .await
            .context("loading ballots")?;
        cast += n;
        bar.inc(n as u64);
    }
    bar.finish_and_clear();
    Ok(())
}
