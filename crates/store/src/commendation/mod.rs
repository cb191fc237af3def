//! Selection and commendation (评选表彰). The deciding organisation opens a
//! selection of one of the plan's titles; branches (or the office) nominate,
//! and each nomination climbs its levels under the plan's quotas
//! (`nomination`); the shortlist goes into 公示, where anyone may object
//! (`objection`); after it, the commendation's decision makes honours
//! (`honour`). Exemplary cases (`case`) are stories published beside them.

mod case;
mod honour;
mod nomination;
mod objection;
mod quota;

pub use case::{CaseStatus, ExemplaryCase, NewCase};
pub use honour::Honour;
pub use nomination::{NewNomination, Nomination, NominationStatus};
pub use objection::{NewObjection, Objection, ObjectionStatus};

use crate::audit::change;
use crate::{Result, Store, StoreError, audit, inbox, now_text};
use domain::date::Day;
use domain::plan::Title;
use serde::{Deserialize, Serialize};
use sqlx::Row;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectionStatus {
    /// Nominations come in and climb their levels.
    Nominating,
    /// The shortlist is (or was) in 公示.
    Publicity,
    /// The decision is recorded and the honours made.
    Commended,
}

impl SelectionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SelectionStatus::Nominating => "nominating",
            SelectionStatus::Publicity => "publicity",
            SelectionStatus::Commended => "commended",
        }
    }

    fn parse(s: &str) -> Result<SelectionStatus> {
        [
            SelectionStatus::Nominating,
            SelectionStatus::Publicity,
            SelectionStatus::Commended,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| StoreError::Corrupt(format!("selection status {s}")))
    }
}

/// What of the plan a selection keeps: its title with the quota, and the 公示's calendar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SelectionRule {
    pub title: Title,
    pub phase_name: String,
    pub publicity_days: u32,
    pub holidays: Vec<Day>,
    pub workdays: Vec<Day>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Selection {
    pub id: i64,
    /// The organisation that decides it.
    pub org_id: i64,
    pub phase_key: String,
    pub rule: SelectionRule,
    pub status: SelectionStatus,
    pub publicity_opens_on: Option<Day>,
    pub publicity_ends_on: Option<Day>,
    pub decision_title: Option<String>,
    pub decision_code: Option<String>,
    pub decided_on: Option<Day>,
    pub created_by: String,
    pub created_at: String,
}

impl Selection {
    /// Whether objections are taken on `today`: in 公示 and not past its last day.
    pub fn in_publicity(&self, today: Day) -> bool {
        self.status == SelectionStatus::Publicity
            && self.publicity_opens_on.is_some_and(|d| d <= today)
            && self.publicity_ends_on.is_some_and(|d| today <= d)
    }
}

const COLUMNS: &str = "id, org_id, phase_key, rule, status, publicity_opens_on, publicity_ends_on,
    decision_title, decision_code, decided_on, created_by, created_at";

fn selection(r: &sqlx::any::AnyRow) -> Result<Selection> {
    Ok(Selection {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        phase_key: r.try_get("phase_key")?,
        rule: serde_json::from_str(&r.try_get::<String, _>("rule")?)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        status: SelectionStatus::parse(&r.try_get::<String, _>("status")?)?,
        publicity_opens_on: crate::parse_optional_day(r.try_get("publicity_opens_on")?)?,
        publicity_ends_on: crate::parse_optional_day(r.try_get("publicity_ends_on")?)?,
        decision_title: r.try_get("decision_title")?,
        decision_code: r.try_get("decision_code")?,
        decided_on: crate::parse_optional_day(r.try_get("decided_on")?)?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
    })
}

/// What the commendation's decision says.
#[derive(Clone, Debug)]
pub struct Decision {
    pub title: String,
    pub code: String,
    pub decided_on: Day,
}

