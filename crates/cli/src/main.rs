//! `chuangxian`: the one binary. Serves the web application, runs the demo, and does
//! the administrative work a campaign office needs from a shell.

// The command line's output is its interface: printing is what it is for.
#![allow(clippy::print_stdout)]

mod admin;
#[cfg(feature = "bench")]
mod bench;
mod channels;
mod demo;
#[cfg(feature = "bench")]
mod generate;
mod output;
mod plan;
mod roster;
mod serve;
mod spot_check;

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// The database used when none is named: a SQLite file in the working directory.
pub const DEFAULT_DB: &str = "sqlite://chuangxian.sqlite";

#[derive(Parser)]
#[command(name = "chuangxian", version, about = "创先争优 campaign system")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The users' local time, as an offset from UTC: forms, pages and "today" use it.
    #[arg(long, global = true, env = "CHUANGXIAN_UTC_OFFSET", default_value = "+08:00", value_parser = parse_offset)]
    utc_offset: time::UtcOffset,
}

#[derive(clap::Args, Clone)]
struct DbArg {
    /// Database URL: sqlite://FILE or postgres://…
    #[arg(long, env = "CHUANGXIAN_DB", default_value = DEFAULT_DB)]
    db: String,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application and the API.
    Serve {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, env = "CHUANGXIAN_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Set when a TLS proxy serves the site: cookies become Secure.
        #[arg(long, env = "CHUANGXIAN_SECURE_COOKIES")]
        secure_cookies: bool,
        /// A read replica of the PostgreSQL database: the public portals, news
        /// lists and boards read from it.
        #[arg(long, env = "CHUANGXIAN_READ_DB")]
        read_db: Option<String>,
        #[command(flatten)]
        channels: channels::ChannelArgs,
    },
    /// Start a fresh demo: a new SQLite file, the source plan, demo people.
    Demo {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// The demo's database file; replaced if it exists.
        #[arg(long, default_value = "chuangxian-demo.sqlite")]
        file: PathBuf,
        /// Build the demo and exit without serving.
        #[arg(long)]
        no_serve: bool,
        #[command(flatten)]
        channels: channels::ChannelArgs,
    },
    /// Bring the database schema up to date.
    Migrate {
        #[command(flatten)]
        db: DbArg,
    },
    /// Campaign plans.
    #[command(subcommand)]
    Plan(plan::PlanCommand),
    /// Import data.
    #[command(subcommand)]
    Import(roster::ImportCommand),
    /// Export data.
    #[command(subcommand)]
    Export(roster::ExportCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(admin::AuditCommand),
    /// Organisations.
    #[command(subcommand)]
    Org(admin::OrgCommand),
    /// Accounts.
    #[command(subcommand)]
    Account(admin::AccountCommand),
    /// Random spot checks: list, export a record, verify one from its file.
    #[command(subcommand)]
    SpotCheck(spot_check::SpotCheckCommand),
    /// Benchmarks that print their figures (built with `--features bench`).
    #[cfg(feature = "bench")]
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// A synthetic campaign of a branch, a city or a province in an empty database
    /// (built with `--features bench`).
    #[cfg(feature = "bench")]
    Gen(generate::GenCommand),
    /// Write an online, consistent backup of the database to FILE.
    Backup {
        file: PathBuf,
        #[command(flatten)]
        db: DbArg,
    },
    /// Replace the database with the backup in FILE (stop the server first).
    Restore {
        file: PathBuf,
        #[command(flatten)]
        db: DbArg,
    },
}

/// Reads `+08:00`, `-05:30` or `+8`.
fn parse_offset(s: &str) -> Result<time::UtcOffset, String> {
    let (sign, rest) = match s.trim().split_at_checked(1) {
        Some(("+", r)) => (1, r),
        Some(("-", r)) => (-1, r),
        _ => return Err(format!("{s}: expected +HH:MM")),
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let (h, m): (i8, i8) = (
        h.parse().map_err(|_| format!("{s}: expected +HH:MM"))?,
        m.parse().map_err(|_| format!("{s}: expected +HH:MM"))?,
    );
    time::UtcOffset::from_hms(sign * h, sign * m, 0).map_err(|e| format!("{s}: {e}"))
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    serve::init_tracing();
    let cli = Cli::parse();
    let utc_offset = cli.utc_offset;
    let result = match cli.command {
        Command::Serve {
            db,
            addr,
            secure_cookies,
            read_db,
            channels,
        } => {
            let settings = serve::Settings {
                secure_cookies,
                read_db,
                utc_offset,
                channels: channels.config(),
            };
            serve::serve(&db.db, addr, settings).await
        }
        Command::Demo {
            addr,
            file,
            no_serve,
            channels,
        } => demo::run(addr, &file, no_serve, utc_offset, channels.config()).await,
        Command::Migrate { db } => admin::migrate(&db.db).await,
        Command::Plan(c) => plan::run(c, utc_offset).await,
        Command::Import(c) => roster::import(c, utc_offset).await,
        Command::Export(c) => roster::export(c).await,
        Command::Audit(c) => admin::audit(c).await,
        Command::Org(c) => admin::org(c).await,
        Command::Account(c) => admin::account(c).await,
        Command::SpotCheck(c) => spot_check::run(c).await,
        #[cfg(feature = "bench")]
        Command::Bench(c) => bench::run(c).await,
        #[cfg(feature = "bench")]
        Command::Gen(c) => generate::gen_command(c).await,
        Command::Backup { file, db } => admin::backup(&db.db, &file).await,
        Command::Restore { file, db } => admin::restore(&db.db, &file).await,
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
