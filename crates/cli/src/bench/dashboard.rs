//! `chuangxian bench dashboard`: the campaign office's supervision dashboard
//! over a city (1,000 branches, 50,000 members) on SQLite or PostgreSQL, or a
//! province (50,000 branches, 3,000,000 members) on PostgreSQL, with a phase
//! of records for every indicator: commitments with their progress, a review
//! of each branch, a province round's results, study standings, meetings,
//! members' tasks (some done, some overdue), activities and rectification
//! items. Times the dashboard exactly as its page reads it (the day's first
//! read, which computes and keeps every line; the reads after it, on the
//! server that holds the lines from its last read and on one that holds
//! none; a read after writes to 8 branches, once their lines are recounted
//! as a server does behind each write, and once before that) against one
//! plain SQL aggregate of the same records in the same run, checks that both
//! count the same, and times the progress circulars of every organisation.

use super::report::Figure;
use super::{On, median};
use crate::generate::{Lcg, Scale, generate};
use std::collections::HashMap;
use std::time::Instant;
use store::testing::TestDb;
use web::http::state::{AppState, Config};

#[derive(clap::Args)]
pub struct DashboardBench {
    #[arg(long, value_enum, default_value = "postgres")]
    on: On,
    #[arg(long, value_enum, default_value = "city")]
    scale: Scale,
    /// Timed runs of each; the median is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Leaves the database in place and prints its URL, to look into after.
    #[arg(long)]
    keep: bool,
}

/// The generator's seed; the writes after it draw from the next.
const SEED: u64 = 20_110_701;

/// The goal every scale must meet on PostgreSQL, and a city on SQLite.
const GOAL_MS: f64 = 200.0;
const CIRCULARS_GOAL_S: f64 = 60.0;

pub async fn dashboard(b: DashboardBench) -> anyhow::Result<Vec<Figure>> {
    let db = b.on.fresh().await?;
    let result = run(&b, &db).await;
    if b.keep {
        println!("the database is kept: {}", db.url);
    } else {
        db.drop_db().await;
    }
    result
}

