//! `chuangxian bench`: benchmarks that print their figures, each against a
//! baseline measured in the same run, and end with whether the goal is met.
//! Built only with `--features bench`: the loaders stay out of the server.

mod against_nginx;
mod assessment;
mod board;
mod cast;
mod dashboard;
mod load;
mod memory;
mod portal;
mod sms;
mod study;
mod tally;

pub use against_nginx::{latency_ms, serve_on_loopback};
use clap::Subcommand;
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
}

pub async fn run(c: BenchCommand) -> anyhow::Result<ExitCode> {
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
    }
}
