//! The organisation tree in storage. A node's `path` lists the ids from the root;
//! a subtree is the byte range of paths that start with its root's path.

use crate::{Conn, Result, Store, StoreError, now_text, random_hex};
use domain::organisation::{OrgKind, OrgPath};
use serde::Serialize;
use sqlx::Row;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Organisation {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub path: OrgPath,
    pub kind: OrgKind,
    pub name: String,
}

const COLUMNS: &str = "id, parent_id, path, kind, name";

fn org(row: &sqlx::any::AnyRow) -> Result<Organisation> {
    let kind: String = row.try_get("kind")?;
    Ok(Organisation {
        id: row.try_get("id")?,
        parent_id: row.try_get("parent_id")?,
        path: OrgPath::from_stored(row.try_get("path")?),
        kind: OrgKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(kind.clone()))?,
        name: row.try_get("name")?,
    })
}

/// The smallest text greater than every path inside the subtree of `path`.
/// Paths end in '/', and '0' is the byte after '/'.
pub(crate) fn subtree_end(path: &OrgPath) -> String {
    let p = path.as_str();
    format!("{}0", &p[..p.len() - 1])
}

/// Creates a node under `parent` (or a root) inside the caller's transaction.
pub async fn create(
    conn: &mut Conn,
    parent: Option<&Organisation>,
    kind: OrgKind,
    name: &str,
) -> Result<Organisation> {
    // The path needs the id; a unique placeholder holds its place for a moment.
    let placeholder = format!("#{}", random_hex(8)?);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO organisations (parent_id, path, kind, name, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(parent.map(|p| p.id))
    .bind(&placeholder)
    .bind(kind.as_str())
    .bind(name)
    .bind(now_text())
    .fetch_one(&mut *conn)
    .await?;
    let path = match parent {
        Some(p) => p.path.child(id),
        None => OrgPath::root(id),
    };
    sqlx::query("UPDATE organisations SET path = $1 WHERE id = $2")
        .bind(path.as_str())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(Organisation {
        id,
        parent_id: parent.map(|p| p.id),
        path,
        kind,
        name: name.to_string(),
    })
}

impl Store {
    pub async fn organisation(&self, id: i64) -> Result<Organisation> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM organisations WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        org(&row)
    }

    /// Every node of the subtree rooted at `root`, root first, in path order.
    pub async fn subtree(&self, root: &OrgPath) -> Result<Vec<Organisation>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM organisations WHERE path >= $1 AND path < $2 ORDER BY path"
        )))
        .bind(root.as_str())
        .bind(subtree_end(root))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(org).collect()
    }

    /// The roots of the tree.
    pub async fn root_organisations(&self) -> Result<Vec<Organisation>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM organisations WHERE parent_id IS NULL ORDER BY id"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(org).collect()
    }

    /// The organisations directly under `parent_id`, in path order.
    pub async fn children(&self, parent_id: i64) -> Result<Vec<Organisation>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM organisations WHERE parent_id = $1 ORDER BY path"
        )))
        .bind(parent_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(org).collect()
    }

    /// Finds a node by exact name inside a subtree.
    pub async fn organisation_named(
        &self,
        within: &OrgPath,
        name: &str,
    ) -> Result<Option<Organisation>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM organisations
             WHERE path >= $1 AND path < $2 AND name = $3 ORDER BY path LIMIT 1"
        )))
        .bind(within.as_str())
        .bind(subtree_end(within))
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(org).transpose()
    }

    /// Creates a node and records it in the audit log.
    pub async fn create_organisation(
        &self,
        actor: &str,
        parent: Option<&Organisation>,
        kind: OrgKind,
        name: &str,
    ) -> Result<Organisation> {
        let mut tx = self.begin().await?;
        let o = create(&mut tx, parent, kind, name).await?;
        crate::audit::record(
            &mut tx,
            crate::audit::Change {
                actor,
                action: "create",
                entity: "organisation",
                entity_id: o.id.to_string(),
                summary: format!("{} ({})", o.name, kind.as_str()),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subtree_end_is_just_past_every_descendant() {
        let p = OrgPath::root(1).child(4);
        let end = subtree_end(&p);
        assert_eq!(end, "/1/40");
        assert!(p.child(9).as_str() < end.as_str());
        assert!(OrgPath::root(1).child(40).as_str() >= end.as_str());
    }
}
