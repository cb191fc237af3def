//! Bulk loading for `chuangxian gen` and the benchmarks: rows streamed with
//! `COPY … FROM STDIN` on PostgreSQL, and as multi-row inserts of literals in
//! one transaction on SQLite, the fastest way through either driver. Only the
//! generator's own values go through here (integers, dates, fixed words and
//! names it made), never a person's input.

use crate::{Dialect, Result, Store};
use sqlx::Connection;
use sqlx::postgres::PgConnection;
use std::borrow::Cow;
use std::fmt::Write;

impl Store {
    /// The database engine and its version, for a benchmark's report.
    pub async fn engine_version(&self) -> Result<String> {
        let (name, sql) = match self.dialect {
            Dialect::Sqlite => ("SQLite", "SELECT sqlite_version()"),
            Dialect::Postgres => ("PostgreSQL", "SHOW server_version"),
        };
        let v: String = sqlx::query_scalar(sql).fetch_one(&self.pool).await?;
        Ok(format!("{name} {v}"))
    }

    /// The bytes the database takes on disk, for a benchmark's report.
    pub async fn size_bytes(&self) -> Result<i64> {
        let sql = match self.dialect {
            Dialect::Sqlite => {
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
            }
            Dialect::Postgres => "SELECT pg_database_size(current_database())",
        };
        Ok(sqlx::query_scalar(sql).fetch_one(&self.pool).await?)
    }
}

/// One value of a row.
pub enum Cell<'a> {
    Int(i64),
    Text(Cow<'a, str>),
    Null,
}

impl From<i64> for Cell<'_> {
    fn from(v: i64) -> Self {
        Cell::Int(v)
    }
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(v: &'a str) -> Self {
        Cell::Text(Cow::Borrowed(v))
    }
}

impl From<String> for Cell<'_> {
    fn from(v: String) -> Self {
        Cell::Text(Cow::Owned(v))
    }
}

impl<'a, T: Into<Cell<'a>>> From<Option<T>> for Cell<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Null, Into::into)
    }
}

/// A loader over one database; PostgreSQL gets a connection of its own for COPY.
pub struct Bulk {
    store: Store,
    copy: Option<PgConnection>,
}

/// Bytes of COPY data sent at a time, and rows per INSERT on SQLite.
const COPY_BUFFER: usize = 1 << 20;
const INSERT_ROWS: usize = 1000;

impl Bulk {
    /// `url` is the database `store` was opened on.
    pub async fn open(store: &Store, url: &str) -> Result<Bulk> {
        let copy = match store.dialect {
            Dialect::Postgres => Some(PgConnection::connect(url).await?),
            Dialect::Sqlite => None,
        };
        Ok(Bulk {
            store: store.clone(),
            copy,
        })
    }

    /// How many rows `table` holds.
    pub async fn rows(store: &Store, table: &str) -> Result<i64> {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&store.pool)
            .await?)
    }

    /// The id after the highest in `table`, for rows loaded with their ids.
    pub async fn next_id(store: &Store, table: &str) -> Result<i64> {
        let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
        Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&store.pool)
            .await?)
    }

    /// Loads `rows` into `columns` of `table`; returns how many. A table whose
    /// ids are given has its id sequence moved past them on PostgreSQL, so the
    /// rows the application adds after get fresh ids.
    pub async fn load<'a, const N: usize>(
        &mut self,
        table: &str,
        columns: [&str; N],
        rows: impl IntoIterator<Item = [Cell<'a>; N]>,
    ) -> Result<u64> {
        let names = columns.join(", ");
        let loaded = match &mut self.copy {
            Some(conn) => copy_in(conn, table, &names, rows).await?,
            None => insert(&self.store, table, &names, rows).await?,
        };
        if let Some(conn) = &mut self.copy
            && columns.first() == Some(&"id")
        {
            // Only an id with a sequence: a ballot's is a random text.
            let sql = format!("SELECT pg_get_serial_sequence('{table}', 'id')");
            let sequence: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&mut *conn)
                .await?;
            if let Some(sequence) = sequence {
                let sql = format!("SELECT setval('{sequence}', (SELECT MAX(id) FROM {table}))");
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&mut *conn)
                    .await?;
            }
        }
        Ok(loaded)
    }
}

async fn copy_in<'a, const N: usize>(
    conn: &mut PgConnection,
    table: &str,
    names: &str,
    rows: impl IntoIterator<Item = [Cell<'a>; N]>,
) -> Result<u64> {
    let mut copy = conn
        .copy_in_raw(&format!("COPY {table} ({names}) FROM STDIN"))
        .await?;
    let mut buf = String::with_capacity(COPY_BUFFER + 4096);
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                buf.push('\t');
            }
            match cell {
                Cell::Int(v) => {
                    let _ = write!(buf, "{v}");
                }
                Cell::Text(t) => copy_text(&mut buf, t),
                Cell::Null => buf.push_str("\\N"),
            }
        }
        buf.push('\n');
        if buf.len() >= COPY_BUFFER {
            copy.send(std::mem::take(&mut buf).into_bytes()).await?;
            buf.reserve(COPY_BUFFER + 4096);
        }
    }
    if !buf.is_empty() {
        copy.send(buf.into_bytes()).await?;
    }
    Ok(copy.finish().await?)
}

/// COPY's text format: a backslash, tab or line break is escaped.
fn copy_text(buf: &mut String, t: &str) {
    for c in t.chars() {
        match c {
            '\\' => buf.push_str("\\\\"),
            '\t' => buf.push_str("\\t"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            c => buf.push(c),
        }
    }
}

async fn insert<'a, const N: usize>(
    store: &Store,
    table: &str,
    names: &str,
    rows: impl IntoIterator<Item = [Cell<'a>; N]>,
) -> Result<u64> {
    let head = format!("INSERT INTO {table} ({names}) VALUES ");
    let mut tx = store.begin().await?;
    let (mut sql, mut in_sql, mut loaded) = (head.clone(), 0, 0u64);
    for row in rows {
        sql.push_str(if in_sql == 0 { "(" } else { ",(" });
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            match cell {
                Cell::Int(v) => {
                    let _ = write!(sql, "{v}");
                }
                Cell::Text(t) => {
                    sql.push('\'');
                    sql.push_str(&t.replace('\'', "''"));
                    sql.push('\'');
                }
                Cell::Null => sql.push_str("NULL"),
            }
        }
        sql.push(')');
        in_sql += 1;
        loaded += 1;
        if in_sql == INSERT_ROWS {
            sqlx::query(sqlx::AssertSqlSafe(std::mem::replace(
                &mut sql,
                head.clone(),
            )))
            .execute(&mut *tx)
            .await?;
            in_sql = 0;
        }
    }
    if in_sql > 0 {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::copy_text;

    #[test]
    fn copy_text_escapes_what_the_format_reserves() {
        let mut buf = String::new();
        copy_text(&mut buf, "a\tb\\c\nd支部");
        assert_eq!(buf, "a\\tb\\\\c\\nd支部");
    }
}
