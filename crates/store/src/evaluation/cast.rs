//! Casting a batch of ballots in one transaction: each code found by its hash,
//! each ballot checked against the round's shape and the targets its code
//! covers, the codes marked used only from `issued`, then the ballots and their
//! marks stored in multi-row inserts.

use super::ballot_box::{Cast, Outcome};
use crate::{Conn, Result, Store, now_text, random_hex, random_ids};
use domain::evaluation::ballot::{Ballot, Mark, check_ballot};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// What a ballot is checked against: the round's criteria, levels, targets.
struct Shape {
    criteria: u32,
    levels: u32,
    targets: Vec<i64>,
}

/// A code as the batch finds it.
struct Found {
    round_id: i64,
    state: String,
    /// The targets its batch covers; empty for all.
    scope: Vec<i64>,
}

/// A checked ballot about to be stored.
struct Checked<'a> {
    round_id: i64,
    hash: &'a str,
    receipt: String,
    ballot: Ballot,
}

/// Rows per multi-row insert: few statements, few distinct ones to prepare.
pub(crate) const ROWS_PER_INSERT: usize = 100;

impl Store {
    /// Casts every ballot in one transaction; one outcome each, in order. When
    /// the batch fails, each cast is tried again on its own, so that one bad
    /// cast fails alone: it gets `None`, and nothing of it is stored.
    pub async fn cast_all(&self, casts: &[Cast]) -> Result<Vec<Option<Outcome>>> {
        match self.cast_together(casts).await {
            Ok(outcomes) => Ok(outcomes.into_iter().map(Some).collect()),
            Err(e) => {
                tracing::warn!(error = %e, ballots = casts.len(), "a batch failed; casting one by one");
                let mut outcomes = Vec::with_capacity(casts.len());
                for cast in casts {
                    match self.cast_together(std::slice::from_ref(cast)).await {
                        Ok(mut one) => outcomes.push(one.pop()),
                        Err(e) => {
                            tracing::warn!(error = %e, "one cast failed");
                            outcomes.push(None);
                        }
                    }
                }
                Ok(outcomes)
            }
        }
    }

    /// One transaction for all: find every code in one statement, lock each
    /// round and check it is open, check each ballot, mark the codes of the
    /// good ones used in one statement, and store the ballots of the codes
    /// marked now, many rows a statement.
    async fn cast_together(&self, casts: &[Cast]) -> Result<Vec<Outcome>> {
        let mut tx = self.begin().await?;
        let now = now_text();
        let hashes: Vec<String> = casts.iter().map(|c| c.code.hash()).collect();
        let found = find_codes(&mut tx, &hashes).await?;
        let mut rounds: BTreeMap<i64, Option<Shape>> = BTreeMap::new();
        for f in found.values() {
            rounds.entry(f.round_id).or_insert(None);
        }
        for (round_id, shape) in rounds.iter_mut() {
            if lock_open_round(&mut tx, *round_id, &now).await? {
                *shape = Some(round_shape(&mut tx, *round_id).await?);
            }
        }
        let mut outcomes = Vec::with_capacity(casts.len());
        let mut checked: Vec<(usize, Checked)> = Vec::new();
        for (i, (cast, hash)) in casts.iter().zip(&hashes).enumerate() {
            let receipt = cast.code.receipt();
            let outcome = match found.get(hash) {
                None => Outcome::Unknown,
                Some(f) if cast.only_round.is_some_and(|r| r != f.round_id) => Outcome::Unknown,
                Some(f) => match (&rounds[&f.round_id], f.state.as_str()) {
                    (None, _) => Outcome::NotOpen {
                        round_id: f.round_id,
                    },
                    (Some(_), "used") => Outcome::AlreadyCounted {
                        round_id: f.round_id,
                        receipt,
                    },
                    (Some(_), "revoked") => Outcome::Revoked,
                    (Some(shape), _) => {
                        let scope = if f.scope.is_empty() {
                            &shape.targets
                        } else {
                            &f.scope
                        };
                        match check_ballot(scope, shape.criteria, shape.levels, &cast.input) {
                            Err(problems) => Outcome::Incomplete(problems),
                            Ok(ballot) => {
                                checked.push((
                                    i,
                                    Checked {
                                        round_id: f.round_id,
                                        hash,
                                        receipt,
                                        ballot,
                                    },
                                ));
                                // Settled below, once the code is marked.
                                Outcome::Unknown
                            }
                        }
                    }
                },
            };
            outcomes.push(outcome);
        }
        let candidates: BTreeSet<&str> = checked.iter().map(|(_, c)| c.hash).collect();
        let marked = mark_used(&mut tx, &candidates).await?;
        let mut to_store = Vec::new();
        let mut stored: HashSet<&str> = HashSet::new();
        for (i, c) in checked {
            outcomes[i] = if marked.contains(c.hash) && stored.insert(c.hash) {
                let outcome = Outcome::Counted {
                    round_id: c.round_id,
                    receipt: c.receipt.clone(),
                };
                to_store.push(c);
                outcome
            } else {
                // Marked by another cast of this batch, or by another server.
                Outcome::AlreadyCounted {
                    round_id: c.round_id,
                    receipt: c.receipt,
                }
            };
        }
        store_ballots(&mut tx, &to_store).await?;
        tx.commit().await?;
        Ok(outcomes)
    }
}

