//! Appending to the audit chain inside the caller's transaction, listing it, and
//! verifying it end to end.

use crate::{Conn, Result, Store, StoreError, now_text};
use domain::audit::{AuditFields, ChainBreak, entry_hash, verify_chain};
use serde::Serialize;
use sqlx::Row;

/// A change to record: who did what to which entity.
#[derive(Clone, Debug)]
pub struct Change<'a> {
    /// The username, or `system` / `cli` for work nobody signed in for.
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub summary: String,
}

/// A change to the entity `entity` number `id`.
pub fn change<'a>(
    actor: &'a str,
    action: &'a str,
    entity: &'a str,
    id: i64,
    summary: String,
) -> Change<'a> {
    Change {
        actor,
        action,
        entity,
        entity_id: id.to_string(),
        summary,
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub summary: String,
    pub hash: String,
}

/// Appends `change` to the chain. Call inside the transaction that makes the
/// change, so both commit or neither does.
pub async fn record(conn: &mut Conn, change: Change<'_>) -> Result<i64> {
    // Taking the head row first serialises concurrent writers on PostgreSQL.
    let head = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut *conn)
        .await?;
    let seq: i64 = head.try_get("seq")?;
    let prev: String = head.try_get("hash")?;
    let at = now_text();
    let hash = entry_hash(
        &prev,
        &AuditFields {
            seq,
            at: &at,
            actor: change.actor,
            action: change.action,
            entity: change.entity,
            entity_id: &change.entity_id,
            summary: &change.summary,
        },
    );
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, summary, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(seq)
    .bind(&at)
    .bind(change.actor)
    .bind(change.action)
    .bind(change.entity)
    .bind(&change.entity_id)
    .bind(&change.summary)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
    Ok(seq)
}

/// A filter for listing the log.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub entity: Option<String>,
    /// Entries before this seq (for paging backwards from the newest).
    pub before: Option<i64>,
    pub limit: i64,
    /// Only what people of this subtree did (an office below the root reads
    /// its own tree's log); `None` is the whole log.
    pub within: Option<domain::organisation::OrgPath>,
}

fn entry(row: &sqlx::any::AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        entity: row.try_get("entity")?,
        entity_id: row.try_get("entity_id")?,
        summary: row.try_get("summary")?,
        hash: row.try_get("hash")?,
    })
}

impl Store {
    /// The number of the last change recorded anywhere: every change that can
    /// show on a public page is recorded, so a page rendered at this number is
    /// current while it stands.
    pub async fn last_change(&self) -> Result<i64> {
        let head = sqlx::query("SELECT seq FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(head.try_get("seq")?)
    }

    /// Newest first, filtered.
    pub async fn audit_entries(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, entity, entity_id, summary, hash FROM audit_log
             WHERE ($1 = '' OR actor = $1) AND ($2 = '' OR entity = $2) AND seq < $3
               AND ($5 = '' OR actor IN (
                   SELECT a.username FROM accounts a
                   JOIN people p ON p.id = a.person_id
                   JOIN organisations o ON o.id = p.org_id
                   WHERE o.path LIKE $5 || '%'))
             ORDER BY seq DESC LIMIT $4",
        )
        .bind(f.actor.clone().unwrap_or_default())
        .bind(f.entity.clone().unwrap_or_default())
        .bind(f.before.unwrap_or(i64::MAX))
        .bind(f.limit)
        .bind(f.within.as_ref().map_or("", |p| p.as_str()).to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(entry).collect()
    }

    /// The names of the people behind `usernames`, for showing who did what.
    pub async fn names_of_accounts(
        &self,
        usernames: &[String],
    ) -> Result<std::collections::HashMap<String, String>> {
        let mut names = std::collections::HashMap::new();
        for chunk in usernames.chunks(100) {
            let binds: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT a.username, p.name FROM accounts a JOIN people p ON p.id = a.person_id
                 WHERE a.username IN ({})",
                binds.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for u in chunk {
                q = q.bind(u);
            }
            for row in q.fetch_all(&self.pool).await? {
                names.insert(row.try_get("username")?, row.try_get("name")?);
            }
        }
        Ok(names)
    }

    /// Walks the whole chain in order. `Ok(n)` when all `n` entries hold, and the
    /// head agrees with the last; otherwise where it breaks.
    pub async fn verify_audit(&self) -> Result<Result<u64, ChainBreak>> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, entity, entity_id, summary, hash
             FROM audit_log ORDER BY seq",
        )
        .fetch_all(&self.pool)
        .await?;
        let entries = rows.iter().map(entry).collect::<Result<Vec<_>>>()?;
        let checked = verify_chain(entries.iter().map(|e| {
            (
                AuditFields {
                    seq: e.seq,
                    at: &e.at,
                    actor: &e.actor,
                    action: &e.action,
                    entity: &e.entity,
                    entity_id: &e.entity_id,
                    summary: &e.summary,
                },
                e.hash.as_str(),
            )
        }));
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        let (head_seq, head_hash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
        Ok(checked.and_then(|n| {
            let last = entries.last();
            match last {
                // Entries cut off the end: the head still remembers them.
                _ if head_seq != n as i64 => Err(ChainBreak::Gap {
                    seq: head_seq,
                    expected: n as i64,
                }),
                Some(e) if e.hash != head_hash => Err(ChainBreak::Altered { seq: e.seq }),
                _ => Ok(n),
            }
        }))
    }
}

impl From<ChainBreak> for StoreError {
    fn from(b: ChainBreak) -> StoreError {
        StoreError::Corrupt(format!("{b:?}"))
    }
}
