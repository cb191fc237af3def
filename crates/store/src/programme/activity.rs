//! Activities: one of the plan's, recorded by the branch that runs it, or one
//! of the branch's own; its owner, place, dates, participants, counts, status,
//! outcome, links and photos.

use crate::audit::change;
use crate::commitment::EvidenceFile;
use crate::{Result, Store, StoreError, audit, inbox, now_text, parse_optional_day};
use domain::date::Day;
use domain::programme::ActivityStatus;
use serde::Serialize;
use sqlx::Row;

#[derive(Clone, Debug)]
pub struct NewActivity {
    pub org_id: i64,
    pub programme_key: String,
    /// The plan's activity it records, or `None` for the branch's own.
    pub activity_key: Option<String>,
    pub phase_key: String,
    pub name: String,
    pub when_text: Option<String>,
    pub starts_on: Option<Day>,
    pub ends_on: Option<Day>,
    pub times_target: Option<u32>,
    pub participants: String,
}

/// What the branch records of an activity as it runs.
#[derive(Clone, Debug)]
pub struct ActivityChange {
    pub status: ActivityStatus,
    pub owner_person_id: Option<i64>,
    pub place: String,
    pub starts_on: Option<Day>,
    pub ends_on: Option<Day>,
    pub participants: String,
    pub participant_count: i64,
    pub served_count: i64,
    pub times_held: i64,
    pub outcome: String,
    pub commitment_id: Option<i64>,
    pub meeting_id: Option<i64>,
    pub files: Vec<EvidenceFile>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Activity {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub programme_key: String,
    pub activity_key: Option<String>,
    pub phase_key: String,
    pub name: String,
    pub owner_person_id: Option<i64>,
    pub owner_name: Option<String>,
    pub place: String,
    pub starts_on: Option<Day>,
    pub ends_on: Option<Day>,
    pub when_text: Option<String>,
    pub status: ActivityStatus,
    pub participants: String,
    pub participant_count: i64,
    pub served_count: i64,
    pub times_target: Option<i64>,
    pub times_held: i64,
    pub outcome: String,
    pub commitment_id: Option<i64>,
    pub meeting_id: Option<i64>,
    pub updated_by: String,
    pub updated_at: String,
    /// (id, filename) of its photos and files.
    pub files: Vec<(i64, String)>,
}

const COLUMNS: &str = "a.id, a.org_id, o.name AS org_name, a.programme_key, a.activity_key,
    a.phase_key, a.name, a.owner_person_id, p.name AS owner_name, a.place, a.starts_on,
    a.ends_on, a.when_text, a.status, a.participants, a.participant_count, a.served_count,
    a.times_target, a.times_held, a.outcome, a.commitment_id, a.meeting_id, a.updated_by,
    a.updated_at
    FROM activities a JOIN organisations o ON o.id = a.org_id
    LEFT JOIN people p ON p.id = a.owner_person_id";

fn activity(r: &sqlx::any::AnyRow) -> Result<Activity> {
    let status: String = r.try_get("status")?;
    Ok(Activity {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        programme_key: r.try_get("programme_key")?,
        activity_key: r.try_get("activity_key")?,
        phase_key: r.try_get("phase_key")?,
        name: r.try_get("name")?,
        owner_person_id: r.try_get("owner_person_id")?,
        owner_name: r.try_get("owner_name")?,
        place: r.try_get("place")?,
        starts_on: parse_optional_day(r.try_get("starts_on")?)?,
        ends_on: parse_optional_day(r.try_get("ends_on")?)?,
        when_text: r.try_get("when_text")?,
        status: ActivityStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("activity status {status}")))?,
        participants: r.try_get("participants")?,
        participant_count: r.try_get("participant_count")?,
        served_count: r.try_get("served_count")?,
        times_target: r.try_get("times_target")?,
        times_held: r.try_get("times_held")?,
        outcome: r.try_get("outcome")?,
        commitment_id: r.try_get("commitment_id")?,
        meeting_id: r.try_get("meeting_id")?,
        updated_by: r.try_get("updated_by")?,
        updated_at: r.try_get("updated_at")?,
        files: Vec::new(),
    })
}