impl Store {
    /// Opens a selection of `rule`'s title for a phase; one at a time per title
    /// and phase until it is commended.
    pub async fn open_selection(
        &self,
        actor: &str,
        org_id: i64,
        phase_key: &str,
        rule: &SelectionRule,
    ) -> Result<i64> {
        let body = serde_json::to_string(rule).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.begin().await?;
        let running: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM selections WHERE org_id = $1 AND phase_key = $2
             AND title_key = $3 AND status <> 'commended'",
        )
        .bind(org_id)
        .bind(phase_key)
        .bind(&rule.title.key)
        .fetch_one(&mut *tx)
        .await?;
        if running > 0 {
            return Err(StoreError::Conflict("selection-error-running"));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO selections (org_id, phase_key, title_key, rule, status, created_by, created_at)
             VALUES ($1, $2, $3, $4, 'nominating', $5, $6) RETURNING id",
        )
        .bind(org_id)
        .bind(phase_key)
        .bind(&rule.title.key)
        .bind(&body)
        .bind(actor)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            change(
                actor,
                "open",
                "selection",
                id,
                format!("{} {}", rule.title.name, phase_key),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn selection(&self, id: i64) -> Result<Selection> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM selections WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        selection(&row)
    }

    /// The selections decided by any of `org_ids` (an organisation and its
    /// ancestors), newest first.
    pub async fn selections_of(&self, org_ids: &[i64]) -> Result<Vec<Selection>> {
        if org_ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = org_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM selections WHERE org_id IN ({list}) ORDER BY id DESC"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(selection).collect()
    }

    /// Puts the shortlist into 公示 from `opens_on` to `ends_on`; at least one
    /// candidate must be approved. The candidates are told.
    pub async fn open_publicity(
        &self,
        actor: &str,
        id: i64,
        opens_on: Day,
        ends_on: Day,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let approved: Vec<i64> = sqlx::query_scalar(
            "SELECT COALESCE(person_id, 0) FROM nominations WHERE selection_id = $1 AND status = 'approved'",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        if approved.is_empty() {
            return Err(StoreError::Conflict("selection-error-none-approved"));
        }
        let changed = sqlx::query(
            "UPDATE selections SET status = 'publicity', publicity_opens_on = $2,
                publicity_ends_on = $3 WHERE id = $1 AND status = 'nominating'",
        )
        .bind(id)
        .bind(opens_on.to_string())
        .bind(ends_on.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("selection-error-state"));
        }
        let people: Vec<i64> = approved.into_iter().filter(|p| *p != 0).collect();
        inbox::tell(
            &mut tx,
            &people,
            "notice-publicity-open",
            &[("ends", ends_on.to_string())],
            &format!("/selections/{id}"),
        )
        .await?;
        audit::record(
            &mut tx,
            change(
                actor,
                "publicity",
                "selection",
                id,
                format!("{opens_on} – {ends_on}"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves the 公示's last day to `ends_on` (later than it was).
    pub async fn extend_publicity(&self, actor: &str, id: i64, ends_on: Day) -> Result<()> {
        let mut tx = self.begin().await?;
        let changed = sqlx::query(
            "UPDATE selections SET publicity_ends_on = $2
             WHERE id = $1 AND status = 'publicity' AND publicity_ends_on < $2",
        )
        .bind(id)
        .bind(ends_on.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("selection-error-state"));
        }
        audit::record(
            &mut tx,
            change(actor, "extend", "selection", id, format!("to {ends_on}")),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records the commendation's decision once the 公示 has ended with no
    /// objection open and none upheld against a candidate still on the list;
    /// each approved candidate gains the honour and is told.
    pub async fn commend(&self, actor: &str, id: i64, d: &Decision, today: Day) -> Result<usize> {
        let s = self.selection(id).await?;
        if s.status != SelectionStatus::Publicity {
            return Err(StoreError::Conflict("selection-error-state"));
        }
        if s.publicity_ends_on.is_none_or(|end| today <= end) {
            return Err(StoreError::Conflict("commendation-error-publicity"));
        }
        let mut tx = self.begin().await?;
        let blocking: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM objections o JOIN nominations n ON n.id = o.nomination_id
             WHERE o.selection_id = $1
               AND (o.status = 'open' OR (o.status = 'upheld' AND n.status = 'approved'))",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        if blocking > 0 {
            return Err(StoreError::Conflict("commendation-error-objection"));
        }
        let changed = sqlx::query(
            "UPDATE selections SET status = 'commended', decision_title = $2, decision_code = $3,
                decided_on = $4 WHERE id = $1 AND status = 'publicity'",
        )
        .bind(id)
        .bind(&d.title)
        .bind(&d.code)
        .bind(d.decided_on.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("selection-error-state"));
        }
        let made = honour::confer(&mut tx, &s, d).await?;
        audit::record(
            &mut tx,
            change(
                actor,
                "commend",
                "selection",
                id,
                format!("{} {} ({made})", d.code, d.title),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(made)
    }
}
