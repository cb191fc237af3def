//! `chuangxian bench servers`: one, two and three `chuangxian serve`
//! processes on one PostgreSQL holding a generated city (1,000 branches,
//! 50,000 members), under the same mixed load: six in ten requests read a
//! branch's public board, three in ten are a signed-in secretary's home page,
//! one in ten casts a ballot with a fresh code. The load is wrk, one process
//! per server port, the same connections and wrk threads in all; their
//! requests per second are summed. The goal: two processes ≥ 1.6× one.

use super::against_nginx::{Serving, free_port, latency_ms};
use super::report::Figure;
use crate::generate::{Generated, Scale, generate, round_draft};
use anyhow::{Context, bail};
use domain::evaluation::RoundKind;
use std::path::Path;
use store::Store;
use store::evaluation::NewTarget;
use store::testing::TestDb;
use time::OffsetDateTime;

#[derive(clap::Args)]
pub struct ServersBench {
    /// How long each run lasts, in seconds.
    #[arg(long, default_value_t = 10)]
    seconds: u32,
    /// Open connections in all, shared among the servers.
    #[arg(long, default_value_t = 96)]
    connections: u32,
}

/// The two-processes goal.
const GOAL: f64 = 1.6;
/// Boards read and secretaries signed in, picked at random by each request.
const BOARDS: usize = 100;
const SESSIONS: usize = 100;
/// Targets on the ballot.
const TARGETS: usize = 10;
/// wrk threads in all, whatever the number of servers.
const WRK_THREADS: usize = 2;

pub async fn servers(b: ServersBench) -> anyhow::Result<Vec<Figure>> {
    super::against_nginx::need_wrk_and_nginx()?;
    let db = TestDb::postgres()
        .await
        .context("PostgreSQL at CX_TEST_POSTGRES")?;
    let dir = std::env::temp_dir().join(format!("cx-bench-servers-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = run(&b, &db, &dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    db.drop_db().await;
    result
}

async fn run(b: &ServersBench, db: &TestDb, dir: &Path) -> anyhow::Result<Vec<Figure>> {
    let store = &db.store;
    println!("servers: 1, 2 and 3 processes on one PostgreSQL holding a city");
    let g = generate(store, &db.url, Scale::City, 20_110_701, true).await?;
    let (round, targets) = open_round(store, &g).await?;
    let mut cookies = Vec::new();
    for (account, username) in g.secretaries.iter().take(SESSIONS) {
        let session = store.create_session(username, *account, None).await?;
        cookies.push(format!(
            "{}={}",
            web::http::context::SESSION_COOKIE,
            session.secret
        ));
    }
    let boards: Vec<String> = g
        .branches
        .iter()
        .take(BOARDS)
        .map(|br| format!("/board/{}", br.id))
        .collect();
    let mut rates = Vec::new();
    for n in 1..=3usize {
        let ballots_before = store.ballot_count(round).await?;
        let rate = mixed_run(b, store, db, dir, n, round, &targets, &cookies, &boards).await?;
        let ballots = store.ballot_count(round).await? - ballots_before;
        let used = store.participation(round).await?.used;
        println!(
            "{n} process{}: {:.0} req/s, p99 {:.1} ms (worst port), {ballots} ballots, CPU {:.0} % busy",
            if n == 1 { "" } else { "es" },
            rate.0,
            rate.1,
            rate.2 * 100.0
        );
        anyhow::ensure!(ballots > 0, "ballots were cast");
        anyhow::ensure!(
            used == store.ballot_count(round).await?,
            "one ballot per code"
        );
        rates.push(rate);
    }
    let one = rates[0].0;
    let mut out = vec![Figure::new(
        "servers, 1 process, mixed load (city, PostgreSQL)",
        format!(
            "{one:.0} req/s, p99 {:.0} ms, CPU {:.0} % busy",
            rates[0].1,
            rates[0].2 * 100.0
        ),
    )];
    for (n, (rate, p99, busy)) in rates.iter().enumerate().skip(1) {
        let ratio = rate / one;
        let f = Figure::new(
            format!("servers, {} processes, mixed load", n + 1),
            format!(
                "{rate:.0} req/s, p99 {p99:.0} ms, CPU {:.0} % busy",
                busy * 100.0
            ),
        )
        .against(format!("1 process {one:.0} req/s"), ratio);
        out.push(if n == 1 {
            f.goal(format!("≥ {GOAL:.1}×"), ratio >= GOAL)
        } else {
            f
        });
    }
    Ok(out)
}

/// An open round of the middle branch's first members, for the ballots.
async fn open_round(store: &Store, g: &Generated) -> anyhow::Result<(i64, Vec<i64>)> {
    let now = OffsetDateTime::now_utc();
    let mut draft = round_draft(RoundKind::Members, &g.phase.key);
    draft.opens_at = now - time::Duration::hours(1);
    draft.closes_at = now + time::Duration::days(1);
    let targets: Vec<NewTarget> = g
        .people
        .iter()
        .filter(|(_, b)| *b == g.sample_branch.id)
        .take(TARGETS)
        .map(|(p, _)| NewTarget {
            org_id: None,
            person_id: Some(*p),
            name: format!("党员{p}"),
        })
        .collect();
    let round = store
        .create_round("bench", g.sample_branch.id, &draft, &targets)
        .await?;
    let ids = store
        .round_targets(round)
        .await?
        .iter()
        .map(|t| t.id)
        .collect();
    Ok((round, ids))
}

/// `n` servers under the mixed load at once: (requests per second summed,
/// worst p99, share of the machine's cores busy meanwhile).
#[allow(clippy::too_many_arguments)]
async fn mixed_run(
    b: &ServersBench,
    store: &Store,
    db: &TestDb,
    dir: &Path,
    n: usize,
    round: i64,
    targets: &[i64],
    cookies: &[String],
    boards: &[String],
) -> anyhow::Result<(f64, f64, f64)> {
    let ports: Vec<u16> = (0..n).map(|_| free_port()).collect::<Result<_, _>>()?;
    let mut servers = Vec::new();
    for &port in &ports {
        servers.push(Serving::start(&db.url, port).await?);
    }
    // Enough fresh codes for every ballot the run could cast, shared among the wrk threads.
    let threads = (WRK_THREADS / n).max(1);
    let codes = store
        .issue_codes("bench", round, "api", "servers", &[], 40_000)
        .await?
        .codes;
    let files = ports.len() * threads;
    for (k, port) in ports.iter().enumerate() {
        for t in 0..threads {
            let share: Vec<String> = codes
                .iter()
                .skip(k * threads + t)
                .step_by(files)
                .map(|c| c.text())
                .collect();
            std::fs::write(
                dir.join(format!("codes-{port}-{}.txt", t + 1)),
                share.join("\n"),
            )?;
        }
    }
    let mut runs = Vec::new();
    for &port in &ports {
        let script = dir.join(format!("mix-{port}.lua"));
        std::fs::write(&script, lua(dir, port, targets, cookies, boards))?;
        runs.push(
            tokio::process::Command::new("wrk")
                .args([
                    format!("-t{threads}"),
                    format!("-c{}", b.connections as usize / n),
                    format!("-d{}s", b.seconds),
                    "--latency".into(),
                    "-s".into(),
                    script.display().to_string(),
                    format!("http://127.0.0.1:{port}/"),
                ])
                .output(),
        );
    }
    let cpu_before = cpu_times();
    let outputs = futures_join(runs).await;
    let busy = cpu_busy(cpu_before, cpu_times());
    for s in servers {
        s.stop();
    }
    let outputs = outputs?;
    let (mut rps, mut p99) = (0.0, 0.0f64);
    for out in outputs {
        let text = String::from_utf8_lossy(&out?.stdout).to_string();
        if text.contains("Non-2xx") {
            bail!("wrk saw errors: {text}");
        }
        rps += text
            .lines()
            .find_map(|l| l.strip_prefix("Requests/sec:"))
            .and_then(|v| v.trim().parse::<f64>().ok())
            .with_context(|| format!("wrk said: {text}"))?;
        p99 = p99.max(
            text.lines()
                .find_map(|l| l.trim().strip_prefix("99%"))
                .and_then(|v| latency_ms(v.trim()))
                .with_context(|| format!("wrk said: {text}"))?,
        );
    }
    Ok((rps, p99, busy))
}

/// The machine's (busy, all) CPU time so far, from `/proc/stat`.
fn cpu_times() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let fields: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    let all: u64 = fields.iter().sum();
    // idle and iowait
    let idle = fields.get(3).copied().unwrap_or(0) + fields.get(4).copied().unwrap_or(0);
    (all - idle, all)
}

/// The share of all cores busy between two readings.
fn cpu_busy(before: (u64, u64), after: (u64, u64)) -> f64 {
    let all = after.1.saturating_sub(before.1).max(1);
    after.0.saturating_sub(before.0) as f64 / all as f64
}

/// Waits for every wrk at once; one that could not finish fails the run
/// rather than leaving its port out of the sum.
async fn futures_join<F>(runs: Vec<F>) -> anyhow::Result<Vec<F::Output>>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = runs.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await?);
    }
    Ok(out)
}