impl Store {
    /// Records an activity as planned. A plan activity is recorded once per
    /// organisation: a second start answers the first record's id.
    pub async fn add_activity(&self, actor: &str, a: &NewActivity) -> Result<i64> {
        let mut tx = self.begin().await?;
        if let Some(key) = &a.activity_key {
            let existing: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM activities WHERE org_id = $1 AND activity_key = $2",
            )
            .bind(a.org_id)
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(id) = existing {
                return Ok(id);
            }
        }
        let now = now_text();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO activities (org_id, programme_key, activity_key, phase_key, name,
                starts_on, ends_on, when_text, status, participants, times_target,
                created_by, created_at, updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'planned', $9, $10, $11, $12, $11, $12)
             RETURNING id",
        )
        .bind(a.org_id)
        .bind(&a.programme_key)
        .bind(&a.activity_key)
        .bind(&a.phase_key)
        .bind(&a.name)
        .bind(a.starts_on.map(|d| d.to_string()))
        .bind(a.ends_on.map(|d| d.to_string()))
        .bind(&a.when_text)
        .bind(&a.participants)
        .bind(a.times_target.map(i64::from))
        .bind(actor)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            change(actor, "create", "activity", id, a.name.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records how an activity runs; a newly named owner is told.
    pub async fn change_activity(&self, actor: &str, id: i64, c: &ActivityChange) -> Result<()> {
        let mut tx = self.begin().await?;
        let before: Option<i64> =
            sqlx::query_scalar("SELECT owner_person_id FROM activities WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        sqlx::query(
            "UPDATE activities SET status = $1, owner_person_id = $2, place = $3, starts_on = $4,
                ends_on = $5, participants = $6, participant_count = $7, served_count = $8,
                times_held = $9, outcome = $10, commitment_id = $11, meeting_id = $12,
                updated_by = $13, updated_at = $14
             WHERE id = $15",
        )
        .bind(c.status.as_str())
        .bind(c.owner_person_id)
        .bind(&c.place)
        .bind(c.starts_on.map(|d| d.to_string()))
        .bind(c.ends_on.map(|d| d.to_string()))
        .bind(&c.participants)
        .bind(c.participant_count)
        .bind(c.served_count)
        .bind(c.times_held)
        .bind(&c.outcome)
        .bind(c.commitment_id)
        .bind(c.meeting_id)
        .bind(actor)
        .bind(now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        crate::attachment::store_files(&mut tx, "activity_files", "activity_id", id, &c.files)
            .await?;
        if let Some(owner) = c.owner_person_id.filter(|o| Some(*o) != before) {
            let name: String = sqlx::query_scalar("SELECT name FROM activities WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            inbox::tell(
                &mut tx,
                &[owner],
                "notice-activity-owner",
                &[("name", name)],
                &format!("/activities/{id}"),
            )
            .await?;
        }
        audit::record(
            &mut tx,
            change(
                actor,
                "update",
                "activity",
                id,
                c.status.as_str().to_string(),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn activity(&self, id: i64) -> Result<Activity> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} WHERE a.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut a = activity(&r)?;
        a.files = crate::attachment::file_names(self, "activity_files", "activity_id", id).await?;
        Ok(a)
    }

    /// An organisation's activities, the plan's first in plan order of keys,
    /// then its own by date.
    pub async fn activities(&self, org_id: i64) -> Result<Vec<Activity>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} WHERE a.org_id = $1 ORDER BY a.programme_key, a.starts_on, a.id"
        )))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(activity).collect()
    }

    /// A photo or file of an activity, with the activity's id.
    pub async fn activity_file(&self, id: i64) -> Result<(i64, EvidenceFile)> {
        crate::attachment::stored_file(self, "activity_files", "activity_id", id).await
    }
}