async fn run(b: &DashboardBench, db: &TestDb) -> anyhow::Result<Vec<Figure>> {
    let store = &db.store;
    let shape = b.scale.shape();
    let on = b.on.name();
    println!(
        "dashboard: {} branches × {} members on {on}, a phase of records for every indicator",
        shape.branches, shape.per_branch
    );
    let loading = Instant::now();
    let g = generate(store, &db.url, b.scale, SEED, true).await?;
    let (root, branches, today) = (&g.root, &g.branches, g.today);
    println!(
        "generated {} members and their records in {:.1} s",
        g.people.len(),
        loading.elapsed().as_secs_f64()
    );
    let firsts: HashMap<i64, i64> = g.people.iter().rev().map(|&(p, o)| (o, p)).collect();
    let mut rng = Lcg(SEED + 1);

    let state = AppState::new(store.clone(), Config::default());
    // The day's first read computes every line from the records and keeps
    // it; the clock does this after midnight, before anyone reads.
    let t = Instant::now();
    let board = web::supervision::dashboard::dashboard(&state, root).await?;
    let first_s = t.elapsed().as_secs_f64();
    anyhow::ensure!(board.lines.len() == branches.len(), "lines kept");
    let (mut ours, mut cold, mut plain) = (vec![], vec![], vec![]);
    for _ in 0..b.runs {
        // A server that holds none of the lines yet (just started, or
        // after the tree changed) reads them all from the store.
        let fresh = AppState::new(store.clone(), Config::default());
        let t = Instant::now();
        let first = web::supervision::dashboard::dashboard(&fresh, root).await?;
        cold.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let board = web::supervision::dashboard::dashboard(&state, root).await?;
        ours.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let lines = store.plain_dashboard(root, &g.phase.key).await?;
        plain.push(t.elapsed().as_secs_f64() * 1000.0);
        // One aggregate checks both reads: a province's takes seconds.
        same_counts(&first, &lines, branches.len())?;
        same_counts(&board, &lines, branches.len())?;
    }
    // Writes to as many branches as one read recomputes, an item each: once
    // with the recount a server starts behind each write's request, then
    // with a read that comes before it (and recounts them itself).
    let budget = web::supervision::line::READ_BUDGET;
    let write = |rng: &mut Lcg| -> Vec<(i64, i64, String, &str)> {
        (0..budget)
            .map(|_| {
                let br = &branches[rng.next(branches.len() as u64) as usize];
                (
                    br.id,
                    firsts[&br.id],
                    today.add_days(-1).to_string(),
                    "open",
                )
            })
            .collect()
    };
    store.bench_rectifications(&write(&mut rng)).await?;
    let t = Instant::now();
    web::supervision::line::refresh_in_use(&state).await?;
    let recount_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let board = web::supervision::dashboard::dashboard(&state, root).await?;
    let written_ms = t.elapsed().as_secs_f64() * 1000.0;
    same_counts(
        &board,
        &store.plain_dashboard(root, &g.phase.key).await?,
        branches.len(),
    )?;
    store.bench_rectifications(&write(&mut rng)).await?;
    let t = Instant::now();
    let board = web::supervision::dashboard::dashboard(&state, root).await?;
    let racing_ms = t.elapsed().as_secs_f64() * 1000.0;
    anyhow::ensure!(board.pending == 0, "every marked line recomputed");
    same_counts(
        &board,
        &store.plain_dashboard(root, &g.phase.key).await?,
        branches.len(),
    )?;
    let (o, c, p) = (median(ours), median(cold), median(plain));
    println!("the day's first read, every line computed and kept: {first_s:.1} s");
    println!(
        "the dashboard of {} branches: {o:.0} ms ({c:.0} ms on a server holding none of its lines); \
         one plain SQL aggregate: {p:.0} ms; ratio {:.3}",
        branches.len(),
        o / p
    );
    println!(
        "after writes to {budget} branches: their recount behind the writes {recount_ms:.0} ms, \
         then the dashboard {written_ms:.0} ms; a read before the recount {racing_ms:.0} ms"
    );
    // Every organisation's circular: the root, the cities and the counties.
    let orgs: Vec<_> = store
        .subtree(&root.path)
        .await?
        .into_iter()
        .filter(|o| o.kind == domain::organisation::OrgKind::Committee && o.id != g.reviewer.0.id)
        .collect();
    let t = web::http::i18n::Tr {
        i18n: &state.i18n,
        locale: web::http::i18n::Locale::ZhCn,
    };
    let period = web::supervision::circular::previous(domain::plan::Period::Month, today);
    let started = Instant::now();
    for org in &orgs {
        web::supervision::circular::draft(&state, &t, "bench", org, period).await?;
    }
    let circulars_s = started.elapsed().as_secs_f64();
    println!(
        "the circulars of all {} organisations: {circulars_s:.1} s",
        orgs.len()
    );
    let scale = format!("{} branches, {on}", branches.len());
    Ok(vec![
        Figure::new(format!("dashboard, {scale}"), format!("{o:.0} ms"))
            .against(format!("plain SQL aggregate {p:.0} ms"), o / p)
            .goal(format!("< {GOAL_MS:.0} ms"), o < GOAL_MS),
        Figure::new(
            format!("dashboard on a server holding none of its lines, {scale}"),
            format!("{c:.0} ms"),
        )
        .against(format!("plain SQL aggregate {p:.0} ms"), c / p)
        .goal(format!("< {GOAL_MS:.0} ms"), c < GOAL_MS),
        Figure::new(
            format!("dashboard after writes to {budget} branches, {scale}"),
            format!("{written_ms:.0} ms"),
        )
        .goal(format!("< {GOAL_MS:.0} ms"), written_ms < GOAL_MS),
        Figure::new(
            format!("circulars of all {} organisations, {scale}", orgs.len()),
            format!("{circulars_s:.1} s"),
        )
        .goal(
            format!("< {CIRCULARS_GOAL_S:.0} s"),
            circulars_s < CIRCULARS_GOAL_S,
        ),
    ])
}

/// The dashboard and the plain aggregate count the same members and open
/// rectification items for every branch.
fn same_counts(
    board: &web::supervision::dashboard::Dashboard,
    lines: &[store::supervision::bench::PlainLine],
    branches: usize,
) -> anyhow::Result<()> {
    anyhow::ensure!(
        board.lines.len() == branches && lines.len() == branches,
        "{} and {} lines",
        board.lines.len(),
        lines.len()
    );
    let theirs: HashMap<i64, &store::supervision::bench::PlainLine> =
        lines.iter().map(|l| (l.org_id, l)).collect();
    for l in &board.lines {
        let p = theirs[&l.org_id];
        anyhow::ensure!(l.members == p.members, "members of {}", l.org_id);
        anyhow::ensure!(
            l.rectifications_open == p.rectifications_open,
            "rectifications of {}",
            l.org_id
        );
    }
    Ok(())
}
