//! Spot checks from a shell: list them, export a drawn one's record as JSON,
//! and verify a record from the file alone: the draw is redone and compared,
//! exit 0 when it matches, 1 with each difference when it does not.

use crate::output::msg;
use anyhow::{Context, bail};
use clap::Subcommand;
use domain::supervision::{Difference, DrawRecord, VerifyOutcome, verify};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use store::Store;
use store::supervision::SpotCheckStatus;

/// The largest record `verify` reads: a province's population of ids and
/// names is a few hundred megabytes at most.
const MAX_RECORD: u64 = 512 * 1024 * 1024;

#[derive(Subcommand)]
pub enum SpotCheckCommand {
    /// One spot check per line: id, status, draw day, sample/population, organisation, title.
    List {
        #[command(flatten)]
        db: crate::DbArg,
    },
    /// Print a drawn spot check's record as JSON.
    Export {
        id: i64,
        #[command(flatten)]
        db: crate::DbArg,
    },
    /// Redo the draw from an exported record; exit 0 when it matches, 1 when not.
    Verify { file: PathBuf },
}

pub async fn run(c: SpotCheckCommand) -> anyhow::Result<ExitCode> {
    match c {
        SpotCheckCommand::List { db } => {
            let store = Store::connect(&db.db).await?;
            for c in store.all_spot_checks().await? {
                println!(
                    "{}\t{}\t{}\t{}/{}\t{}\t{}",
                    c.id,
                    c.status.as_str(),
                    c.draw_on,
                    c.sample_size,
                    c.population_count,
                    c.org_name,
                    c.title
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        SpotCheckCommand::Export { id, db } => {
            let store = Store::connect(&db.db).await?;
            let check = store
                .spot_check(id)
                .await
                .with_context(|| msg("cli-spot-check-not-found", &[("id", id.to_string())]))?;
            if check.status != SpotCheckStatus::Drawn {
                bail!(msg("cli-spot-check-not-drawn", &[("id", id.to_string())]));
            }
            let record = store.draw_record(&check).await?;
            println!("{}", serde_json::to_string_pretty(&record)?);
            Ok(ExitCode::SUCCESS)
        }
        SpotCheckCommand::Verify { file } => verify_file(&file),
    }
}

fn verify_file(file: &Path) -> anyhow::Result<ExitCode> {
    let name = file.display().to_string();
    let f = std::fs::File::open(file)
        .with_context(|| msg("cli-spot-check-unreadable", &[("file", name.clone())]))?;
    let mut text = String::new();
    f.take(MAX_RECORD + 1)
        .read_to_string(&mut text)
        .with_context(|| msg("cli-spot-check-unreadable", &[("file", name.clone())]))?;
    if text.len() as u64 > MAX_RECORD {
        bail!(msg("cli-spot-check-too-large", &[("file", name)]));
    }
    let record: DrawRecord = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(msg(
            "cli-spot-check-bad-record",
            &[("file", name.clone()), ("error", e.to_string())]
        ))
    })?;
    match verify(&record) {
        Ok(VerifyOutcome::Matches) => {
            println!(
                "{}",
                msg(
                    "cli-spot-check-matches",
                    &[
                        ("id", record.id.to_string()),
                        ("sample", record.sample.len().to_string()),
                        ("population", record.population.len().to_string()),
                    ]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Ok(VerifyOutcome::Differs(diffs)) => {
            println!(
                "{}",
                msg("cli-spot-check-differs", &[("id", record.id.to_string())])
            );
            for d in diffs {
                println!("  {}", difference(&d));
            }
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            println!(
                "{}",
                msg("cli-spot-check-cannot-draw", &[("error", e.to_string())])
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

/// A difference in the user's language.
fn difference(d: &Difference) -> String {
    let none = || "—".to_string();
    match d {
        Difference::PopulationHash { recorded, computed } => msg(
            "cli-spot-check-diff-population",
            &[
                ("recorded", recorded.clone()),
                ("computed", computed.clone()),
            ],
        ),
        Difference::SeedHash { published } => msg(
            "cli-spot-check-diff-seed",
            &[("published", published.clone())],
        ),
        Difference::NoSeedHash => msg("cli-spot-check-diff-no-hash", &[]),
        Difference::Sample {
            position,
            recorded,
            computed,
        } => msg(
            "cli-spot-check-diff-sample",
            &[
                ("position", position.to_string()),
                ("recorded", recorded.clone().unwrap_or_else(none)),
                ("computed", computed.clone().unwrap_or_else(none)),
            ],
        ),
    }
}
