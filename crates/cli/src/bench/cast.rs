//! `chuangxian bench cast`: evaluators casting ballots over HTTP, many at once,
//! on SQLite with `synchronous=FULL` or on PostgreSQL (each commit flushed),
//! beside a plain insert loop that writes the same rows in batches straight
//! into another database of the same schema and engine, in the same run.
//! Prints ballots per second of both and the ratio.
//!
//! The load comes from `wrk` (its own process), each connection an evaluator
//! with codes of its own, posting to `/api/v1/vote`. Ballots per second count
//! what reached the database, not what wrk sent.

use super::report::Figure;
use super::{On, latency_ms, serve_on_loopback};
use anyhow::{Context, bail};
use domain::evaluation::RoundKind;
use domain::evaluation::code::Code;
use std::time::Instant;
use store::Store;
use store::testing::TestDb;

#[derive(clap::Args)]
pub struct CastBench {
    #[arg(long, value_enum, default_value = "sqlite")]
    on: On,
    /// Evaluators voting at once (wrk connections).
    #[arg(long, default_value_t = 200)]
    evaluators: u32,
    /// Targets on the ballot; each is rated on five criteria.
    #[arg(long, default_value_t = 10)]
    targets: usize,
    /// How long the HTTP run lasts, in seconds.
    #[arg(long, default_value_t = 10)]
    seconds: u32,
    /// Ballots the plain insert loop writes.
    #[arg(long, default_value_t = 20_000)]
    raw_ballots: usize,
    /// Ballots per transaction in the plain insert loop.
    #[arg(long, default_value_t = 200)]
    batch: usize,
}

const CRITERIA: u32 = 5;

/// A members round over `targets` targets and `codes` codes in `store`; the
/// round, its target ids and the codes.
async fn round_with_codes(
    store: &Store,
    targets: usize,
    codes: u32,
) -> anyhow::Result<(i64, Vec<i64>, Vec<Code>)> {
    let (round, target_ids) = store
        .bench_round(RoundKind::Members, targets, i64::from(CRITERIA), "党员")
        .await?;
    let issued = store
        .issue_codes("bench", round, "api", "bench", &[], codes)
        .await?;
    Ok((round, target_ids, issued.codes))
}

pub async fn cast(b: CastBench) -> anyhow::Result<Vec<Figure>> {
    let dir = std::env::temp_dir().join(format!("cx-bench-cast-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let (raw_db, http_db) = (b.on.fresh().await?, b.on.fresh().await?);
    let result = run(&b, &dir, &raw_db, &http_db).await;
    raw_db.drop_db().await;
    http_db.drop_db().await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn run(
    b: &CastBench,
    dir: &std::path::Path,
    raw_db: &TestDb,
    http_db: &TestDb,
) -> anyhow::Result<Vec<Figure>> {
    let on = b.on.name();
    let marks = b.targets * CRITERIA as usize;
    println!(
        "cast: {} evaluators over HTTP, ballots of {} targets × {CRITERIA} criteria = {marks} ratings, {on}",
        b.evaluators, b.targets
    );

    // The plain loop first, on its own database: the same rows, batch by batch.
    let raw = raw_loop(&raw_db.store, b).await?;
    println!(
        "plain insert loop: {:>9.0} ballots/s ({} ballots, {} a transaction)",
        raw, b.raw_ballots, b.batch
    );

    // Enough codes for the run: more than the plain loop's rate allows.
    let wanted = ((raw * f64::from(b.seconds) * 1.2) as u32).clamp(20_000, 400_000);
    let store = &http_db.store;
    let (round, targets, codes) = round_with_codes(store, b.targets, wanted).await?;
    let addr = serve_on_loopback(store).await?;
    // Each wrk thread reads its own share of the codes.
    let threads = 2;
    for t in 0..threads {
        let share: Vec<String> = codes
            .iter()
            .skip(t)
            .step_by(threads)
            .map(Code::text)
            .collect();
        std::fs::write(dir.join(format!("codes-{}.txt", t + 1)), share.join("\n"))?;
    }
    let script = dir.join("cast.lua");
    std::fs::write(&script, lua(dir, &targets))?;
    let started = Instant::now();
    let out = tokio::process::Command::new("wrk")
        .args([
            &format!("-t{threads}"),
            &format!("-c{}", b.evaluators),
            &format!("-d{}s", b.seconds),
            "--latency",
            "-s",
            &script.display().to_string(),
            &format!("http://{addr}/api/v1/vote"),
        ])
        .output()
        .await
        .context("running wrk (apt-get install -y wrk)")?;
    let elapsed = started.elapsed().as_secs_f64();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let ballots = store.ballot_count(round).await?;
    // wrk stops with casts still in the server: each code used must have its
    // ballot once they have all landed.
    let (settled, used) = settle(store, round).await?;
    let p99 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .and_then(|v| latency_ms(v.trim()))
        .with_context(|| format!("wrk said: {text}"))?;
    if text.contains("Non-2xx") || settled != used {
        bail!("the run had errors ({settled} ballots, {used} codes used): {text}");
    }
    let http = ballots as f64 / elapsed;
    println!(
        "over HTTP:         {:>9.0} ballots/s ({ballots} ballots, p99 {p99:.1} ms)",
        http
    );
    let ratio = http / raw;
    Ok(vec![
        Figure::new(
            format!("cast, {} evaluators over HTTP, {on}", b.evaluators),
            format!("{http:.0} ballots/s, p99 {p99:.1} ms"),
        )
        .against(format!("plain insert loop {raw:.0} ballots/s"), ratio)
        .goal("≥ 0.50", ratio >= 0.5),
    ])
}

/// The round's ballots and codes used, once two reads 200 ms apart agree.
async fn settle(store: &Store, round: i64) -> anyhow::Result<(i64, i64)> {
    let mut last = (-1, -1);
    loop {
        let now = (
            store.ballot_count(round).await?,
            store.participation(round).await?.used,
        );
        if now == last {
            return Ok(now);
        }
        last = now;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// The wrk script: each request casts a fresh code's ballot with random levels.
fn lua(dir: &std::path::Path, targets: &[i64]) -> String {
    let targets: Vec<String> = targets.iter().map(i64::to_string).collect();
    format!(
        r#"
local counter = 1
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
local bodies = {{}}
local next_body = 0
local targets = {{{targets}}}
-- Every ballot is written before the run, so that wrk spends its time sending.
function init(args)
  for code in io.lines("{dir}/codes-" .. id .. ".txt") do
    local ratings = {{}}
    for _, t in ipairs(targets) do
      for c = 0, {last} do
        ratings[#ratings + 1] = '{{"target":' .. t .. ',"criterion":' .. c .. ',"level":' .. math.random(0, 3) .. '}}'
      end
    end
    bodies[#bodies + 1] = '{{"code":"' .. code .. '","ratings":[' .. table.concat(ratings, ",") .. ']}}'
  end
end
function request()
  next_body = next_body + 1
  local body = bodies[next_body] or bodies[#bodies]
  return wrk.format("POST", nil, {{["Content-Type"] = "application/json"}}, body)
end
"#,
        targets = targets.join(","),
        dir = dir.display(),
        last = CRITERIA - 1,
    )
}

/// The same rows written plainly in another database: ballots per second.
async fn raw_loop(store: &Store, b: &CastBench) -> anyhow::Result<f64> {
    let (round, targets, codes) = round_with_codes(store, b.targets, b.raw_ballots as u32).await?;
    let took = store
        .plain_cast_loop(round, &targets, i64::from(CRITERIA), &codes, b.batch)
        .await?;
    Ok(codes.len() as f64 / took.as_secs_f64())
}
