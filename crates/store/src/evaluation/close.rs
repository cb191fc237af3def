//! Closing a round and counting it. Closing keeps each batch's counts and then
//! forgets the round's codes, wipes the codes from the messages that carried
//! them, and on PostgreSQL rewrites the round's ballots in key order, so that
//! neither the order of rows on disk nor their transaction ids follow the order
//! of casting any more. Counting is one `GROUP BY` over the round's marks.

use super::{Round, Target, change};
use crate::{Dialect, Result, Store, StoreError, audit, now_text, time_text};
use domain::evaluation::tally::{MarkCount, TargetResult, tally};
use serde::Serialize;
use sqlx::{Executor, Row};
use std::collections::HashMap;
use time::OffsetDateTime;

/// A target's result with the comments it received, in random order.
#[derive(Clone, Debug, Serialize)]
pub struct Tallied {
    pub target: Target,
    pub result: TargetResult,
    /// Only where the result is shown.
    pub comments: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RoundResults {
    /// Ballots counted in the round.
    pub ballots: i64,
    pub targets: Vec<Tallied>,
}

/// The round's ballot tables, rewritten in key order on PostgreSQL.
const REWRITTEN: [(&str, &str); 3] = [
    ("ballots", "id"),
    ("ballot_marks", "target_id, criterion, level, id"),
    ("ballot_comments", "id"),
];

/// Keeps a closed round's figures per shown target: (target, marks, good,
/// score sum), as `shown_figures` gives them.
async fn write_figures(
    conn: &mut crate::Conn,
    round_id: i64,
    figures: &[(i64, i64, i64, i64)],
) -> Result<()> {
    for (target, marks, good, score_sum) in figures {
        sqlx::query(
            "INSERT INTO evaluation_figures (round_id, target_id, marks, good, score_sum)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(round_id)
        .bind(target)
        .bind(marks)
        .bind(good)
        .bind(score_sum)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

impl Store {
    /// Runs the closing work of a round whose time is up, or closes it early at
    /// `now`. `wiped` replaces the text of the messages that carried codes.
    /// False when it had already been closed.
    pub async fn close_round(
        &self,
        actor: &str,
        round_id: i64,
        now: OffsetDateTime,
        wiped: &str,
    ) -> Result<bool> {
        let now_text = time_text(now);
        let mut tx = self.begin().await?;
        // Waits for casts in flight on PostgreSQL (they lock this row).
        let closed = sqlx::query(
            "UPDATE evaluation_rounds SET closed_at = $1,
                closes_at = CASE WHEN closes_at > $1 THEN $1 ELSE closes_at END
             WHERE id = $2 AND closed_at IS NULL",
        )
        .bind(&now_text)
        .bind(round_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if closed == 0 {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE evaluation_batches SET
                used = (SELECT COUNT(*) FROM evaluation_codes t
                        WHERE t.batch_id = evaluation_batches.id AND t.state = 'used'),
                revoked = (SELECT COUNT(*) FROM evaluation_codes t
                           WHERE t.batch_id = evaluation_batches.id AND t.state = 'revoked')
             WHERE round_id = $1",
        )
        .bind(round_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM evaluation_codes WHERE round_id = $1")
            .bind(round_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE inbox SET body = $1, link = NULL
             WHERE id IN (SELECT inbox_id FROM evaluation_deliveries WHERE round_id = $2)",
        )
        .bind(wiped)
        .bind(round_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE outbox SET body = $1
             WHERE id IN (SELECT outbox_id FROM evaluation_deliveries WHERE round_id = $2)",
        )
        .bind(wiped)
        .bind(round_id)
        .execute(&mut *tx)
        .await?;
        if self.dialect == Dialect::Postgres {
            for (table, order) in REWRITTEN {
                let copy = format!("cx_rewrite_{table}");
                tx.execute(sqlx::AssertSqlSafe(format!(
                    "CREATE TEMP TABLE {copy} (LIKE {table}) ON COMMIT DROP"
                )))
                .await?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO {copy} SELECT * FROM {table} WHERE round_id = $1"
                )))
                .bind(round_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DELETE FROM {table} WHERE round_id = $1"
                )))
                .bind(round_id)
                .execute(&mut *tx)
                .await?;
                tx.execute(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO {table} SELECT * FROM {copy} ORDER BY {order}"
                )))
                .await?;
            }
        }
        // The results per target, kept so that an assessment sums them.
        let figures = self.shown_figures(round_id).await?;
        write_figures(&mut tx, round_id, &figures).await?;
        audit::record(&mut tx, change(actor, "close", round_id, now_text.clone())).await?;
        tx.commit().await?;
        self.forget_old_versions().await;
        Ok(true)
    }

    /// After a close: drops what the database still keeps of the rows as they
    /// were (SQLite's write-ahead log, PostgreSQL's dead row versions).
    async fn forget_old_versions(&self) {
        let sql = match self.dialect {
            Dialect::Sqlite => "PRAGMA wal_checkpoint(TRUNCATE)",
            Dialect::Postgres => "VACUUM ballots, ballot_marks, ballot_comments, evaluation_codes",
        };
        if let Err(e) = sqlx::raw_sql(sql).execute(&self.pool).await {
            tracing::warn!(error = %e, "could not drop old row versions after a close");
        }
    }

    /// Each target's marks, good marks and score sum over every criterion, for
    /// the targets whose results the round shows (enough ballots).
    async fn shown_figures(&self, round_id: i64) -> Result<Vec<(i64, i64, i64, i64)>> {
        let round = self.round(round_id).await?;
        let targets: Vec<i64> = self
            .round_targets(round_id)
            .await?
            .iter()
            .map(|t| t.id)
            .collect();
        let results = tally(
            &round.scale,
            round.criteria.len() as u32,
            &targets,
            u64::from(round.min_ballots),
            self.mark_counts(round_id).await?,
        )
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(results
            .into_iter()
            .filter_map(|r| {
                let f = r.overall?;
                let good = (f.good_share * f.total as f64).round() as i64;
                let score_sum = (f.mean * f.total as f64).round() as i64;
                Some((r.target, f.total as i64, good, score_sum))
            })
            .collect())
    }

    /// Rounds closed before their figures were kept at the close get them now,
    /// once: those of `org`'s subtree for the phase.
    pub(crate) async fn backfill_figures(
        &self,
        org: &crate::organisation::Organisation,
        phase_key: &str,
    ) -> Result<()> {
        let rounds: Vec<i64> = sqlx::query_scalar(
            "SELECT r.id FROM evaluation_rounds r JOIN organisations o ON o.id = r.org_id
             WHERE o.path >= $1 AND o.path < $2 AND r.phase_key = $3 AND r.closed_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM evaluation_figures f WHERE f.round_id = r.id)
               AND EXISTS (SELECT 1 FROM ballots b WHERE b.round_id = r.id)",
        )
        .bind(org.path.as_str())
        .bind(crate::organisation::subtree_end(&org.path))
        .bind(phase_key)
        .fetch_all(&self.pool)
        .await?;
        for round in rounds {
            let figures = self.shown_figures(round).await?;
            let mut tx = self.begin().await?;
            write_figures(&mut tx, round, &figures).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Marks counted per target, criterion and level.
    pub async fn mark_counts(&self, round_id: i64) -> Result<Vec<MarkCount>> {
        let rows = sqlx::query(
            "SELECT target_id, criterion, level, COUNT(*) AS marks FROM ballot_marks
             WHERE round_id = $1 GROUP BY target_id, criterion, level",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let n = |column: &str| -> Result<u64> {
                    u64::try_from(r.try_get::<i64, _>(column)?)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))
                };
                Ok(MarkCount {
                    target: r.try_get("target_id")?,
                    criterion: n("criterion")? as u32,
                    level: n("level")? as u32,
                    n: n("marks")?,
                })
            })
            .collect()
    }

    pub async fn ballot_count(&self, round_id: i64) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM ballots WHERE round_id = $1")
                .bind(round_id)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// The counted receipts of a round after `after`, sorted, `limit` of them:
    /// a page of the receipt board.
    pub async fn receipts(&self, round_id: i64, after: &str, limit: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT receipt FROM ballots WHERE round_id = $1 AND receipt > $2
             ORDER BY receipt LIMIT $3",
        )
        .bind(round_id)
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Whether a ballot with this receipt was counted in the round.
    pub async fn receipt_counted(&self, round_id: i64, receipt: &str) -> Result<bool> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM ballots WHERE round_id = $1 AND receipt = $2")
                .bind(round_id)
                .bind(receipt)
                .fetch_one(&self.pool)
                .await?;
        Ok(n > 0)
    }

    /// The results of a closed round: targets below the minimum get no figures
    /// and no comments.
    pub async fn round_results(&self, round: &Round) -> Result<RoundResults> {
        if round.closed_at.is_none() {
            return Err(StoreError::Conflict("evaluation-error-not-closed"));
        }
        let targets = self.round_targets(round.id).await?;
        let ids: Vec<i64> = targets.iter().map(|t| t.id).collect();
        let results = tally(
            &round.scale,
            round.criteria.len() as u32,
            &ids,
            u64::from(round.min_ballots),
            self.mark_counts(round.id).await?,
        )
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut comments: HashMap<i64, Vec<String>> = HashMap::new();
        for row in sqlx::query(
            "SELECT target_id, text FROM ballot_comments WHERE round_id = $1 ORDER BY id",
        )
        .bind(round.id)
        .fetch_all(&self.pool)
        .await?
        {
            comments
                .entry(row.try_get("target_id")?)
                .or_default()
                .push(row.try_get("text")?);
        }
        Ok(RoundResults {
            ballots: self.ballot_count(round.id).await?,
            targets: targets
                .into_iter()
                .zip(results)
                .map(|(target, result)| Tallied {
                    comments: if result.shown() {
                        comments.remove(&target.id).unwrap_or_default()
                    } else {
                        Vec::new()
                    },
                    target,
                    result,
                })
                .collect(),
        })
    }

    /// Rounds past their close whose closing work has not run.
    pub async fn rounds_due_to_close(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM evaluation_rounds WHERE closed_at IS NULL AND closes_at <= $1",
        )
        .bind(now_text())
        .fetch_all(&self.pool)
        .await?)
    }
}