/// The wrk script of one port: each request, in turn, a board, a signed-in
/// home page or a ballot with the thread's next fresh code.
fn lua(dir: &Path, port: u16, targets: &[i64], cookies: &[String], boards: &[String]) -> String {
    let list = |v: &[String]| {
        v.iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(",")
    };
    let targets: Vec<String> = targets.iter().map(i64::to_string).collect();
    format!(
        r#"
local counter = 1
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
local boards = {{{boards}}}
local cookies = {{{cookies}}}
local targets = {{{targets}}}
local bodies = {{}}
local next_body = 0
local n = 0
function init(args)
  for code in io.lines("{dir}/codes-{port}-" .. id .. ".txt") do
    local ratings = {{}}
    for _, t in ipairs(targets) do
      ratings[#ratings + 1] = '{{"target":' .. t .. ',"criterion":0,"level":' .. math.random(0, 3) .. '}}'
    end
    bodies[#bodies + 1] = '{{"code":"' .. code .. '","ratings":[' .. table.concat(ratings, ",") .. ']}}'
  end
end
function request()
  n = n + 1
  local k = n % 10
  if k == 0 then
    next_body = next_body + 1
    return wrk.format("POST", "/api/v1/vote", {{["Content-Type"] = "application/json"}}, bodies[next_body] or bodies[#bodies])
  elseif k <= 3 then
    return wrk.format("GET", "/", {{["Cookie"] = cookies[math.random(#cookies)]}})
  else
    return wrk.format("GET", boards[math.random(#boards)])
  end
end
"#,
        boards = list(boards),
        cookies = list(cookies),
        targets = targets.join(","),
        dir = dir.display(),
    )
}
