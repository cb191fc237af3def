//! `chuangxian plan check|import`.

use crate::admin::find_org;
use crate::output::msg;
use anyhow::Context;
use clap::Subcommand;
use domain::plan::{Plan, PlanError, parse_plan};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use store::Store;

#[derive(Subcommand)]
pub enum PlanCommand {
    /// Check a plan file; report every error with its line and column.
    Check { file: PathBuf },
    /// Load a plan file as the newest version of an organisation's plan.
    Import {
        file: PathBuf,
        /// The organisation, by id or exact name.
        #[arg(long)]
        org: String,
        /// Move every date by this many whole years.
        #[arg(long, conflicts_with = "shift_to_today")]
        shift_years: Option<i32>,
        /// Move every date by the whole years that put today in the first phase.
        #[arg(long)]
        shift_to_today: bool,
        #[command(flatten)]
        db: crate::DbArg,
    },
}

pub async fn run(c: PlanCommand, utc_offset: time::UtcOffset) -> anyhow::Result<ExitCode> {
    match c {
        PlanCommand::Check { file } => {
            let Some((_, plan)) = read(&file)? else {
                return Ok(ExitCode::FAILURE);
            };
            println!(
                "{}",
                msg(
                    "cli-plan-ok",
                    &[("code", plan.header.code), ("title", plan.header.title)]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        PlanCommand::Import {
            file,
            org,
            shift_years,
            shift_to_today,
            db,
        } => {
            let Some((source, plan)) = read(&file)? else {
                return Ok(ExitCode::FAILURE);
            };
            let years = match (shift_years, shift_to_today) {
                (Some(y), _) => y,
                (None, true) => {
                    let today = web::http::clock::today(utc_offset);
                    let Some((years, phase)) = plan.shift_to_reach(today) else {
                        eprintln!(
                            "{}",
                            msg("cli-plan-shift-none", &[("today", today.to_string())])
                        );
                        return Ok(ExitCode::FAILURE);
                    };
                    println!(
                        "{}",
                        msg(
                            "cli-plan-shifted",
                            &[
                                ("years", years.to_string()),
                                ("phase", plan.phases[phase].name.clone()),
                                ("today", today.to_string()),
                            ]
                        )
                    );
                    years
                }
                (None, false) => 0,
            };
            let store = Store::open(&db.db).await?;
            let org = find_org(&store, &org).await?;
            let version = store
                .import_plan("cli", &org, &source, &plan.shifted_by_years(years), years)
                .await?;
            // Study standings follow the new plan's quotas from now on.
            web::study::rules::restand_all(&store, &org, utc_offset)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            println!(
                "{}",
                msg(
                    "cli-plan-imported",
                    &[
                        ("org", org.name),
                        ("version", version.to_string()),
                        ("years", years.to_string())
                    ]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Reads and checks a plan file; prints its errors and returns `None` if any.
pub fn read(file: &Path) -> anyhow::Result<Option<(String, Plan)>> {
    let source = std::fs::read_to_string(file).with_context(|| file.display().to_string())?;
    match parse_plan(&source) {
        Ok(plan) => Ok(Some((source, plan))),
        Err(errors) => {
            for e in &errors {
                eprintln!("{}", describe(file, e));
            }
            Ok(None)
        }
    }
}

fn describe(file: &Path, e: &PlanError) -> String {
    let message = crate::output::i18n().args(
        crate::output::locale(),
        e.problem.message_id(),
        &e.problem.args(),
    );
    msg(
        "cli-plan-error",
        &[
            ("file", file.display().to_string()),
            ("line", e.line.to_string()),
            ("column", e.column.to_string()),
            ("message", message),
        ],
    )
}
