//! Migrations, embedded in the binary: one numbered file per change and dialect.
//! Each runs in its own transaction and is recorded in `schema_migrations`.

use crate::{Dialect, Result, Store, now_text};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sqlite: include_str!("../migrations/sqlite/0001_foundation.sql"),
        postgres: include_str!("../migrations/postgres/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "uploads",
        sqlite: include_str!("../migrations/sqlite/0002_uploads.sql"),
        postgres: include_str!("../migrations/postgres/0002_uploads.sql"),
    },
    Migration {
        version: 3,
        name: "commitments",
        sqlite: include_str!("../migrations/sqlite/0003_commitments.sql"),
        postgres: include_str!("../migrations/postgres/0003_commitments.sql"),
    },
    Migration {
        version: 4,
        name: "reviews",
        sqlite: include_str!("../migrations/sqlite/0004_reviews.sql"),
        postgres: include_str!("../migrations/postgres/0004_reviews.sql"),
    },
    Migration {
        version: 5,
        name: "evaluations",
        sqlite: include_str!("../migrations/sqlite/0005_evaluations.sql"),
        postgres: include_str!("../migrations/postgres/0005_evaluations.sql"),
    },
    Migration {
        version: 6,
        name: "study",
        sqlite: include_str!("../migrations/sqlite/0006_study.sql"),
        postgres: include_str!("../migrations/postgres/0006_study.sql"),
    },
    Migration {
        version: 7,
        name: "hardening",
        sqlite: include_str!("../migrations/sqlite/0007_hardening.sql"),
        postgres: include_str!("../migrations/postgres/0007_hardening.sql"),
    },
    Migration {
        version: 8,
        name: "codes",
        sqlite: include_str!("../migrations/sqlite/0008_codes.sql"),
        postgres: include_str!("../migrations/postgres/0008_codes.sql"),
    },
    Migration {
        version: 9,
        name: "addresses",
        sqlite: include_str!("../migrations/sqlite/0009_addresses.sql"),
        postgres: include_str!("../migrations/postgres/0009_addresses.sql"),
    },
    Migration {
        version: 10,
        name: "assessments",
        sqlite: include_str!("../migrations/sqlite/0010_assessments.sql"),
        postgres: include_str!("../migrations/postgres/0010_assessments.sql"),
    },
    Migration {
        version: 11,
        name: "commendations",
        sqlite: include_str!("../migrations/sqlite/0011_commendations.sql"),
        postgres: include_str!("../migrations/postgres/0011_commendations.sql"),
    },
    Migration {
        version: 12,
        name: "figures",
        sqlite: include_str!("../migrations/sqlite/0012_figures.sql"),
        postgres: include_str!("../migrations/postgres/0012_figures.sql"),
    },
    Migration {
        version: 13,
        name: "programmes",
        sqlite: include_str!("../migrations/sqlite/0013_programmes.sql"),
        postgres: include_str!("../migrations/postgres/0013_programmes.sql"),
    },
    Migration {
        version: 14,
        name: "circulars",
        sqlite: include_str!("../migrations/sqlite/0014_circulars.sql"),
        postgres: include_str!("../migrations/postgres/0014_circulars.sql"),
    },
    Migration {
        version: 15,
        name: "dashboard lines",
        sqlite: include_str!("../migrations/sqlite/0015_dashboard_lines.sql"),
        postgres: include_str!("../migrations/postgres/0015_dashboard_lines.sql"),
    },
    Migration {
        version: 16,
        name: "publicity",
        sqlite: include_str!("../migrations/sqlite/0016_publicity.sql"),
        postgres: include_str!("../migrations/postgres/0016_publicity.sql"),
    },
    Migration {
        version: 17,
        name: "rules",
        sqlite: include_str!("../migrations/sqlite/0017_rules.sql"),
        postgres: include_str!("../migrations/postgres/0017_rules.sql"),
    },
    Migration {
        version: 18,
        name: "channels",
        sqlite: include_str!("../migrations/sqlite/0018_channels.sql"),
        postgres: include_str!("../migrations/postgres/0018_channels.sql"),
    },
    Migration {
        version: 19,
        name: "reminders",
        sqlite: include_str!("../migrations/sqlite/0019_reminders.sql"),
        postgres: include_str!("../migrations/postgres/0019_reminders.sql"),
    },
    Migration {
        version: 20,
        name: "province_indexes",
        sqlite: include_str!("../migrations/sqlite/0020_province_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0020_province_indexes.sql"),
    },
    Migration {
        version: 21,
        name: "dashboard_kept",
        sqlite: include_str!("../migrations/sqlite/0021_dashboard_kept.sql"),
        postgres: include_str!("../migrations/postgres/0021_dashboard_kept.sql"),
    },
];

/// Applies every migration not yet applied; returns how many ran.
pub async fn run(store: &Store) -> Result<usize> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )
    .execute(&store.pool)
    .await?;
    let mut ran = 0;
    for m in MIGRATIONS {
        let mut tx = store.begin().await?;
        let done = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM schema_migrations WHERE version = $1",
        )
        .bind(m.version)
        .fetch_one(&mut *tx)
        .await?;
        if done > 0 {
            continue;
        }
        let sql = match store.dialect {
            Dialect::Sqlite => m.sqlite,
            Dialect::Postgres => m.postgres,
        };
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(m.version)
        .bind(m.name)
        .bind(now_text())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::info!(version = m.version, name = m.name, "migration applied");
        ran += 1;
    }
    Ok(ran)
}

impl Store {
    /// Brings the schema up to date; returns how many migrations ran.
    pub async fn migrate(&self) -> Result<usize> {
        run(self).await
    }
}
