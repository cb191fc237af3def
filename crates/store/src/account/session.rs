//! Sessions and personal access tokens. The secret goes to the client once; the
//! database keeps its SHA-256 only.

use crate::{Result, Store, StoreError, audit, now_text, random_hex, time_text};
use domain::secret::digest;
use serde::Serialize;
use sqlx::Row;
use time::{Duration, OffsetDateTime};

/// How long a session lasts.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);

/// A live session: whose, and its CSRF token.
#[derive(Clone, Debug)]
pub struct Session {
    pub account_id: i64,
    pub csrf: String,
}

/// A new session: the secret for the cookie, and the CSRF token for forms.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub secret: String,
    pub csrf: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct AccessToken {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl Store {
    /// Starts a session for `account_id`, ending `previous` if given (the id is
    /// rotated at every login). The sign-in is recorded in the audit log.
    pub async fn create_session(
        &self,
        actor: &str,
        account_id: i64,
        previous: Option<&str>,
    ) -> Result<NewSession> {
        let secret = random_hex(32)?;
        let csrf = random_hex(32)?;
        let now = OffsetDateTime::now_utc();
        let mut tx = self.begin().await?;
        if let Some(old) = previous {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(digest(old))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO sessions (id_hash, account_id, csrf, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(digest(&secret))
        .bind(account_id)
        .bind(&csrf)
        .bind(time_text(now))
        .bind(time_text(now + SESSION_LIFETIME))
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            audit::Change {
                actor,
                action: "sign_in",
                entity: "account",
                entity_id: account_id.to_string(),
                summary: String::new(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(NewSession { secret, csrf })
    }

    /// The live session behind a cookie secret.
    pub async fn session(&self, secret: &str) -> Result<Option<Session>> {
        let row = sqlx::query(
            "SELECT account_id, csrf FROM sessions WHERE id_hash = $1 AND expires_at > $2",
        )
        .bind(digest(secret))
        .bind(now_text())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Session {
                account_id: r.try_get("account_id")?,
                csrf: r.try_get("csrf")?,
            })
        })
        .transpose()
    }

    pub async fn end_session(&self, secret: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(digest(secret))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Creates a personal access token; the secret is returned once.
    pub async fn create_access_token(
        &self,
        account_id: i64,
        actor: &str,
        name: &str,
    ) -> Result<String> {
        let secret = format!("cx_{}", random_hex(32)?);
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO access_tokens (account_id, name, token_hash, created_at)
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(account_id)
        .bind(name)
        .bind(digest(&secret))
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            audit::Change {
                actor,
                action: "create",
                entity: "access_token",
                entity_id: id.to_string(),
                summary: name.to_string(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(secret)
    }

    /// The account an access token stands for, noting its use.
    pub async fn access_token_account(&self, secret: &str) -> Result<Option<i64>> {
        let row = sqlx::query(
            "UPDATE access_tokens SET last_used_at = $1
             WHERE token_hash = $2 AND revoked_at IS NULL RETURNING account_id",
        )
        .bind(now_text())
        .bind(digest(secret))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok(r.try_get("account_id")?)).transpose()
    }

    pub async fn access_tokens(&self, account_id: i64) -> Result<Vec<AccessToken>> {
        let rows = sqlx::query(
            "SELECT id, name, created_at, last_used_at, revoked_at FROM access_tokens
             WHERE account_id = $1 ORDER BY id DESC",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AccessToken {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    created_at: r.try_get("created_at")?,
                    last_used_at: r.try_get("last_used_at")?,
                    revoked_at: r.try_get("revoked_at")?,
                })
            })
            .collect()
    }

    pub async fn revoke_access_token(&self, account_id: i64, actor: &str, id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = sqlx::query(
            "UPDATE access_tokens SET revoked_at = $1
             WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL",
        )
        .bind(now_text())
        .bind(id)
        .bind(account_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        audit::record(
            &mut tx,
            audit::Change {
                actor,
                action: "revoke",
                entity: "access_token",
                entity_id: id.to_string(),
                summary: String::new(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
