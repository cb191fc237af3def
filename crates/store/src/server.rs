//! The servers running on a database. Each says it is alive every
//! [`HEARTBEAT`] and goes when it stops; a restore refuses while any was seen
//! within [`IN_USE`], since replacing the data under a running server loses what
//! it writes and confuses what it reads.

use crate::{Result, Store, now_text, time_text};
use sqlx::Row;
use time::{Duration, OffsetDateTime};

/// How often a running server says it is alive.
pub const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(5);
/// How recently a server must have been seen to count as running.
pub const IN_USE: Duration = Duration::seconds(20);

impl Store {
    /// Says that the server `name` is running.
    pub async fn server_alive(&self, name: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO servers (name, seen_at) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET seen_at = $2",
        )
        .bind(name)
        .bind(now_text())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Says that the server `name` has stopped.
    pub async fn server_stopped(&self, name: &str) -> Result<()> {
        sqlx::query("DELETE FROM servers WHERE name = $1")
            .bind(name)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The servers seen within [`IN_USE`].
    pub async fn running_servers(&self) -> Result<Vec<String>> {
        let since = time_text(OffsetDateTime::now_utc() - IN_USE);
        let rows = sqlx::query("SELECT name FROM servers WHERE seen_at > $1 ORDER BY name")
            .bind(since)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| r.try_get("name").map_err(Into::into))
            .collect()
    }
}
