//! Administrative commands: migrate, audit verify, organisations, accounts,
//! backup and restore.

use crate::output::msg;
use anyhow::{Context, bail};
use clap::Subcommand;
use domain::access::Role;
use domain::audit::ChainBreak;
use domain::organisation::OrgKind;
use domain::person::PersonDraft;
use std::path::Path;
use std::process::ExitCode;
use store::Store;
use store::organisation::Organisation;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain; name the first entry that was edited, deleted or moved.
    Verify {
        #[command(flatten)]
        db: crate::DbArg,
    },
}

#[derive(Subcommand)]
pub enum OrgCommand {
    /// Add an organisation to the tree.
    Add {
        #[arg(long)]
        name: String,
        /// committee, working_committee, leading_group, branch or party_group.
        #[arg(long)]
        kind: String,
        /// The parent, by id or exact name; none makes a root.
        #[arg(long)]
        parent: Option<String>,
        #[command(flatten)]
        db: crate::DbArg,
    },
}

#[derive(Subcommand)]
pub enum AccountCommand {
    /// Add a person with an account and a role over an organisation's subtree.
    Add {
        #[arg(long)]
        username: String,
        /// The person's name.
        #[arg(long)]
        name: String,
        /// campaign_office, leader, secretary, deputy or member.
        #[arg(long)]
        role: String,
        #[arg(long)]
        org: String,
        /// The password (read from CHUANGXIAN_PASSWORD when not given).
        #[arg(long, env = "CHUANGXIAN_PASSWORD", hide_env_values = true)]
        password: String,
        #[command(flatten)]
        db: crate::DbArg,
    },
}

/// An organisation by id or by exact name.
pub async fn find_org(store: &Store, which: &str) -> anyhow::Result<Organisation> {
    if let Ok(id) = which.parse::<i64>()
        && let Ok(o) = store.organisation(id).await
    {
        return Ok(o);
    }
    for root in store.root_organisations().await? {
        if let Some(o) = store.organisation_named(&root.path, which).await? {
            return Ok(o);
        }
    }
    bail!(msg("cli-org-not-found", &[("org", which.to_string())]))
}

pub async fn migrate(db: &str) -> anyhow::Result<ExitCode> {
    let store = Store::connect(db).await?;
    let n = store.migrate().await?;
    println!("{}", msg("cli-migrated", &[("count", n.to_string())]));
    Ok(ExitCode::SUCCESS)
}

pub async fn audit(c: AuditCommand) -> anyhow::Result<ExitCode> {
    let AuditCommand::Verify { db } = c;
    let store = Store::open(&db.db).await?;
    match store.verify_audit().await? {
        Ok(n) => {
            println!("{}", msg("cli-audit-ok", &[("count", n.to_string())]));
            Ok(ExitCode::SUCCESS)
        }
        Err(ChainBreak::Altered { seq }) => {
            eprintln!("{}", msg("cli-audit-altered", &[("seq", seq.to_string())]));
            Ok(ExitCode::FAILURE)
        }
        Err(ChainBreak::Gap { seq, expected }) => {
            eprintln!(
                "{}",
                msg(
                    "cli-audit-gap",
                    &[("seq", seq.to_string()), ("expected", expected.to_string())]
                )
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

pub async fn org(c: OrgCommand) -> anyhow::Result<ExitCode> {
    let OrgCommand::Add {
        name,
        kind,
        parent,
        db,
    } = c;
    let kind = OrgKind::parse(&kind).with_context(|| format!("kind: {kind}"))?;
    let store = Store::open(&db.db).await?;
    let parent = match parent {
        Some(p) => Some(find_org(&store, &p).await?),
        None => None,
    };
    let o = store
        .create_organisation("cli", parent.as_ref(), kind, &name)
        .await?;
    println!("{} {}", o.id, o.name);
    Ok(ExitCode::SUCCESS)
}

pub async fn account(c: AccountCommand) -> anyhow::Result<ExitCode> {
    let AccountCommand::Add {
        username,
        name,
        role,
        org,
        password,
        db,
    } = c;
    let role = Role::parse(&role).with_context(|| format!("role: {role}"))?;
    let username = domain::person::check_username(&username)
        .ok()
        .flatten()
        .with_context(|| msg("field-bad-username", &[]))?;
    let store = Store::open(&db.db).await?;
    let org = find_org(&store, &org).await?;
    let hash = store::account::hash_password(&password)?;
    let mut tx = store.begin().await?;
    let person = PersonDraft {
        name,
        ..Default::default()
    };
    let pid = store::person::insert(&mut tx, org.id, None, &person, false).await?;
    let aid = store::account::insert(&mut tx, pid, &username, Some(&hash))
        .await
        .map_err(|e| e.on_unique("username"))?;
    store::account::grant(&mut tx, aid, role, org.id).await?;
    store::audit::record(
        &mut tx,
        store::audit::Change {
            actor: "cli",
            action: "create",
            entity: "account",
            entity_id: aid.to_string(),
            summary: format!("{username} as {} of {}", role.as_str(), org.name),
        },
    )
    .await?;
    tx.commit().await?;
    println!("{aid} {username}");
    Ok(ExitCode::SUCCESS)
}

pub async fn backup(db: &str, file: &Path) -> anyhow::Result<ExitCode> {
    let store = Store::open(db).await?;
    store.backup(db, file).await?;
    println!(
        "{}",
        msg("cli-backup-done", &[("file", file.display().to_string())])
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(db: &str, file: &Path) -> anyhow::Result<ExitCode> {
    match store::backup::restore(db, file).await {
        Err(store::StoreError::InUse(servers)) => {
            eprintln!("{}", msg("cli-restore-in-use", &[("servers", servers)]));
            return Ok(ExitCode::FAILURE);
        }
        other => other?,
    }
    println!(
        "{}",
        msg("cli-restore-done", &[("file", file.display().to_string())])
    );
    Ok(ExitCode::SUCCESS)
}
