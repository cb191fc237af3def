//! The study log (学习台账): reading minutes per day and each person's standing
//! on the plan's quotas, kept current in the same transaction as every change.
//! The records (books, reflections, research topics and articles) and their
//! files are in `record`, the 晒书 wall and 荐书 list in `books`, the standings
//! read back and the reminders in `compliance`, the meetings in `meeting` and
//! who came to them in `attendance`.

mod attendance;
#[cfg(feature = "bench")]
pub mod bench;
mod books;
mod compliance;
pub mod meeting;
mod record;

pub use books::Recommendation;
pub use compliance::{OrgStanding, PeopleGroup, Reminder, StandingRow};
pub use record::{NewFile, NewRecord, Record, StoredFile};

use crate::audit::change;
use crate::{Result, Store, StoreError, Tx, audit, parse_day};
use domain::date::Day;
use domain::plan::{Period, QuotaUnit};
use domain::study::{Span, amounts_by_period, record_kind, standing};
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

    /// Rewrites a person's standing on every quota, e.g. after the plan changed.
    pub async fn restand(&self, person_id: i64, scope: &StudyScope) -> Result<()> {
        let mut tx = self.begin().await?;
        restand(&mut tx, person_id, scope, None).await?;
        tx.commit().await?;
        Ok(())
    }
}
