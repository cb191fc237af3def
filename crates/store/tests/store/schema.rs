//! Migrations, and the two dialects' schemas compared.

use chuangxian_store::Store;
use chuangxian_store::audit::{Change, record};
use chuangxian_store::testing::TestDb;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, BTreeSet};

on_both!(migrations_run_once,);

async fn migrations_run_once(db: &TestDb) {
    assert_eq!(db.store.migrate().await.unwrap(), 0);
    // An audit record outside any store helper still chains.
    let mut tx = db.store.begin().await.unwrap();
    record(
        &mut tx,
        Change {
            actor: "t",
            action: "a",
            entity: "e",
            entity_id: "1".into(),
            summary: String::new(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(db.store.verify_audit().await.unwrap(), Ok(1));
}

/// A schema as both dialects can state it: per table its columns (type family,
/// nullability, primary key), its indexes by columns and uniqueness, and its
/// foreign keys.
#[derive(Debug, Default, PartialEq)]
struct Schema {
    tables: BTreeMap<String, Table>,
}

#[derive(Debug, Default, PartialEq)]
struct Table {
    /// name -> (type family, not null, in the primary key)
    columns: BTreeMap<String, (&'static str, bool, bool)>,
    /// (columns in order, unique), not counting the primary key's own
    indexes: BTreeSet<(Vec<String>, bool)>,
    /// (column, referenced table, referenced column)
    foreign_keys: BTreeSet<(String, String, String)>,
}

/// INTEGER and BIGINT are one family; so are TEXT and VARCHAR, BLOB and BYTEA.
fn family(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") || t == "boolean" {
        "integer"
    } else if t.contains("char") || t.contains("text") {
        "text"
    } else if t.contains("blob") || t.contains("bytea") {
        "bytes"
    } else if t.contains("real")
        || t.contains("double")
        || t.contains("float")
        || t.contains("numeric")
    {
        "real"
    } else {
        "other"
    }
}

fn texts(rows: &[AnyRow], column: &str) -> Vec<String> {
    rows.iter().map(|r| r.try_get(column).unwrap()).collect()
}

async fn sqlite_schema(s: &Store) -> Schema {
    let all = |sql: String| async move {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&s.pool)
            .await
            .unwrap()
    };
    let mut schema = Schema::default();
    let names = texts(
        &all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                .to_string(),
        )
        .await,
        "name",
    );
    for name in names {
        let mut table = Table::default();
        for c in all(format!(
            "SELECT name, type, \"notnull\" AS not_null, pk FROM pragma_table_info('{name}')"
        ))
        .await
        {
            let pk: i64 = c.try_get("pk").unwrap();
            let not_null: i64 = c.try_get("not_null").unwrap();
            let declared: String = c.try_get("type").unwrap();
            table.columns.insert(
                c.try_get("name").unwrap(),
                (family(&declared), not_null == 1 || pk > 0, pk > 0),
            );
        }
        for i in all(format!(
            "SELECT name, \"unique\" AS is_unique, origin FROM pragma_index_list('{name}')"
        ))
        .await
        {
            let origin: String = i.try_get("origin").unwrap();
            if origin == "pk" {
                continue;
            }
            let index: String = i.try_get("name").unwrap();
            let columns = texts(
                &all(format!(
                    "SELECT name FROM pragma_index_info('{index}') ORDER BY seqno"
                ))
                .await,
                "name",
            );
            let unique: i64 = i.try_get("is_unique").unwrap();
            table.indexes.insert((columns, unique == 1));
        }
        for f in all(format!(
            "SELECT \"from\" AS from_column, \"table\" AS to_table, \"to\" AS to_column
             FROM pragma_foreign_key_list('{name}')"
        ))
        .await
        {
            let to_column: Option<String> = f.try_get("to_column").unwrap();
            table.foreign_keys.insert((
                f.try_get("from_column").unwrap(),
                f.try_get("to_table").unwrap(),
                // A reference to a table's key names no column.
                to_column.unwrap_or_else(|| "id".into()),
            ));
        }
        schema.tables.insert(name, table);
    }
    schema
}

async fn postgres_schema(s: &Store) -> Schema {
    let all = |sql: &'static str| async move { sqlx::query(sql).fetch_all(&s.pool).await.unwrap() };
    let mut schema = Schema::default();
    for t in all(
        "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    )
    .await
    {
        schema
            .tables
            .insert(t.try_get("name").unwrap(), Table::default());
    }
    let primary: BTreeSet<(String, String)> = all(
        "SELECT CAST(tc.table_name AS TEXT) AS table_name, CAST(k.column_name AS TEXT) AS column_name
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage k
           ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
         WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'PRIMARY KEY'",
    )
    .await
    .iter()
    .map(|r| (r.try_get("table_name").unwrap(), r.try_get("column_name").unwrap()))
    .collect();
    for c in all(
        "SELECT CAST(table_name AS TEXT) AS table_name, CAST(column_name AS TEXT) AS column_name,
                CAST(data_type AS TEXT) AS data_type, CAST(is_nullable AS TEXT) AS is_nullable
         FROM information_schema.columns WHERE table_schema = current_schema()",
    )
    .await
    {
        let table: String = c.try_get("table_name").unwrap();
        let column: String = c.try_get("column_name").unwrap();
        let declared: String = c.try_get("data_type").unwrap();
        let nullable: String = c.try_get("is_nullable").unwrap();
        let pk = primary.contains(&(table.clone(), column.clone()));
        if let Some(t) = schema.tables.get_mut(&table) {
            t.columns
                .insert(column, (family(&declared), nullable == "NO", pk));
        }
    }
    for i in all(
        "SELECT CAST(t.relname AS TEXT) AS table_name, CAST(ix.indexrelid AS BIGINT) AS index_id,
                CASE WHEN ix.indisunique THEN 1 ELSE 0 END AS is_unique,
                CAST(a.attname AS TEXT) AS column_name, CAST(k.n AS BIGINT) AS position
         FROM pg_index ix
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace ns ON ns.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
         WHERE ns.nspname = current_schema() AND NOT ix.indisprimary
         ORDER BY index_id, position",
    )
    .await
    .iter()
    .fold(
        BTreeMap::<i64, (String, bool, Vec<String>)>::new(),
        |mut by_index, r| {
            let unique: i32 = r.try_get("is_unique").unwrap();
            let entry = by_index.entry(r.try_get("index_id").unwrap()).or_insert((
                r.try_get("table_name").unwrap(),
                unique == 1,
                Vec::new(),
            ));
            entry.2.push(r.try_get("column_name").unwrap());
            by_index
        },
    )
    .into_values()
    {
        if let Some(t) = schema.tables.get_mut(&i.0) {
            t.indexes.insert((i.2, i.1));
        }
    }
    for f in all(
        "SELECT CAST(cl.relname AS TEXT) AS table_name, CAST(a.attname AS TEXT) AS from_column,
                CAST(rc.relname AS TEXT) AS to_table, CAST(ra.attname AS TEXT) AS to_column
         FROM pg_constraint con
         JOIN pg_class cl ON cl.oid = con.conrelid
         JOIN pg_namespace ns ON ns.oid = cl.relnamespace
         JOIN pg_class rc ON rc.oid = con.confrelid
         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
         JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = con.confkey[1]
         WHERE con.contype = 'f' AND ns.nspname = current_schema()",
    )
    .await
    {
        let table: String = f.try_get("table_name").unwrap();
        if let Some(t) = schema.tables.get_mut(&table) {
            t.foreign_keys.insert((
                f.try_get("from_column").unwrap(),
                f.try_get("to_table").unwrap(),
                f.try_get("to_column").unwrap(),
            ));
        }
    }
    schema
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_dialects_migrate_to_the_same_schema() {
    let sqlite = TestDb::sqlite().await.unwrap();
    let postgres = TestDb::postgres()
        .await
        .expect("PostgreSQL must be running for the storage suite");
    let (a, b) = (
        sqlite_schema(&sqlite.store).await,
        postgres_schema(&postgres.store).await,
    );
    sqlite.drop_db().await;
    postgres.drop_db().await;
    assert!(a.tables.len() > 40, "found {} tables", a.tables.len());
    let names = |s: &Schema| s.tables.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the same tables");
    let mut differences = Vec::new();
    for (name, t) in &a.tables {
        let u = &b.tables[name];
        for (what, left, right) in [
            (
                "columns",
                format!("{:?}", t.columns),
                format!("{:?}", u.columns),
            ),
            (
                "indexes",
                format!("{:?}", t.indexes),
                format!("{:?}", u.indexes),
            ),
            (
                "foreign keys",
                format!("{:?}", t.foreign_keys),
                format!("{:?}", u.foreign_keys),
            ),
        ] {
            if left != right {
                differences.push(format!(
                    "{name} {what}:\n  sqlite   {left}\n  postgres {right}"
                ));
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
