//! Online, consistent backups. SQLite: `VACUUM INTO` writes a snapshot while the
//! server runs. PostgreSQL: `pg_dump` in its custom format, which reads one
//! snapshot. Restore replaces the database with the backup.

use crate::{Dialect, Result, Store, StoreError};
use std::path::Path;

impl Store {
    /// Writes a consistent copy of the database to `file` (which must not exist).
    pub async fn backup(&self, url: &str, file: &Path) -> Result<()> {
        if file.exists() {
            return Err(StoreError::Taken(file.display().to_string()));
        }
        match self.dialect {
            Dialect::Sqlite => {
                sqlx::query("VACUUM INTO $1")
                    .bind(file.display().to_string())
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
            Dialect::Postgres => {
                run(
                    "pg_dump",
                    &[
                        "--format=custom",
                        "--file",
                        &file.display().to_string(),
                        url,
                    ],
                )
                .await
            }
        }
    }
}

/// Replaces the database at `url` with the backup in `file`. Refused while a
/// server runs on it ([`crate::server`]). A SQLite backup is checked for
/// integrity before it replaces anything.
pub async fn restore(url: &str, file: &Path) -> Result<()> {
    let running = running_on(url).await?;
    if !running.is_empty() {
        return Err(StoreError::InUse(running.join(", ")));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return run(
            "pg_restore",
            &[
                "--clean",
                "--if-exists",
                "--no-owner",
                "--dbname",
                url,
                &file.display().to_string(),
            ],
        )
        .await;
    }
    let backup = Store::connect(&format!("sqlite://{}", file.display())).await?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&backup.pool)
        .await?;
    backup.pool.close().await;
    if check != "ok" {
        return Err(StoreError::Corrupt(check));
    }
    let target = url.strip_prefix("sqlite://").unwrap_or(url);
    let target = target.split('?').next().unwrap_or(target);
    for suffix in ["-wal", "-shm"] {
        let side = format!("{target}{suffix}");
        if Path::new(&side).exists() {
            tokio::fs::remove_file(&side).await?;
        }
    }
    tokio::fs::copy(file, target).await?;
    Ok(())
}

/// The servers running on the database at `url`; none where it does not exist
/// yet or predates the servers table.
async fn running_on(url: &str) -> Result<Vec<String>> {
    let sqlite_file = url
        .strip_prefix("sqlite://")
        .map(|f| f.split('?').next().unwrap_or(f));
    if sqlite_file.is_some_and(|f| !Path::new(f).exists()) {
        return Ok(Vec::new());
    }
    let store = Store::connect(url).await?;
    let running = store.running_servers().await;
    store.pool.close().await;
    match running {
        Ok(names) => Ok(names),
        Err(StoreError::Db(sqlx::Error::Database(_))) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

async fn run(program: &str, args: &[&str]) -> Result<()> {
    let out = tokio::process::Command::new(program)
        .args(args)
        .output()
        .await?;
    if out.status.success() {
        Ok(())
    } else {
        Err(StoreError::Setting(format!(
            "{program}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}
