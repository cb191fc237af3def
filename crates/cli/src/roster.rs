//! `chuangxian import roster` and `chuangxian export roster`.

use crate::admin::find_org;
use crate::output::{i18n, locale, msg};
use anyhow::Context;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::process::ExitCode;
use store::Store;
use web::person::roster::{RosterRejection, check_roster, file_message, reason};

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import a roster (xlsx, xls, ods or csv) into an organisation: all rows or none.
    Roster {
        file: PathBuf,
        /// The organisation, by id or exact name.
        #[arg(long)]
        org: String,
        /// Create the party groups the file names and the branch lacks.
        #[arg(long)]
        create_groups: bool,
        #[command(flatten)]
        db: crate::DbArg,
    },
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Export the roster of an organisation's subtree to xlsx.
    Roster {
        #[arg(long)]
        org: String,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        db: crate::DbArg,
    },
}

pub async fn import(c: ImportCommand, utc_offset: time::UtcOffset) -> anyhow::Result<ExitCode> {
    let ImportCommand::Roster {
        file,
        org,
        create_groups,
        db,
    } = c;
    let bytes = std::fs::read(&file).with_context(|| file.display().to_string())?;
    let store = Store::open(&db.db).await?;
    let org = find_org(&store, &org).await?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let checked = match check_roster(
        &store,
        &org,
        &name,
        &bytes,
        web::http::clock::today(utc_offset),
        create_groups,
    )
    .await
    {
        Ok(c) => c,
        Err(RosterRejection::Store(e)) => return Err(e.into()),
        Err(RosterRejection::File(e)) => {
            let reason = msg(file_message(&e), &[]);
            eprintln!(
                "{}",
                msg(
                    "cli-roster-file-error",
                    &[("file", file.display().to_string()), ("reason", reason)]
                )
            );
            return Ok(ExitCode::FAILURE);
        }
        Err(RosterRejection::Rows(errors)) => {
            for e in &errors {
                let why = reason(i18n(), locale(), e);
                eprintln!(
                    "{}",
                    msg(
                        "cli-roster-error",
                        &[
                            ("row", e.row.to_string()),
                            ("column", e.column.clone()),
                            ("reason", why)
                        ]
                    )
                );
            }
            eprintln!(
                "{}",
                msg("import-error-rows", &[("count", errors.len().to_string())])
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    let bar = ProgressBar::new(checked.rows.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let n = store
        .import_people("cli", &org, &checked.rows, &|i| bar.set_position(i as u64))
        .await?;
    bar.finish_and_clear();
    println!(
        "{}",
        msg(
            "cli-roster-imported",
            &[
                ("org", org.name),
                ("new", n.new.to_string()),
                ("changed", n.changed.to_string()),
                ("unchanged", n.unchanged.to_string())
            ]
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn export(c: ExportCommand) -> anyhow::Result<ExitCode> {
    let ExportCommand::Roster { org, out, db } = c;
    let store = Store::open(&db.db).await?;
    let org = find_org(&store, &org).await?;
    let people = store.all_people(&org.path).await?;
    let title = msg("roster-file-title", &[("org", org.name.clone())]);
    let bytes = web::person::sheet::roster_xlsx(&title, &people)?;
    std::fs::write(&out, bytes).with_context(|| out.display().to_string())?;
    println!(
        "{}",
        msg(
            "cli-roster-exported",
            &[
                ("count", people.len().to_string()),
                ("file", out.display().to_string())
            ]
        )
    );
    Ok(ExitCode::SUCCESS)
}
