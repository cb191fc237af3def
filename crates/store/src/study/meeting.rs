//! The branch's meetings: schedule, expected attendees, minutes and files, and
//! the reflections a reading exchange heard. Who came is in `attendance`.

pub use super::attendance::Attendee;
use super::record::{NewFile, Record, insert_file, record};
use crate::audit::change;
use crate::{Result, Store, StoreError, audit, now_text, time_text};
use domain::plan::MeetingKind;
use domain::study::Attendance;
use sqlx::Row;
use time::OffsetDateTime;

#[derive(Clone, Debug, serde::Serialize)]
pub struct Meeting {
    pub id: i64,
    pub org_id: i64,
    pub kind: MeetingKind,
    pub topic: String,
    /// UTC text.
    pub starts_at: String,
    pub place: String,
    pub host: String,
    pub recorder: String,
    pub lecturer: String,
    pub minutes: String,
    #[serde(skip)]
    pub checkin_code: String,
    pub checkin_window: u32,
    /// Attendees by state: expected (unmarked), present, on leave, absent.
    pub counts: [i64; 4],
}

impl Meeting {
    pub fn expected_total(&self) -> i64 {
        self.counts.iter().sum()
    }
}

#[derive(Clone, Debug)]
pub struct MeetingDraft {
    pub kind: MeetingKind,
    pub topic: String,
    pub starts_at: OffsetDateTime,
    pub place: String,
    pub host: String,
    pub recorder: String,
    pub lecturer: String,
    pub checkin_window: u32,
    pub expected: Vec<i64>,
}

const MEETING: &str = "SELECT m.id, m.org_id, m.kind, m.topic, m.starts_at, m.place, m.host,
    m.recorder, m.lecturer, m.minutes, m.checkin_code, m.checkin_window,
    (SELECT COUNT(*) FROM meeting_attendees a WHERE a.meeting_id = m.id AND a.state = 'expected')
        AS expected,
    (SELECT COUNT(*) FROM meeting_attendees a WHERE a.meeting_id = m.id AND a.state = 'present')
        AS present,
    (SELECT COUNT(*) FROM meeting_attendees a WHERE a.meeting_id = m.id AND a.state = 'leave')
        AS on_leave,
    (SELECT COUNT(*) FROM meeting_attendees a WHERE a.meeting_id = m.id AND a.state = 'absent')
        AS absent
    FROM meetings m";

fn meeting(row: &sqlx::any::AnyRow) -> Result<Meeting> {
    let kind: String = row.try_get("kind")?;
    Ok(Meeting {
        id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        kind: MeetingKind::parse(&kind).ok_or(StoreError::Corrupt(kind))?,
        topic: row.try_get("topic")?,
        starts_at: row.try_get("starts_at")?,
        place: row.try_get("place")?,
        host: row.try_get("host")?,
        recorder: row.try_get("recorder")?,
        lecturer: row.try_get("lecturer")?,
        minutes: row.try_get("minutes")?,
        checkin_code: row.try_get("checkin_code")?,
        checkin_window: row.try_get::<i64, _>("checkin_window")? as u32,
        counts: [
            row.try_get("expected")?,
            row.try_get("present")?,
            row.try_get("on_leave")?,
            row.try_get("absent")?,
        ],
    })
}