/// The codes among `hashes`, with their round, state and scope.
async fn find_codes(conn: &mut Conn, hashes: &[String]) -> Result<HashMap<String, Found>> {
    let distinct: BTreeSet<&str> = hashes.iter().map(String::as_str).collect();
    let sql = format!(
        "SELECT t.hash, t.round_id, t.state, b.scope FROM evaluation_codes t
         JOIN evaluation_batches b ON b.id = t.batch_id WHERE t.hash IN ({})",
        binds(1, distinct.len())
    );
    let mut q = sqlx::query_as::<_, (String, i64, String, String)>(sqlx::AssertSqlSafe(sql));
    for h in &distinct {
        q = q.bind(*h);
    }
    q.fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(hash, round_id, state, scope)| {
            Ok((
                hash,
                Found {
                    round_id,
                    state,
                    scope: super::json(&scope)?,
                },
            ))
        })
        .collect()
}

/// The round's criteria, levels and targets, as its ballots are checked.
async fn round_shape(conn: &mut Conn, round_id: i64) -> Result<Shape> {
    let (criteria, scale): (String, String) =
        sqlx::query_as("SELECT criteria, scale FROM evaluation_rounds WHERE id = $1")
            .bind(round_id)
            .fetch_one(&mut *conn)
            .await?;
    let count = |text: &str| -> Result<u32> {
        Ok(super::json::<Vec<serde_json::Value>>(text)?.len() as u32)
    };
    Ok(Shape {
        criteria: count(&criteria)?,
        levels: count(&scale)?,
        targets: sqlx::query_scalar(
            "SELECT id FROM evaluation_targets WHERE round_id = $1 ORDER BY position",
        )
        .bind(round_id)
        .fetch_all(&mut *conn)
        .await?,
    })
}

/// True when the round is open at `now`. On PostgreSQL the no-op update also
/// locks the round's row until commit, so closing the round waits for casts in
/// flight, and a cast after the close sees it closed.
async fn lock_open_round(conn: &mut Conn, round_id: i64, now: &str) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE evaluation_rounds SET closed_at = closed_at
         WHERE id = $1 AND closed_at IS NULL AND opens_at <= $2 AND closes_at > $2",
    )
    .bind(round_id)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

