//! The job queue: a table, claimed safely by several server processes. PostgreSQL
//! claims with `FOR UPDATE SKIP LOCKED`; SQLite has one writer, so a plain update
//! is already exclusive. A failed job is retried later, up to its limit.

use crate::{Dialect, Result, Store, now_text, time_text};
use sqlx::Row;
use time::{Duration, OffsetDateTime};

/// How long a claim holds before another worker may take the job over.
pub const LEASE: Duration = Duration::minutes(5);

#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
    pub max_attempts: i64,
}

impl Store {
    pub async fn enqueue(&self, kind: &str, payload: &str, max_attempts: i64) -> Result<i64> {
        let now = now_text();
        let id = sqlx::query_scalar(
            "INSERT INTO jobs (kind, payload, run_at, max_attempts, created_at)
             VALUES ($1, $2, $3, $4, $3) RETURNING id",
        )
        .bind(kind)
        .bind(payload)
        .bind(&now)
        .bind(max_attempts)
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    /// Claims the next due job for `worker`, if any.
    pub async fn claim_job(&self, worker: &str) -> Result<Option<Job>> {
        let now = OffsetDateTime::now_utc();
        let lock = match self.dialect {
            Dialect::Postgres => "FOR UPDATE SKIP LOCKED",
            Dialect::Sqlite => "",
        };
        let sql = format!(
            "UPDATE jobs SET locked_by = $1, locked_until = $2, attempts = attempts + 1
             WHERE id = (SELECT id FROM jobs
                         WHERE done_at IS NULL AND run_at <= $3 AND attempts < max_attempts
                           AND (locked_until IS NULL OR locked_until < $3)
                         ORDER BY run_at, id LIMIT 1 {lock})
             RETURNING id, kind, payload, attempts, max_attempts"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(worker)
            .bind(time_text(now + LEASE))
            .bind(time_text(now))
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(Job {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                payload: r.try_get("payload")?,
                attempts: r.try_get("attempts")?,
                max_attempts: r.try_get("max_attempts")?,
            })
        })
        .transpose()
    }

    pub async fn complete_job(&self, id: i64) -> Result<()> {
        sqlx::query(
            "UPDATE jobs SET done_at = $1, locked_by = NULL, locked_until = NULL WHERE id = $2",
        )
        .bind(now_text())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records a failure; the job runs again after a back-off that doubles per try.
    pub async fn fail_job(&self, job: &Job, error: &str) -> Result<()> {
        let wait = Duration::seconds(10) * 2_i32.pow(job.attempts.clamp(0, 10) as u32);
        sqlx::query(
            "UPDATE jobs SET last_error = $1, run_at = $2, locked_by = NULL, locked_until = NULL
             WHERE id = $3",
        )
        .bind(error)
        .bind(time_text(OffsetDateTime::now_utc() + wait))
        .bind(job.id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// How many jobs wait, for the admin page and tests.
    pub async fn pending_jobs(&self) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM jobs WHERE done_at IS NULL AND attempts < max_attempts",
        )
        .fetch_one(&self.pool)
        .await?)
    }
}
