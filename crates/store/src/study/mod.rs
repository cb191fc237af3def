//! The study log (学习台账): reading minutes per day, books, reflections, research
//! topics and articles, and each person's standing on the plan's quotas, kept
//! current in the same transaction as every change. The 晒书 wall and 荐书 list
//! are in `books`, the standings read back and the reminders in `compliance`,
//! the meetings in `meeting`.

#[cfg(feature = "bench")]
pub mod bench;
mod books;
mod compliance;
pub mod meeting;

pub use books::Recommendation;
pub use compliance::{OrgStanding, PeopleGroup, Reminder, StandingRow};

use crate::audit::change;
use crate::{Conn, Result, Store, StoreError, Tx, audit, now_text};
use domain::date::Day;
use domain::plan::{Period, QuotaUnit};
use domain::study::{RecordKind, Span, amounts_by_period, record_kind, standing};
use sqlx::Row;

/// A quota as the store needs it to keep standings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuotaRule {
    pub key: String,
    pub period: Period,
    pub target: u32,
    pub unit: QuotaUnit,
}

/// The quotas that apply to one person, the days they are covered, and today.
#[derive(Clone, Debug)]
pub struct StudyScope {
    pub rules: Vec<QuotaRule>,
    pub covered: Span,
    pub today: Day,
}

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

const RECORD: &str = "SELECT r.id, r.person_id, p.name AS person_name, r.org_id, r.kind, r.title,
    r.author, r.body, r.day, r.file_id, f.filename, r.shared,
    (SELECT COUNT(*) FROM study_likes l WHERE l.record_id = r.id) AS likes
    FROM study_records r JOIN people p ON p.id = r.person_id
    LEFT JOIN study_files f ON f.id = r.file_id";

fn record(row: &sqlx::any::AnyRow) -> Result<Record> {
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

pub(crate) fn parse_day(text: String) -> Result<Day> {
    Day::parse_iso(&text).ok_or(StoreError::Corrupt(text))
}

pub(crate) async fn insert_file(
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

/// Rewrites a person's standing on every rule of `scope` that counts `unit`
/// (all of them when `None`), from their whole log.
pub(crate) async fn restand(
    tx: &mut Tx,
    person_id: i64,
    scope: &StudyScope,
    unit: Option<QuotaUnit>,
) -> Result<()> {
    for rule in scope
        .rules
        .iter()
        .filter(|r| unit.is_none_or(|u| u == r.unit))
    {
        let rows = match record_kind(rule.unit) {
            None => {
                sqlx::query("SELECT day, minutes FROM study_reading WHERE person_id = $1")
                    .bind(person_id)
                    .fetch_all(&mut **tx)
                    .await?
            }
            Some(kind) => sqlx::query(
                "SELECT day, 1 AS minutes FROM study_records WHERE person_id = $1 AND kind = $2",
            )
            .bind(person_id)
            .bind(kind.as_str())
            .fetch_all(&mut **tx)
            .await?,
        };
        let mut entries = Vec::with_capacity(rows.len());
        for row in &rows {
            entries.push((
                parse_day(row.try_get("day")?)?,
                row.try_get::<i64, _>("minutes")? as u64,
            ));
        }
        let amounts = amounts_by_period(rule.period, entries);
        let s = standing(
            rule.period,
            rule.target,
            scope.covered,
            scope.today,
            &amounts,
        );
        sqlx::query(
            "INSERT INTO study_standing (person_id, quota_key, met_periods, latest_met)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (person_id, quota_key)
             DO UPDATE SET met_periods = excluded.met_periods, latest_met = excluded.latest_met",
        )
        .bind(person_id)
        .bind(&rule.key)
        .bind(s.met_all as i64)
        .bind(s.latest_met.map(|d| d.to_string()))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Store {
    /// Sets the minutes read on each day given; zero clears the day.
    pub async fn save_reading(
        &self,
        actor: &str,
        person_id: i64,
        days: &[(Day, u32)],
        scope: &StudyScope,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        for (day, minutes) in days {
            if *minutes == 0 {
                sqlx::query("DELETE FROM study_reading WHERE person_id = $1 AND day = $2")
                    .bind(person_id)
                    .bind(day.to_string())
                    .execute(&mut *tx)
                    .await?;
            } else {
                sqlx::query(
                    "INSERT INTO study_reading (person_id, day, minutes) VALUES ($1, $2, $3)
                     ON CONFLICT (person_id, day) DO UPDATE SET minutes = excluded.minutes",
                )
                .bind(person_id)
                .bind(day.to_string())
                .bind(*minutes as i64)
                .execute(&mut *tx)
                .await?;
            }
        }
        restand(&mut tx, person_id, scope, Some(QuotaUnit::Minutes)).await?;
        let summary = days
            .iter()
            .map(|(d, m)| format!("{d}={m}"))
            .collect::<Vec<_>>()
            .join(" ");
        audit::record(
            &mut tx,
            change(actor, "save", "study_reading", person_id, summary),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds minutes to a day (a quick tap) and returns the day's total. Two taps
    /// at once both count; a total over a day's worth refuses and changes nothing.
    pub async fn add_reading(
        &self,
        actor: &str,
        person_id: i64,
        day: Day,
        minutes: u32,
        scope: &StudyScope,
    ) -> Result<u32> {
        let mut tx = self.begin().await?;
        let total: i64 = sqlx::query_scalar(
            "INSERT INTO study_reading (person_id, day, minutes) VALUES ($1, $2, $3)
             ON CONFLICT (person_id, day) DO UPDATE SET minutes = study_reading.minutes + excluded.minutes
             RETURNING minutes",
        )
        .bind(person_id)
        .bind(day.to_string())
        .bind(minutes as i64)
        .fetch_one(&mut *tx)
        .await?;
        if total > domain::study::MAX_MINUTES_A_DAY as i64 {
            return Err(StoreError::Conflict(
                domain::study::StudyProblem::MinutesOverADay.message_id(),
            ));
        }
        restand(&mut tx, person_id, scope, Some(QuotaUnit::Minutes)).await?;
        audit::record(
            &mut tx,
            change(
                actor,
                "add",
                "study_reading",
                person_id,
                format!("{day}+{minutes}"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(total as u32)
    }

    /// Minutes read per day inside `span`, in order.
    pub async fn reading(&self, person_id: i64, span: Span) -> Result<Vec<(Day, u32)>> {
        let rows = sqlx::query(
            "SELECT day, minutes FROM study_reading WHERE person_id = $1 AND day >= $2 AND day <= $3
             ORDER BY day",
        )
        .bind(person_id)
        .bind(span.first.to_string())
        .bind(span.last.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    parse_day(r.try_get("day")?)?,
                    r.try_get::<i64, _>("minutes")? as u32,
                ))
            })
            .collect()
    }

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

    /// Rewrites a person's standing on every quota, e.g. after the plan changed.
    pub async fn restand(&self, person_id: i64, scope: &StudyScope) -> Result<()> {
        let mut tx = self.begin().await?;
        restand(&mut tx, person_id, scope, None).await?;
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
