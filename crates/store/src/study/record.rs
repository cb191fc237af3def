//! The records of the study log: books, reflections, research topics and
//! articles, each perhaps with a file, and the files themselves.

use super::{StudyScope, restand};
use crate::audit::change;
use crate::{Conn, Result, Store, StoreError, audit, now_text};
use domain::date::Day;
use domain::study::RecordKind;
use sqlx::Row;

/// A file as uploaded, its type already checked.
#[derive(Clone, Debug)]
pub struct NewFile {
    pub filename: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

#[derive(Clone, Debug)]
pub struct StoredFile {
    pub org_id: i64,
    pub person_id: Option<i64>,
    pub file: NewFile,
}

#[derive(Clone, Debug)]
pub struct NewRecord {
    pub kind: RecordKind,
    pub title: String,
    pub author: String,
    pub body: String,
    pub day: Day,
    pub shared: bool,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Record {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub org_id: i64,
    pub kind: RecordKind,
    pub title: String,
    pub author: String,
    pub body: String,
    pub day: Day,
    pub file_id: Option<i64>,
    pub filename: Option<String>,
    pub shared: bool,
    pub likes: i64,
}

pub(super) const RECORD: &str =
    "SELECT r.id, r.person_id, p.name AS person_name, r.org_id, r.kind, r.title,
    r.author, r.body, r.day, r.file_id, f.filename, r.shared,
    (SELECT COUNT(*) FROM study_likes l WHERE l.record_id = r.id) AS likes
    FROM study_records r JOIN people p ON p.id = r.person_id
    LEFT JOIN study_files f ON f.id = r.file_id";

pub(super) fn record(row: &sqlx::any::AnyRow) -> Result<Record> {
    let kind: String = row.try_get("kind")?;
    let day: String = row.try_get("day")?;
    Ok(Record {
        id: row.try_get("id")?,
        person_id: row.try_get("person_id")?,
        person_name: row.try_get("person_name")?,
        org_id: row.try_get("org_id")?,
        kind: RecordKind::parse(&kind).ok_or(StoreError::Corrupt(kind))?,
        title: row.try_get("title")?,
        author: row.try_get("author")?,
        body: row.try_get("body")?,
        day: Day::parse_iso(&day).ok_or(StoreError::Corrupt(day))?,
        file_id: row.try_get("file_id")?,
        filename: row.try_get("filename")?,
        shared: row.try_get::<i64, _>("shared")? != 0,
        likes: row.try_get("likes")?,
    })
}

pub(super) async fn insert_file(
    conn: &mut Conn,
    org_id: i64,
    person_id: Option<i64>,
    f: &NewFile,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO study_files (org_id, person_id, filename, content_type, body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(org_id)
    .bind(person_id)
    .bind(&f.filename)
    .bind(&f.content_type)
    .bind(f.body.clone())
    .bind(now_text())
    .fetch_one(&mut *conn)
    .await?)
}

impl Store {
    pub async fn add_record(
        &self,
        actor: &str,
        person_id: i64,
        org_id: i64,
        new: &NewRecord,
        file: Option<&NewFile>,
        scope: &StudyScope,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let file_id = match file {
            Some(f) => Some(insert_file(&mut tx, org_id, Some(person_id), f).await?),
            None => None,
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO study_records (person_id, org_id, kind, title, author, body, day, file_id, shared, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(person_id)
        .bind(org_id)
        .bind(new.kind.as_str())
        .bind(&new.title)
        .bind(&new.author)
        .bind(&new.body)
        .bind(new.day.to_string())
        .bind(file_id)
        .bind(new.shared as i64)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        restand(&mut tx, person_id, scope, Some(new.kind.unit())).await?;
        audit::record(
            &mut tx,
            change(
                actor,
                "create",
                "study_record",
                id,
                format!("{} {}", new.kind.as_str(), new.day),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Attaches a file to one of the person's own records, replacing any it had.
    pub async fn attach_record_file(
        &self,
        actor: &str,
        person_id: i64,
        record_id: i64,
        file: &NewFile,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "SELECT org_id, file_id FROM study_records WHERE id = $1 AND person_id = $2",
        )
        .bind(record_id)
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let (org_id, old): (i64, Option<i64>) = (row.try_get("org_id")?, row.try_get("file_id")?);
        let id = insert_file(&mut tx, org_id, Some(person_id), file).await?;
        sqlx::query("UPDATE study_records SET file_id = $2 WHERE id = $1")
            .bind(record_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if let Some(old) = old {
            sqlx::query("DELETE FROM study_files WHERE id = $1")
                .bind(old)
                .execute(&mut *tx)
                .await?;
        }
        audit::record(
            &mut tx,
            change(
                actor,
                "file",
                "study_record",
                record_id,
                file.filename.clone(),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Deletes one of the person's own records.
    pub async fn delete_record(
        &self,
        actor: &str,
        person_id: i64,
        id: i64,
        scope: &StudyScope,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let row =
            sqlx::query("SELECT kind, file_id FROM study_records WHERE id = $1 AND person_id = $2")
                .bind(id)
                .bind(person_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        let kind: String = row.try_get("kind")?;
        let file_id: Option<i64> = row.try_get("file_id")?;
        let kind = RecordKind::parse(&kind).ok_or(StoreError::Corrupt(kind))?;
        for sql in [
            "DELETE FROM study_likes WHERE record_id = $1",
            "DELETE FROM meeting_reflections WHERE record_id = $1",
            "DELETE FROM study_records WHERE id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *tx).await?;
        }
        if let Some(f) = file_id {
            sqlx::query("DELETE FROM study_files WHERE id = $1")
                .bind(f)
                .execute(&mut *tx)
                .await?;
        }
        restand(&mut tx, person_id, scope, Some(kind.unit())).await?;
        audit::record(
            &mut tx,
            change(actor, "delete", "study_record", id, String::new()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A person's records, newest day first.
    pub async fn records(&self, person_id: i64) -> Result<Vec<Record>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{RECORD} WHERE r.person_id = $1 ORDER BY r.day DESC, r.id DESC"
        )))
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(record).collect()
    }

    pub async fn record(&self, id: i64) -> Result<Record> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{RECORD} WHERE r.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        record(&row)
    }

    /// Records of a kind by the people of one organisation, newest first.
    pub async fn org_records(&self, org_id: i64, kind: RecordKind) -> Result<Vec<Record>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{RECORD} WHERE r.org_id = $1 AND r.kind = $2 ORDER BY r.day DESC, r.id DESC"
        )))
        .bind(org_id)
        .bind(kind.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(record).collect()
    }

    pub async fn study_file(&self, id: i64) -> Result<StoredFile> {
        let row = sqlx::query(
            "SELECT org_id, person_id, filename, content_type, body FROM study_files WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(StoredFile {
            org_id: row.try_get("org_id")?,
            person_id: row.try_get("person_id")?,
            file: NewFile {
                filename: row.try_get("filename")?,
                content_type: row.try_get("content_type")?,
                body: row.try_get("body")?,
            },
        })
    }
}
