//! Login throttling per account and per address. After a few failures each further
//! one locks the key for longer, doubling up to a ceiling; a success clears it. The
//! owner is slowed, never locked out for good.

use crate::{Result, Store, now_text, time_text};
use sqlx::Row;
use time::{Duration, OffsetDateTime};

/// Failures allowed before locking starts.
pub const FREE_FAILURES: i64 = 5;
/// The longest lock.
pub const MAX_LOCK: Duration = Duration::minutes(15);

/// How long the next lock lasts after `failures` failures in a row.
pub fn lock_for(failures: i64) -> Option<Duration> {
    if failures < FREE_FAILURES {
        return None;
    }
    let step = (failures - FREE_FAILURES).min(10) as u32;
    Some((Duration::seconds(30) * 2_i32.pow(step)).min(MAX_LOCK))
}

impl Store {
    /// When any of `keys` is locked, the time it opens again.
    pub async fn locked_until(&self, keys: &[String]) -> Result<Option<String>> {
        let now = now_text();
        let mut latest: Option<String> = None;
        for key in keys {
            let row = sqlx::query("SELECT locked_until FROM login_throttle WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
            if let Some(until) = row
                .map(|r| r.try_get::<Option<String>, _>(0))
                .transpose()?
                .flatten()
                && until > now
                && latest.as_ref().is_none_or(|l| &until > l)
            {
                latest = Some(until);
            }
        }
        Ok(latest)
    }

    /// Counts a failure against each key and locks those past the free tries.
    pub async fn record_login_failure(&self, keys: &[String]) -> Result<()> {
        let now = OffsetDateTime::now_utc();
        for key in keys {
            let mut tx = self.begin().await?;
            let failures: i64 = sqlx::query(
                "INSERT INTO login_throttle (key, failures, updated_at) VALUES ($1, 1, $2)
                 ON CONFLICT (key) DO UPDATE SET failures = login_throttle.failures + 1,
                     updated_at = $2
                 RETURNING failures",
            )
            .bind(key)
            .bind(time_text(now))
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
            if let Some(d) = lock_for(failures) {
                sqlx::query("UPDATE login_throttle SET locked_until = $1 WHERE key = $2")
                    .bind(time_text(now + d))
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }

    pub async fn clear_login_failures(&self, keys: &[String]) -> Result<()> {
        for key in keys {
            sqlx::query("DELETE FROM login_throttle WHERE key = $1")
                .bind(key)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_grow_from_the_sixth_failure_and_stop_at_the_ceiling() {
        assert_eq!(lock_for(4), None);
        assert_eq!(lock_for(5), Some(Duration::seconds(30)));
        assert_eq!(lock_for(6), Some(Duration::seconds(60)));
        assert_eq!(lock_for(40), Some(MAX_LOCK));
    }
}