impl Store {
    pub async fn create_meeting(&self, actor: &str, org_id: i64, d: &MeetingDraft) -> Result<i64> {
        let now = now_text();
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO meetings (org_id, kind, topic, starts_at, place, host, recorder, lecturer,
                 checkin_code, checkin_window, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
        )
        .bind(org_id)
        .bind(d.kind.as_str())
        .bind(&d.topic)
        .bind(time_text(d.starts_at))
        .bind(&d.place)
        .bind(&d.host)
        .bind(&d.recorder)
        .bind(&d.lecturer)
        .bind(crate::random_hex(16)?)
        .bind(d.checkin_window as i64)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        for person in &d.expected {
            sqlx::query(
                "INSERT INTO meeting_attendees (meeting_id, person_id, state) VALUES ($1, $2, 'expected')",
            )
            .bind(id)
            .bind(person)
            .execute(&mut *tx)
            .await?;
        }
        audit::record(
            &mut tx,
            change(
                actor,
                "create",
                "meeting",
                id,
                format!("{} {}", d.kind.as_str(), d.topic),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn meeting(&self, id: i64) -> Result<Meeting> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{MEETING} WHERE m.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        meeting(&row)
    }

    /// An organisation's meetings, newest first.
    pub async fn meetings(&self, org_id: i64) -> Result<Vec<Meeting>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{MEETING} WHERE m.org_id = $1 ORDER BY m.starts_at DESC, m.id DESC"
        )))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(meeting).collect()
    }

    /// The meetings a person is expected at, newest first, with their attendance.
    pub async fn my_meetings(&self, person_id: i64) -> Result<Vec<(Meeting, Attendance)>> {
        let select = MEETING.replacen(" FROM meetings m", ", x.state FROM meetings m", 1);
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{select} JOIN meeting_attendees x ON x.meeting_id = m.id AND x.person_id = $1
             ORDER BY m.starts_at DESC LIMIT 100"
        )))
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let state: String = row.try_get("state")?;
                Ok((
                    meeting(row)?,
                    Attendance::parse(&state).ok_or(StoreError::Corrupt(state))?,
                ))
            })
            .collect()
    }

    pub async fn save_minutes(&self, actor: &str, meeting_id: i64, minutes: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE meetings SET minutes = $2, updated_at = $3 WHERE id = $1")
            .bind(meeting_id)
            .bind(minutes)
            .bind(now_text())
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            change(actor, "minutes", "meeting", meeting_id, String::new()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn add_meeting_file(
        &self,
        actor: &str,
        meeting_id: i64,
        org_id: i64,
        file: &NewFile,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id = insert_file(&mut tx, org_id, None, file).await?;
        sqlx::query("INSERT INTO meeting_files (meeting_id, file_id) VALUES ($1, $2)")
            .bind(meeting_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            change(actor, "file", "meeting", meeting_id, file.filename.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A meeting's files: id and name.
    pub async fn meeting_files(&self, meeting_id: i64) -> Result<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT f.id, f.filename FROM meeting_files mf JOIN study_files f ON f.id = mf.file_id
             WHERE mf.meeting_id = $1 ORDER BY f.id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("filename")?)))
            .collect()
    }

    /// Records the reflections presented at a reading exchange; they must be
    /// reflections of the meeting's organisation.
    pub async fn present_reflections(
        &self,
        actor: &str,
        meeting_id: i64,
        record_ids: &[i64],
    ) -> Result<()> {
        let m = self.meeting(meeting_id).await?;
        let mut tx = self.begin().await?;
        for id in record_ids {
            let ok = sqlx::query(
                "SELECT 1 FROM study_records WHERE id = $1 AND org_id = $2 AND kind = 'reflection'",
            )
            .bind(id)
            .bind(m.org_id)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
            if !ok {
                return Err(StoreError::Conflict("meeting-error-reflection"));
            }
            sqlx::query(
                "INSERT INTO meeting_reflections (meeting_id, record_id) VALUES ($1, $2)
                 ON CONFLICT (meeting_id, record_id) DO NOTHING",
            )
            .bind(meeting_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        audit::record(
            &mut tx,
            change(
                actor,
                "reflections",
                "meeting",
                meeting_id,
                format!("{record_ids:?}"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn meeting_reflections(&self, meeting_id: i64) -> Result<Vec<Record>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{} WHERE r.id IN (SELECT record_id FROM meeting_reflections WHERE meeting_id = $1)
             ORDER BY r.id",
            super::record::RECORD
        )))
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(record).collect()
    }

    /// When each meeting of the organisation started, by kind, up to `before`.
    pub async fn meetings_held(
        &self,
        org_id: i64,
        before: OffsetDateTime,
    ) -> Result<Vec<(MeetingKind, String)>> {
        let rows = sqlx::query(
            "SELECT kind, starts_at FROM meetings WHERE org_id = $1 AND starts_at <= $2",
        )
        .bind(org_id)
        .bind(time_text(before))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok((
                    MeetingKind::parse(&kind).ok_or(StoreError::Corrupt(kind))?,
                    r.try_get("starts_at")?,
                ))
            })
            .collect()
    }
}
