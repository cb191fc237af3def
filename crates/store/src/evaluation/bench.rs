//! For the benchmarks (`chuangxian bench cast|tally`): loading a large round
//! fast, and the plain SQL they measure the real code against. Nothing in the
//! application calls these.

use super::NewTarget;
use super::cast::{MarkRow, ROWS_PER_INSERT, insert_marks, values_sql as insert_sql};
use crate::{Conn, Dialect, Result, Store, random_hex, random_ids};
use domain::evaluation::code::Code;
use domain::evaluation::{RoundCriterion, RoundDraft, RoundKind, default_scale};
use domain::organisation::OrgKind;
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// A ballot's rows as the loader writes them: its id, receipt, and marks as
/// (target, criterion, level, mark id).
pub struct LoadBallot {
    pub id: String,
    pub receipt: String,
    pub marks: Vec<(i64, i64, i64, i64)>,
}

/// The ballots' rows, many a statement, the marks as the ballot box writes them.
async fn write_ballots(conn: &mut Conn, round_id: i64, ballots: &[LoadBallot]) -> Result<()> {
    let mut marks: Vec<MarkRow> = ballots
        .iter()
        .flat_map(|b| {
            b.marks
                .iter()
                .map(|(t, c, l, id)| (round_id, *t, *c, *l, *id))
        })
        .collect();
    insert_marks(conn, &mut marks).await?;
    for chunk in ballots.chunks(ROWS_PER_INSERT) {
        let sql = insert_sql(
            "INSERT INTO ballots (id, round_id, receipt) VALUES ",
            3,
            chunk.len(),
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in chunk {
            q = q
                .bind(b.id.as_str())
                .bind(round_id)
                .bind(b.receipt.as_str());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

impl Store {
    /// A round open from an hour ago for a day, run by a new organisation of
    /// `kind`, over `targets` targets named `name` and a number, each rated on
    /// `criteria` criteria; its id and its target ids.
    pub async fn bench_round(
        &self,
        kind: RoundKind,
        targets: usize,
        criteria: i64,
        name: &str,
    ) -> Result<(i64, Vec<i64>)> {
        let org_kind = match kind {
            RoundKind::Members => OrgKind::Branch,
            RoundKind::Branches => OrgKind::Committee,
        };
        let org = self
            .create_organisation("bench", None, org_kind, "基准测试")
            .await?;
        let now = OffsetDateTime::now_utc();
        let draft = RoundDraft {
            title: "基准测试评议".into(),
            kind,
            standard_key: "bench".into(),
            standard_name: "基准测试标准".into(),
            criteria: (0..criteria)
                .map(|i| RoundCriterion {
                    key: format!("c{i}"),
                    name: format!("项目{i}"),
                    text: String::new(),
                })
                .collect(),
            scale: default_scale(["好", "较好", "一般", "差"].map(String::from)),
            opens_at: now - time::Duration::hours(1),
            closes_at: now + time::Duration::days(1),
            min_ballots: 5,
            phase_key: "bench".into(),
        };
        let new_targets: Vec<NewTarget> = (0..targets)
            .map(|i| NewTarget {
                org_id: None,
                person_id: None,
                name: format!("{name}{i:05}"),
            })
            .collect();
        let round = self
            .create_round("bench", org.id, &draft, &new_targets)
            .await?;
        let ids = self
            .round_targets(round)
            .await?
            .iter()
            .map(|t| t.id)
            .collect();
        Ok((round, ids))
    }

    /// Writes ballots and their marks in one transaction, many rows a
    /// statement, the marks in key order as a closed round keeps them.
    pub async fn load_ballots(&self, round_id: i64, ballots: &[LoadBallot]) -> Result<()> {
        let mut tx = self.begin().await?;
        write_ballots(&mut tx, round_id, ballots).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The tally's aggregate as one plain query, every row fetched: the
    /// baseline of the tally benchmark. Returns the number of groups.
    pub async fn plain_group_by(&self, round_id: i64) -> Result<usize> {
        Ok(sqlx::query(
            "SELECT target_id, criterion, level, COUNT(*) FROM ballot_marks
             WHERE round_id = $1 GROUP BY target_id, criterion, level",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?
        .len())
    }

    /// The rows of casting, written plainly: per transaction of `batch`
    /// ballots, the codes marked used in one statement, then the ballots and
    /// one mark per (target, criterion), many rows a statement, on one
    /// connection. The baseline of the casting benchmark; how long it took.
    pub async fn plain_cast_loop(
        &self,
        round_id: i64,
        targets: &[i64],
        criteria: i64,
        codes: &[Code],
        batch: usize,
    ) -> Result<Duration> {
        let hashes: Vec<String> = codes.iter().map(Code::hash).collect();
        let mut conn = self.pool.acquire().await?;
        let started = Instant::now();
        let mut n: i64 = 0;
        for chunk in hashes.chunks(batch) {
            // SQLite takes its write lock at once, as the ballot box does.
            let begin = match self.dialect {
                Dialect::Sqlite => "BEGIN IMMEDIATE",
                Dialect::Postgres => "BEGIN",
            };
            sqlx::query(begin).execute(&mut *conn).await?;
            let binds: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "UPDATE evaluation_codes SET state = 'used'
                 WHERE round_id = $1 AND state = 'issued' AND hash IN ({}) RETURNING hash",
                binds.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(round_id);
            for h in chunk {
                q = q.bind(h.as_str());
            }
            q.fetch_all(&mut *conn).await?;
            // The same rows as casting writes: random ids for ballots and marks.
            let ballots: Vec<LoadBallot> = chunk
                .iter()
                .map(|_| {
                    n += 1;
                    let mut ids = random_ids(targets.len() * criteria as usize)?.into_iter();
                    let mut marks = Vec::with_capacity(targets.len() * criteria as usize);
                    for (i, t) in targets.iter().enumerate() {
                        for c in 0..criteria {
                            marks.push((*t, c, (n + i as i64 + c) % 4, ids.next().unwrap_or(n)));
                        }
                    }
                    Ok(LoadBallot {
                        id: random_hex(16)?,
                        receipt: format!("{n:012}"),
                        marks,
                    })
                })
                .collect::<Result<_>>()?;
            write_ballots(&mut conn, round_id, &ballots).await?;
            sqlx::query("COMMIT").execute(&mut *conn).await?;
        }
        Ok(started.elapsed())
    }
}