/// `$from, $from+1, …` for `n` binds.
fn binds(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Marks the codes among `hashes` used, where they were unused; the hashes
/// it marked. Only this moves a code from `issued`, so of racing
/// transactions exactly one marks it.
async fn mark_used(conn: &mut Conn, hashes: &BTreeSet<&str>) -> Result<HashSet<String>> {
    if hashes.is_empty() {
        return Ok(HashSet::new());
    }
    let sql = format!(
        "UPDATE evaluation_codes SET state = 'used'
         WHERE state = 'issued' AND hash IN ({}) RETURNING hash",
        binds(1, hashes.len())
    );
    let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
    for h in hashes {
        q = q.bind(*h);
    }
    Ok(q.fetch_all(&mut *conn).await?.into_iter().collect())
}

/// The ballots, their marks and their comments, each under random ids that
/// tie none of them to another.
async fn store_ballots(conn: &mut Conn, casts: &[Checked<'_>]) -> Result<()> {
    let ballots: Vec<(String, i64, &str)> = casts
        .iter()
        .map(|c| Ok((random_hex(16)?, c.round_id, c.receipt.as_str())))
        .collect::<Result<_>>()?;
    for chunk in ballots.chunks(ROWS_PER_INSERT) {
        let sql = values_sql(
            "INSERT INTO ballots (id, round_id, receipt) VALUES ",
            3,
            chunk.len(),
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, round, receipt) in chunk {
            q = q.bind(id.as_str()).bind(*round).bind(*receipt);
        }
        q.execute(&mut *conn).await?;
    }
    let marks: Vec<(i64, &Mark)> = casts
        .iter()
        .flat_map(|c| c.ballot.marks.iter().map(move |m| (c.round_id, m)))
        .collect();
    let ids = random_ids(marks.len())?;
    let mut marks: Vec<MarkRow> = marks
        .iter()
        .zip(ids)
        .map(|((round, m), id)| {
            (
                *round,
                m.target,
                i64::from(m.criterion),
                i64::from(m.level),
                id,
            )
        })
        .collect();
    insert_marks(conn, &mut marks).await?;
    let comments: Vec<(String, i64, i64, &str)> = casts
        .iter()
        .flat_map(|c| {
            c.ballot
                .comments
                .iter()
                .map(move |(t, text)| (c.round_id, *t, text.as_str()))
        })
        .map(|(round, target, text)| Ok((random_hex(16)?, round, target, text)))
        .collect::<Result<_>>()?;
    for chunk in comments.chunks(ROWS_PER_INSERT) {
        let sql = values_sql(
            "INSERT INTO ballot_comments (id, round_id, target_id, text) VALUES ",
            4,
            chunk.len(),
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, round, target, text) in chunk {
            q = q.bind(id.as_str()).bind(*round).bind(*target).bind(*text);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A mark as stored: round, target, criterion, level, random id.
pub(crate) type MarkRow = (i64, i64, i64, i64, i64);

/// Writes marks, sorted first into key order so that a batch touches each
/// page of the table once. Marks are integers the server made or checked, so
/// they are written as literals: binding tens of thousands of values one by
/// one through the driver costs more than SQLite reading them from the
/// statement.
pub(crate) async fn insert_marks(conn: &mut Conn, marks: &mut [MarkRow]) -> Result<()> {
    marks.sort_unstable();
    for chunk in marks.chunks(ROWS_PER_INSERT) {
        let rows: Vec<String> = chunk
            .iter()
            .map(|(round, target, criterion, level, id)| {
                format!("({round},{target},{criterion},{level},{id})")
            })
            .collect();
        let sql = format!(
            "INSERT INTO ballot_marks (round_id, target_id, criterion, level, id) VALUES {}",
            rows.join(",")
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .persistent(false)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// `head` followed by `rows` groups of `columns` numbered binds.
pub(crate) fn values_sql(head: &str, columns: usize, rows: usize) -> String {
    let groups: Vec<String> = (0..rows)
        .map(|r| format!("({})", binds(r * columns + 1, columns)))
        .collect();
    format!("{head}{}", groups.join(", "))
}
