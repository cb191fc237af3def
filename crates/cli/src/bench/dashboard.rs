//! `chuangxian bench dashboard`: the campaign office's supervision dashboard
//! over a city (1,000 branches, 50,000 members) on SQLite or PostgreSQL, or a
//! province (50,000 branches, 3,000,000 members) on PostgreSQL, with a phase
//! of records for every indicator: commitments with their progress, a review
//! of each branch, a province round's results, study standings, meetings,
//! members' tasks (some done, some overdue), activities and rectification
//! items. Times the dashboard exactly as its page reads it (the day's first
//! read, which computes and keeps every line; the reads after it; a read
//! after writes to 8 branches, once their lines are recounted as a server
//! does behind each write, and once before that) against one
//! plain SQL aggregate of the same records in the same run, checks that both
//! count the same, and times the progress circulars of every organisation.

use super::load::{Lcg, closed_round, median, reviewer, round_draft, standings};
use anyhow::Context;
use domain::date::Day;
use domain::evaluation::RoundKind;
use domain::plan::parse_plan;
use domain::study::Span;
use std::collections::HashMap;
use std::time::Instant;
use store::evaluation::NewTarget;
use store::testing::TestDb;
use web::http::state::{AppState, Config};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    City,
    Province,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum On {
    Postgres,
    Sqlite,
}

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

/// The goal every scale must meet on PostgreSQL, and a city on SQLite.
const GOAL_MS: f64 = 200.0;
const CIRCULARS_GOAL_S: f64 = 60.0;

pub async fn dashboard(b: DashboardBench) -> anyhow::Result<std::process::ExitCode> {
    let db = match b.on {
        On::Postgres => TestDb::postgres()
            .await
            .context("PostgreSQL at CX_TEST_POSTGRES")?,
        On::Sqlite => TestDb::sqlite().await?,
    };
    let result = run(&b, &db).await;
    if b.keep {
        println!("the database is kept: {}", db.url);
    } else {
        db.drop_db().await;
    }
    result
}

