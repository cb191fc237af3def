//! Fresh databases for tests: a new SQLite file, or a new database on the
//! PostgreSQL server named by `CX_TEST_POSTGRES` (default: the local server as
//! `postgres`). A missing server fails the test; it never skips.

use crate::{Result, Store, random_hex};
use sqlx::{Connection, Executor};
use std::path::PathBuf;

/// The server tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("CX_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres:postgres@127.0.0.1:5432/postgres".to_string())
}

/// A database that lives for one test.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Database(String),
}

impl TestDb {
    /// A new, migrated SQLite file in the temp directory.
    pub async fn sqlite() -> Result<TestDb> {
        let path = std::env::temp_dir().join(format!("cx-test-{}.sqlite", random_hex(8)?));
        let url = format!("sqlite://{}", path.display());
        Ok(TestDb {
            store: Store::open(&url).await?,
            url,
            cleanup: Cleanup::File(path),
        })
    }

    /// A new, migrated database on the test PostgreSQL server.
    pub async fn postgres() -> Result<TestDb> {
        sqlx::any::install_default_drivers();
        let admin = postgres_admin_url();
        let name = format!("cx_test_{}", random_hex(8)?);
        let mut conn = sqlx::AnyConnection::connect(&admin).await?;
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await?;
        conn.close().await?;
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        Ok(TestDb {
            store: Store::open(&url).await?,
            url,
            cleanup: Cleanup::Database(name),
        })
    }

    /// Closes the pool and removes the database.
    pub async fn drop_db(self) {
        self.store.pool.close().await;
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Database(name) => {
                if let Ok(mut conn) = sqlx::AnyConnection::connect(&postgres_admin_url()).await {
                    let _ = conn
                        .execute(sqlx::AssertSqlSafe(format!(
                            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                        )))
                        .await;
                }
            }
        }
    }
}

/// Moves a selection's 公示 to the given days, as if they had passed: tests of
/// what may happen only after a 公示 has run its working days.
pub async fn move_publicity(
    store: &Store,
    selection_id: i64,
    opens_on: domain::date::Day,
    ends_on: domain::date::Day,
) -> Result<()> {
    sqlx::query(
        "UPDATE selections SET publicity_opens_on = $2, publicity_ends_on = $3 WHERE id = $1",
    )
    .bind(selection_id)
    .bind(opens_on.to_string())
    .bind(ends_on.to_string())
    .execute(&store.pool)
    .await?;
    Ok(())
}
