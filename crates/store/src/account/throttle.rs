//! Login throttling per account and per address. After a few failures each further
//! one locks the key for longer, doubling up to a ceiling; a success clears the
//! account's count. An address (an office's shared one) gets more free tries and
//! starts with locks of seconds, so one person's typos slow their colleagues
//! before they lock them out. The owner is slowed, never locked out for good.

use crate::{Result, Store, now_text, time_text};
use sqlx::Row;
use time::{Duration, OffsetDateTime};

/// Failures allowed on one account before locking starts.
pub const FREE_FAILURES: i64 = 5;
/// Failures allowed from one address before it is slowed.
pub const FREE_ADDRESS_FAILURES: i64 = 20;
/// The longest lock.
pub const MAX_LOCK: Duration = Duration::minutes(15);

/// What a throttle counts failures against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginKey {
    Account(String),
    Address(String),
}

impl LoginKey {
    fn key(&self) -> String {
        match self {
            LoginKey::Account(name) => format!("user:{name}"),
            LoginKey::Address(ip) => format!("ip:{ip}"),
        }
    }

    /// How long the next lock lasts after `failures` failures in a row.
    pub fn lock_for(&self, failures: i64) -> Option<Duration> {
        let (free, first) = match self {
            LoginKey::Account(_) => (FREE_FAILURES, Duration::seconds(30)),
            LoginKey::Address(_) => (FREE_ADDRESS_FAILURES, Duration::seconds(2)),
        };
        if failures < free {
            return None;
        }
        let step = (failures - free).min(10) as u32;
        Some((first * 2_i32.pow(step)).min(MAX_LOCK))
    }
}

impl Store {
    /// When any of `keys` is locked, the time it opens again.
    pub async fn locked_until(&self, keys: &[LoginKey]) -> Result<Option<String>> {
        let now = now_text();
        let mut latest: Option<String> = None;
        for key in keys {
            let row = sqlx::query("SELECT locked_until FROM login_throttle WHERE key = $1")
                .bind(key.key())
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
    pub async fn record_login_failure(&self, keys: &[LoginKey]) -> Result<()> {
        let now = OffsetDateTime::now_utc();
        for key in keys {
            let mut tx = self.begin().await?;
            let failures: i64 = sqlx::query_scalar(
                "INSERT INTO login_throttle (key, failures, updated_at) VALUES ($1, 1, $2)
                 ON CONFLICT (key) DO UPDATE SET failures = login_throttle.failures + 1,
                     updated_at = $2
                 RETURNING failures",
            )
            .bind(key.key())
            .bind(time_text(now))
            .fetch_one(&mut *tx)
            .await?;
            if let Some(d) = key.lock_for(failures) {
                sqlx::query("UPDATE login_throttle SET locked_until = $1 WHERE key = $2")
                    .bind(time_text(now + d))
                    .bind(key.key())
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }

    /// A successful sign-in clears its account's count, never its address's:
    /// else one's own sign-in between guesses would keep an address unlocked.
    pub async fn clear_login_failures(&self, account: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_throttle WHERE key = $1")
            .bind(LoginKey::Account(account.to_string()).key())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_grow_from_the_sixth_failure_and_stop_at_the_ceiling() {
        let account = LoginKey::Account("wang".into());
        assert_eq!(account.lock_for(4), None);
        assert_eq!(account.lock_for(5), Some(Duration::seconds(30)));
        assert_eq!(account.lock_for(6), Some(Duration::seconds(60)));
        assert_eq!(account.lock_for(40), Some(MAX_LOCK));
    }

    #[test]
    fn an_address_has_more_tries_and_is_slowed_by_seconds_before_it_locks() {
        let address = LoginKey::Address("10.0.0.1".into());
        assert_eq!(address.lock_for(FREE_FAILURES), None);
        assert_eq!(address.lock_for(FREE_ADDRESS_FAILURES - 1), None);
        assert_eq!(
            address.lock_for(FREE_ADDRESS_FAILURES),
            Some(Duration::seconds(2))
        );
        assert_eq!(
            address.lock_for(FREE_ADDRESS_FAILURES + 2),
            Some(Duration::seconds(8))
        );
        assert_eq!(address.lock_for(200), Some(MAX_LOCK));
    }
}
