//! Accounts, passwords (argon2id) and role grants.

pub mod session;
pub mod throttle;

use crate::{Conn, Result, Store, StoreError, audit, now_text};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use domain::access::Role;
use domain::organisation::OrgPath;
use serde::Serialize;
use sqlx::Row;

/// A signed-in person's account, with what they may do where.
#[derive(Clone, Debug, Serialize)]
pub struct Account {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub org_id: i64,
    pub username: String,
    pub locale: Option<String>,
    pub grants: Vec<Grant>,
}

/// A role held over the subtree of an organisation.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Grant {
    pub role: Role,
    pub org_id: i64,
    pub org_name: String,
    pub org_path: OrgPath,
}

impl Account {
    /// The roles this account holds over `path` (granted there or above).
    pub fn roles_at(&self, path: &OrgPath) -> Vec<Role> {
        self.grants
            .iter()
            .filter(|g| path.is_within(&g.org_path))
            .map(|g| g.role)
            .collect()
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }
}

/// Hashes a password with argon2id and a fresh salt. Slow on purpose: call from
/// a blocking thread in a server.
pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::encode_b64(&crate::random_bytes(16)?)
        .map_err(|e| StoreError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Hash(e.to_string()))
}

/// Checks a password against a stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of no one's password, verified against when the username is unknown so
/// that a wrong name takes as long as a wrong password.
static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn dummy_hash() -> &'static str {
    DUMMY_HASH.get_or_init(|| hash_password("no such account").unwrap_or_default())
}

pub async fn insert(
    conn: &mut Conn,
    person_id: i64,
    username: &str,
    password_hash: Option<&str>,
) -> Result<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO accounts (person_id, username, password_hash, created_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(person_id)
    .bind(username)
    .bind(password_hash)
    .bind(now_text())
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn grant(conn: &mut Conn, account_id: i64, role: Role, org_id: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO role_grants (account_id, role, org_id) VALUES ($1, $2, $3)
         ON CONFLICT (account_id, role, org_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(role.as_str())
    .bind(org_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    pub async fn account(&self, id: i64) -> Result<Account> {
        let row = sqlx::query(
            "SELECT a.id, a.person_id, p.name, p.org_id, a.username, a.locale
             FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let grants = sqlx::query(
            "SELECT g.role, g.org_id, o.name, o.path FROM role_grants g
             JOIN organisations o ON o.id = g.org_id WHERE g.account_id = $1 ORDER BY o.path",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(Grant {
                role: Role::parse(&role).ok_or(StoreError::Corrupt(role))?,
                org_id: r.try_get("org_id")?,
                org_name: r.try_get("name")?,
                org_path: OrgPath::from_stored(r.try_get("path")?),
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(Account {
            id: row.try_get("id")?,
            person_id: row.try_get("person_id")?,
            person_name: row.try_get("name")?,
            org_id: row.try_get("org_id")?,
            username: row.try_get("username")?,
            locale: row.try_get("locale")?,
            grants,
        })
    }

    /// The account whose password this is, or `None` — the same answer, after
    /// the same work, for an unknown name and a wrong password.
    pub async fn check_login(&self, username: &str, password: &str) -> Result<Option<i64>> {
        let row = sqlx::query("SELECT id, password_hash FROM accounts WHERE username = $1")
            .bind(username.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await?;
        let (id, hash) = match row {
            Some(r) => (
                Some(r.try_get::<i64, _>("id")?),
                r.try_get::<Option<String>, _>(1)?,
            ),
            None => (None, None),
        };
        let password = password.to_string();
        let ok = tokio::task::spawn_blocking(move || match hash {
            Some(h) => verify_password(&password, &h),
            None => {
                verify_password(&password, dummy_hash());
                false
            }
        })
        .await
        .unwrap_or(false);
        Ok(if ok { id } else { None })
    }

    /// The username of a person's account, if they have one.
    pub async fn account_name_of(&self, person_id: i64) -> Result<Option<String>> {
        let row = sqlx::query("SELECT username FROM accounts WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| r.try_get("username").map_err(Into::into))
            .transpose()
    }

    /// Sets a new password (hashing off the async threads) and records it.
    pub async fn set_password(&self, actor: &str, account_id: i64, password: &str) -> Result<()> {
        let password = password.to_string();
        let hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| StoreError::Hash(e.to_string()))??;
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE accounts SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
        )
        .bind(&hash)
        .bind(now_text())
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        // Every other session of the account ends with the old password, and
        // so does every personal access token made under it.
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE access_tokens SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL",
        )
        .bind(now_text())
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            audit::Change {
                actor,
                action: "set_password",
                entity: "account",
                entity_id: account_id.to_string(),
                summary: "password changed; sessions and access tokens ended".into(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Remembers the interface language of an account.
    pub async fn set_locale(&self, actor: &str, account_id: i64, locale: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE accounts SET locale = $1 WHERE id = $2")
            .bind(locale)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            audit::Change {
                actor,
                action: "set_locale",
                entity: "account",
                entity_id: account_id.to_string(),
                summary: locale.to_string(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// The account of a person, if they have one.
    pub async fn account_of_person(&self, person_id: i64) -> Result<Option<i64>> {
        let row = sqlx::query("SELECT id FROM accounts WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok(r.try_get("id")?)).transpose()
    }

    /// Gives a person an account under `username`, without a password yet.
    pub async fn open_account(&self, actor: &str, person_id: i64, username: &str) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id = insert(&mut tx, person_id, username, None)
            .await
            .map_err(|e| e.on_unique("username"))?;
        audit::record(
            &mut tx,
            audit::Change {
                actor,
                action: "create",
                entity: "account",
                entity_id: id.to_string(),
                summary: username.to_string(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Grants `role` over `org_id`'s subtree, recorded in the audit log.
    pub async fn grant_role(
        &self,
        actor: &str,
        account_id: i64,
        role: Role,
        org_id: i64,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        grant(&mut tx, account_id, role, org_id).await?;
        audit::record(
            &mut tx,
            audit::Change {
                actor,
                action: "grant",
                entity: "account",
                entity_id: account_id.to_string(),
                summary: format!("{} over organisation {org_id}", role.as_str()),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes back a role, recorded in the audit log.
    pub async fn revoke_role(
        &self,
        actor: &str,
        account_id: i64,
        role: Role,
        org_id: i64,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = sqlx::query(
            "DELETE FROM role_grants WHERE account_id = $1 AND role = $2 AND org_id = $3",
        )
        .bind(account_id)
        .bind(role.as_str())
        .bind(org_id)
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
                entity: "account",
                entity_id: account_id.to_string(),
                summary: format!("{} over organisation {org_id}", role.as_str()),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
