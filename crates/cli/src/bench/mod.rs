//! `chuangxian bench`: benchmarks that print their figures, each against a
//! baseline measured in the same run, and end with whether the goal is met.
//! Built only with `--features bench`: the loaders stay out of the server.

mod against_nginx;
mod assessment;
mod board;
mod cast;
mod dashboard;
mod import;
mod machine;
mod memory;
mod portal;
mod report;
mod servers;
mod sms;
mod study;
mod tally;

pub use against_nginx::{latency_ms, serve_on_loopback};
use anyhow::Context;
use clap::{Parser, Subcommand};
use report::Figure;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// The public board against nginx serving the same bytes.
    Board(board::BoardBench),
    /// Ballots cast over HTTP against a plain insert loop of the same rows.
    Cast(cast::CastBench),
    /// Counting a province round against a plain GROUP BY on the same file.
    Tally(tally::TallyBench),
    /// The study compliance table and city summary over a year of reading.
    Study(study::StudyBench),
    /// A province's assessment recomputed, against one plain SQL aggregate.
    Assessment(assessment::AssessmentBench),
    /// The supervision dashboard of a city or a province, against one plain SQL aggregate.
    Dashboard(dashboard::DashboardBench),
    /// The server's resident memory, idle and under load on the public pages.
    Memory(memory::MemoryBench),
    /// An organisation's portal and news page with 1,000 published pieces, against nginx.
    Portal(portal::PortalBench),
    /// A province-wide SMS reminder drained through a loopback gateway, with a kill -9 half-way.
    Sms(sms::SmsBench),
    /// A 100,000-row xlsx roster imported, against calamine and batched inserts.
    Import(import::ImportBench),
    /// One, two and three serve processes on one PostgreSQL under a mixed load.
    Servers(servers::ServersBench),
    /// Every workload above, one table of them all, written to docs/performance.md.
    All(AllBench),
}

#[derive(clap::Args)]
pub struct AllBench {
    /// Where the table and the machine's facts are written; what follows the
    /// notes line in it is kept.
    #[arg(long, default_value = "docs/performance.md")]
    out: PathBuf,
}

/// Every workload `bench all` runs, in order, as its command line.
const WORKLOADS: &[&[&str]] = &[
    &["board"],
    &["portal"],
    &["memory"],
    &["cast", "--on", "sqlite"],
    &["cast", "--on", "postgres"],
    &["tally", "--on", "sqlite"],
    &["tally", "--on", "postgres"],
    &["import"],
    &["study", "--on", "sqlite"],
    &["study", "--on", "postgres"],
    &["dashboard", "--on", "sqlite", "--scale", "city"],
    &["dashboard", "--on", "postgres", "--scale", "city"],
    &["dashboard", "--on", "postgres", "--scale", "province"],
    &["assessment"],
    &["servers"],
    &["sms"],
];

/// One workload's command line, read as `chuangxian bench` reads it.
#[derive(Parser)]
struct Workload {
    #[command(subcommand)]
    bench: BenchCommand,
}

/// The database a workload runs on.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum On {
    /// A temporary SQLite file.
    Sqlite,
    /// A temporary database on the PostgreSQL server in CX_TEST_POSTGRES.
    Postgres,
}

impl On {
    /// A fresh, migrated database of this kind, dropped by `TestDb::drop_db`.
    pub async fn fresh(self) -> anyhow::Result<store::testing::TestDb> {
        Ok(match self {
            On::Sqlite => store::testing::TestDb::sqlite().await?,
            On::Postgres => store::testing::TestDb::postgres()
                .await
                .context("PostgreSQL at CX_TEST_POSTGRES")?,
        })
    }

    /// The engine's name as the table says it.
    pub fn name(self) -> &'static str {
        match self {
            On::Sqlite => "SQLite",
            On::Postgres => "PostgreSQL",
        }
    }
}

/// The median of a benchmark's timed runs.
pub(super) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub async fn run(c: BenchCommand) -> anyhow::Result<ExitCode> {
    let figures = match c {
        BenchCommand::All(a) => all(&a).await?,
        one => workload(one).await?,
    };
    print!("{}", report::text(&figures));
    Ok(if report::all_met(&figures) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

async fn workload(c: BenchCommand) -> anyhow::Result<Vec<Figure>> {
    match c {
        BenchCommand::Board(b) => board::board(b).await,
        BenchCommand::Cast(b) => cast::cast(b).await,
        BenchCommand::Tally(b) => tally::tally(b).await,
        BenchCommand::Study(b) => study::study(b).await,
        BenchCommand::Assessment(b) => assessment::assessment(b).await,
        BenchCommand::Dashboard(b) => dashboard::dashboard(b).await,
        BenchCommand::Memory(b) => memory::memory(b).await,
        BenchCommand::Portal(b) => portal::portal(b).await,
        BenchCommand::Sms(b) => sms::sms(b).await,
        BenchCommand::Servers(b) => servers::servers(b).await,
        BenchCommand::Import(b) => import::import(b).await,
        BenchCommand::All(_) => anyhow::bail!("`all` runs the workloads; it is not one"),
    }
}

/// Runs every workload, each printing as it goes; one that fails stands in
/// the table as failed, and the rest still run.
async fn all(a: &AllBench) -> anyhow::Result<Vec<Figure>> {
    let mut figures = Vec::new();
    for args in WORKLOADS {
        let line = args.join(" ");
        println!("\n== chuangxian bench {line}");
        let parsed =
            Workload::try_parse_from(std::iter::once("bench").chain(args.iter().copied()))?;
        match workload(parsed.bench).await {
            Ok(mut f) => {
                print!("{}", report::text(&f));
                figures.append(&mut f);
            }
            Err(e) => {
                println!("failed: {e:#}");
                figures.push(Figure::failed(line, &e));
            }
        }
    }
    let facts = machine::facts().await;
    machine::write_report(&a.out, &facts, &figures)?;
    println!("\nwritten to {}", a.out.display());
    Ok(figures)
}
