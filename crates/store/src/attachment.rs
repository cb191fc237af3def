//! Photos and files kept beside a record, each in the record's own table
//! (`nomination_files`, `activity_files`, …), written in the caller's
//! transaction, listed by name and read back one at a time.

use crate::{Result, Store, StoreError};
use sqlx::Row;

/// Keeps the photos and files of what `owner_id` names (a nomination, a case, an activity …)
/// in `table`, in the caller's transaction.
pub(crate) async fn store_files(
    conn: &mut crate::Conn,
    table: &'static str,
    owner: &'static str,
    owner_id: i64,
    files: &[crate::commitment::EvidenceFile],
) -> Result<()> {
    for f in files {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {table} ({owner}, filename, content_type, body) VALUES ($1, $2, $3, $4)"
        )))
        .bind(owner_id)
        .bind(&f.filename)
        .bind(&f.content_type)
        .bind(&f.body)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A photo or file of `table` (a nomination's, a case's, …) by its id, with the
/// id of what it belongs to (`owner`).
pub(crate) async fn stored_file(
    store: &Store,
    table: &'static str,
    owner: &'static str,
    id: i64,
) -> Result<(i64, crate::commitment::EvidenceFile)> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {owner} AS owner, filename, content_type, body FROM {table} WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&store.pool)
    .await?
    .ok_or(StoreError::NotFound)?;
    Ok((
        r.try_get("owner")?,
        crate::commitment::EvidenceFile {
            filename: r.try_get("filename")?,
            content_type: r.try_get("content_type")?,
            body: r.try_get("body")?,
        },
    ))
}

/// The (id, filename) of each file of `table` that `owner_id` names, in the
/// order they were kept.
pub(crate) async fn file_names(
    store: &Store,
    table: &'static str,
    owner: &'static str,
    owner_id: i64,
) -> Result<Vec<(i64, String)>> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, filename FROM {table} WHERE {owner} = $1 ORDER BY id"
    )))
    .bind(owner_id)
    .fetch_all(&store.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("filename")?)))
    .collect()
}
