//! Opening the database: SQLite with the settings durability needs, set on every
//! connection and checked at start; PostgreSQL by URL.

use crate::plan::ReadPlans;
use crate::{Result, StoreError, migrate};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// The database and its dialect, and the plan versions read from it. Cheap
/// to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pub pool: AnyPool,
    pub dialect: Dialect,
    pub(crate) read_plans: Arc<ReadPlans>,
}

/// Applied to every new SQLite connection. `synchronous=FULL` makes a commit
/// durable before it is acknowledged; WAL lets readers run beside the writer.
/// A 32 MiB page cache and reads through a memory map keep the pages a busy
/// table needs out of read system calls.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
     PRAGMA cache_size = -32768; PRAGMA mmap_size = 1073741824;";

impl Store {
    /// Opens `url` (`sqlite://FILE` or `postgres://…`), creating a SQLite file
    /// that does not exist, and brings the schema up to date.
    pub async fn open(url: &str) -> Result<Store> {
        let store = Store::connect(url).await?;
        migrate::run(&store).await?;
        Ok(store)
    }

    /// Opens without migrating.
    pub async fn connect(url: &str) -> Result<Store> {
        install_default_drivers();
        let (dialect, url) = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Dialect::Postgres, url.to_string())
        } else {
            let path = url.strip_prefix("sqlite://").unwrap_or(url);
            let path = path.split('?').next().unwrap_or(path);
            (Dialect::Sqlite, format!("sqlite://{path}?mode=rwc"))
        };
        let mut options = AnyPoolOptions::new()
            .max_connections(if dialect == Dialect::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(30));
        if dialect == Dialect::Sqlite {
            options = options.after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute(SQLITE_PRAGMAS).await?;
                    Ok(())
                })
            });
        }
        let pool = options.connect(&url).await?;
        let store = Store {
            pool,
            dialect,
            read_plans: Arc::default(),
        };
        if dialect == Dialect::Sqlite {
            store.check_sqlite_settings().await?;
        }
        Ok(store)
    }

    /// Refuses to run on a SQLite connection that silently ignored a setting.
    async fn check_sqlite_settings(&self) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await?;
        let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await?;
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&mut *conn)
            .await?;
        let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
            .fetch_one(&mut *conn)
            .await?;
        if !journal.eq_ignore_ascii_case("wal") || sync != 2 || fk != 1 || busy < 1000 {
            return Err(StoreError::Setting(format!(
                "journal_mode={journal} synchronous={sync} foreign_keys={fk} busy_timeout={busy}"
            )));
        }
        Ok(())
    }

    /// Starts a write transaction. SQLite takes the write lock at once, so two
    /// writers queue on the busy timeout instead of failing half-way.
    pub async fn begin(&self) -> Result<crate::Tx> {
        let statement = match self.dialect {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        };
        Ok(self.pool.begin_with(statement).await?)
    }
}
