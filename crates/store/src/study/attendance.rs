//! Who came to a meeting: attendance marked by hand for the expected, and
//! check-in with the code of the meeting's QR inside its window.

use crate::audit::change;
use crate::{Result, Store, StoreError, audit, now_text, parse_time_text, time_text};
use domain::study::{Attendance, CheckinProblem, check_in_window};
use sqlx::Row;
use time::OffsetDateTime;

#[derive(Clone, Debug, serde::Serialize)]
pub struct Attendee {
    pub person_id: i64,
    pub name: String,
    pub state: Attendance,
    pub reason: String,
    pub marked_at: Option<String>,
}

impl Store {
    pub async fn attendees(&self, meeting_id: i64) -> Result<Vec<Attendee>> {
        let rows = sqlx::query(
            "SELECT a.person_id, p.name, a.state, a.reason, a.marked_at
             FROM meeting_attendees a JOIN people p ON p.id = a.person_id
             WHERE a.meeting_id = $1 ORDER BY p.id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let state: String = r.try_get("state")?;
                Ok(Attendee {
                    person_id: r.try_get("person_id")?,
                    name: r.try_get("name")?,
                    state: Attendance::parse(&state).ok_or(StoreError::Corrupt(state))?,
                    reason: r.try_get("reason")?,
                    marked_at: r.try_get("marked_at")?,
                })
            })
            .collect()
    }

    /// Marks attendance for expected attendees. A person who is not expected
    /// refuses the whole list, and nothing is marked.
    pub async fn mark_attendance(
        &self,
        actor: &str,
        meeting_id: i64,
        marks: &[(i64, Attendance, String)],
    ) -> Result<()> {
        let now = now_text();
        let mut tx = self.begin().await?;
        for (person, state, reason) in marks {
            let n = sqlx::query(
                "UPDATE meeting_attendees SET state = $3, reason = $4, marked_at = $5
                 WHERE meeting_id = $1 AND person_id = $2",
            )
            .bind(meeting_id)
            .bind(person)
            .bind(state.as_str())
            .bind(reason)
            .bind(&now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict(
                    CheckinProblem::NotExpected.message_id(),
                ));
            }
        }
        audit::record(
            &mut tx,
            change(
                actor,
                "attendance",
                "meeting",
                meeting_id,
                format!("{} marked", marks.len()),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A person checks in with the code from the meeting's QR, inside its window.
    pub async fn check_in(
        &self,
        actor: &str,
        meeting_id: i64,
        person_id: i64,
        code: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        let m = self.meeting(meeting_id).await?;
        if !crate::constant_time_eq(m.checkin_code.as_bytes(), code.trim().as_bytes()) {
            return Err(StoreError::Conflict(CheckinProblem::WrongCode.message_id()));
        }
        let starts = parse_time_text(&m.starts_at)
            .ok_or_else(|| StoreError::Corrupt(m.starts_at.clone()))?;
        check_in_window(starts, m.checkin_window, now)
            .map_err(|p| StoreError::Conflict(p.message_id()))?;
        let mut tx = self.begin().await?;
        let n = sqlx::query(
            "UPDATE meeting_attendees SET state = 'present', reason = '', marked_at = $3
             WHERE meeting_id = $1 AND person_id = $2",
        )
        .bind(meeting_id)
        .bind(person_id)
        .bind(time_text(now))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict(
                CheckinProblem::NotExpected.message_id(),
            ));
        }
        audit::record(
            &mut tx,
            change(
                actor,
                "check_in",
                "meeting",
                meeting_id,
                format!("person {person_id}"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