async fn run(b: &DashboardBench, db: &TestDb) -> anyhow::Result<std::process::ExitCode> {
    let store = &db.store;
    let today = web::http::clock::today(web::CHINA_STANDARD_TIME);
    let source = web::demo::SOURCE_PLAN;
    let plan = parse_plan(source).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let shift = plan
        .years_to_reach(today)
        .context("no shift reaches today")?;
    let plan = plan.shifted_by_years(shift);
    let phase = plan.phases[0].clone();
    let (cities, counties, branches, per_branch) = match b.scale {
        Scale::City => (1, 10, 1_000, 50),
        Scale::Province => (10, 10, 50_000, 60),
    };
    let on = if b.on == On::Postgres {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "dashboard: {branches} branches × {per_branch} members on {on}, a phase of records for every indicator"
    );

    let loading = Instant::now();
    let (root, branches) = store.bench_province(cities, counties, branches).await?;
    store
        .import_plan("bench", &root, source, &plan, shift)
        .await?;
    let added = phase.starts_on;
    let people = store
        .bench_people(&branches, per_branch, &format!("{added}T00:00:00Z"))
        .await?;
    let mut rng = Lcg(20_110_701);
    let mut commitments = Vec::with_capacity(people.len());
    for &(person, org) in &people {
        let w = 3 + rng.next(10) as i64;
        commitments.push((org, Some(person), w, w * rng.next(101) as i64));
    }
    store.bench_commitments(&phase.key, &commitments).await?;
    let (reviewer, reviewer_account) = reviewer(store, &root).await?;
    let reviews: Vec<(i64, Option<i64>, &str, i64)> =
        branches.iter().map(|br| (br.id, None, "好", 100)).collect();
    store.bench_reviews(reviewer_account, &reviews).await?;
    let draft = round_draft(RoundKind::Branches, &phase.key);
    let targets: Vec<NewTarget> = branches
        .iter()
        .map(|br| NewTarget {
            org_id: Some(br.id),
            person_id: None,
            name: br.name.clone(),
        })
        .collect();
    let round = store
        .create_round("bench", root.id, &draft, &targets)
        .await?;
    closed_round(store, round, &mut rng).await?;
    // Study: every member's standing on every quota, at most what is due.
    let covered = Span::new(phase.starts_on.max(added), phase.ends_on);
    standings(store, &people, &plan.quotas, covered, today, &mut rng).await?;
    // Meetings: a members' assembly each month so far, some missed.
    let mut meetings = Vec::new();
    let mut month = phase.starts_on;
    while month <= today {
        for br in &branches {
            if rng.next(10) < 8 {
                meetings.push((br.id, "members_assembly", format!("{month}T06:30:00Z")));
            }
        }
        month = Day(month.0.replace_day(28).unwrap_or(month.0) + time::Duration::days(5));
        month = Day(month.0.replace_day(1).unwrap_or(month.0));
    }
    store.bench_meetings(&meetings).await?;
    // Tasks: the plan's article for every member, done, open or overdue.
    let programmes: Vec<&str> = plan.programmes.iter().map(|p| p.key.as_str()).collect();
    let mut tasks = Vec::with_capacity(people.len());
    for &(person, org) in &people {
        let due = if rng.next(4) == 0 {
            today.add_days(-10)
        } else {
            today.add_days(20)
        };
        let status = ["done", "todo", "submitted", "doing"][rng.next(4) as usize];
        tasks.push((
            org,
            person,
            programmes[rng.next(programmes.len() as u64) as usize],
            due.to_string(),
            status,
        ));
    }
    store.bench_tasks(&tasks).await?;
    // Activities: ten per branch over the programmes, one recurring.
    let mut activities = Vec::with_capacity(branches.len() * 10);
    for br in &branches {
        for k in 0..10 {
            let status = ["done", "running", "planned", "cancelled"][rng.next(4) as usize];
            let (target, held) = if k == 0 {
                (Some(6), rng.next(8) as i64)
            } else {
                (None, 0)
            };
            activities.push((
                br.id,
                programmes[k % programmes.len()],
                phase.key.as_str(),
                status,
                target,
                held,
            ));
        }
    }
    store.bench_activities(&activities).await?;
    // A rectification item in every branch, one in four overdue.
    let firsts: HashMap<i64, i64> = people.iter().rev().map(|&(p, o)| (o, p)).collect();
    let rectifications: Vec<(i64, i64, String, &str)> = branches
        .iter()
        .map(|br| {
            let due = if rng.next(4) == 0 {
                today.add_days(-3)
            } else {
                today.add_days(30)
            };
            (br.id, firsts[&br.id], due.to_string(), "open")
        })
        .collect();
    store.bench_rectifications(&rectifications).await?;
    store.bench_analyze().await?;
    println!(
        "loaded {} people, {} commitments, {} meetings, {} tasks, {} activities in {:.1} s",
        people.len(),
        commitments.len(),
        meetings.len(),
        tasks.len(),
        activities.len(),
        loading.elapsed().as_secs_f64()
    );

    let state = AppState::new(store.clone(), Config::default());
    // The day's first read computes every line from the records and keeps
    // it; the clock does this after midnight, before anyone reads.
    let t = Instant::now();
    let board = web::supervision::dashboard::dashboard(&state, &root).await?;
    let first_s = t.elapsed().as_secs_f64();
    anyhow::ensure!(board.lines.len() == branches.len(), "lines kept");
    let (mut ours, mut plain) = (vec![], vec![]);
    for _ in 0..b.runs {
        let t = Instant::now();
        let board = web::supervision::dashboard::dashboard(&state, &root).await?;
        ours.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let lines = store.plain_dashboard(&root, &phase.key).await?;
        plain.push(t.elapsed().as_secs_f64() * 1000.0);
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
    let board = web::supervision::dashboard::dashboard(&state, &root).await?;
    let written_ms = t.elapsed().as_secs_f64() * 1000.0;
    same_counts(
        &board,
        &store.plain_dashboard(&root, &phase.key).await?,
        branches.len(),
    )?;
    store.bench_rectifications(&write(&mut rng)).await?;
    let t = Instant::now();
    let board = web::supervision::dashboard::dashboard(&state, &root).await?;
    let racing_ms = t.elapsed().as_secs_f64() * 1000.0;
    anyhow::ensure!(board.pending == 0, "every marked line recomputed");
    same_counts(
        &board,
        &store.plain_dashboard(&root, &phase.key).await?,
        branches.len(),
    )?;
    let (o, p) = (median(ours), median(plain));
    println!("the day's first read, every line computed and kept: {first_s:.1} s");
    println!(
        "the dashboard of {} branches: {o:.0} ms; one plain SQL aggregate: {p:.0} ms; ratio {:.3}",
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
        .filter(|o| o.kind == domain::organisation::OrgKind::Committee && o.id != reviewer.id)
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
    let ok = o < GOAL_MS && written_ms < GOAL_MS && circulars_s < CIRCULARS_GOAL_S;
    println!(
        "goal: the dashboard under {GOAL_MS:.0} ms, after writes too, and every circular under {CIRCULARS_GOAL_S:.0} s: {}",
        if ok { "met" } else { "NOT met" }
    );
    Ok(if ok {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    })
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
