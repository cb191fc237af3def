//! Objections (异议) to a candidate in 公示: anyone may raise one, without an
//! account and with name and contact optional; they are never shown publicly.
//! The office records each one's outcome: upheld or dismissed.

use crate::audit::change;
use crate::{Result, Store, StoreError, audit, inbox, now_text};
use domain::date::Day;
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// How many objections one visitor may raise in a day.
pub const PER_VISITOR_PER_DAY: i64 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionStatus {
    Open,
    Upheld,
    Dismissed,
}

impl ObjectionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectionStatus::Open => "open",
            ObjectionStatus::Upheld => "upheld",
            ObjectionStatus::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<ObjectionStatus> {
        [
            ObjectionStatus::Open,
            ObjectionStatus::Upheld,
            ObjectionStatus::Dismissed,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// An objection as raised.
#[derive(Clone, Debug)]
pub struct NewObjection {
    pub nomination_id: i64,
    pub text: String,
    pub name: Option<String>,
    pub contact: Option<String>,
    /// The SHA-256 of the visitor's address and the day.
    pub source: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Objection {
    pub id: i64,
    pub selection_id: i64,
    pub nomination_id: i64,
    pub candidate: String,
    pub text: String,
    pub name: Option<String>,
    pub contact: Option<String>,
    pub status: ObjectionStatus,
    pub outcome: Option<String>,
    pub handled_by: Option<String>,
    pub handled_at: Option<String>,
    pub created_at: String,
}

impl Store {
    /// Takes an objection to a candidate on the list while the 公示 runs on
    /// `today`; the office is told. Refused after the 公示, or over the
    /// visitor's daily limit.
    pub async fn raise_objection(
        &self,
        selection_id: i64,
        o: &NewObjection,
        today: Day,
    ) -> Result<i64> {
        let s = self.selection(selection_id).await?;
        if !s.in_publicity(today) {
            return Err(StoreError::Conflict("objection-error-ended"));
        }
        let mut tx = self.begin().await?;
        let on_list: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM nominations WHERE id = $1 AND selection_id = $2 AND status = 'approved'",
        )
        .bind(o.nomination_id)
        .bind(selection_id)
        .fetch_one(&mut *tx)
        .await?;
        if on_list == 0 {
            return Err(StoreError::NotFound);
        }
        let today_from = today.to_string();
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM objections WHERE source = $1 AND created_at >= $2",
        )
        .bind(&o.source)
        .bind(&today_from)
        .fetch_one(&mut *tx)
        .await?;
        if recent >= PER_VISITOR_PER_DAY {
            return Err(StoreError::Conflict("objection-error-rate"));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO objections (selection_id, nomination_id, text, name, contact, source,
                status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) RETURNING id",
        )
        .bind(selection_id)
        .bind(o.nomination_id)
        .bind(&o.text)
        .bind(o.name.as_deref())
        .bind(o.contact.as_deref())
        .bind(&o.source)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        let office = inbox::holders(&mut tx, s.org_id, "campaign_office").await?;
        inbox::tell(
            &mut tx,
            &office,
            "notice-objection-new",
            &[("title", s.rule.title.name.clone())],
            &format!("/selections/{selection_id}/objections"),
        )
        .await?;
        audit::record(
            &mut tx,
            change(
                "public",
                "create",
                "objection",
                id,
                format!("nomination {}", o.nomination_id),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A selection's objections, the open ones first.
    pub async fn objections(&self, selection_id: i64) -> Result<Vec<Objection>> {
        let rows = sqlx::query(
            "SELECT o.id, o.selection_id, o.nomination_id, n.name AS candidate, o.text, o.name,
                o.contact, o.status, o.outcome, o.handled_by, o.handled_at, o.created_at
             FROM objections o JOIN nominations n ON n.id = o.nomination_id
             WHERE o.selection_id = $1
             ORDER BY CASE WHEN o.status = 'open' THEN 0 ELSE 1 END, o.id",
        )
        .bind(selection_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let status: String = r.try_get("status")?;
                Ok(Objection {
                    id: r.try_get("id")?,
                    selection_id: r.try_get("selection_id")?,
                    nomination_id: r.try_get("nomination_id")?,
                    candidate: r.try_get("candidate")?,
                    text: r.try_get("text")?,
                    name: r.try_get("name")?,
                    contact: r.try_get("contact")?,
                    status: ObjectionStatus::parse(&status)
                        .ok_or_else(|| StoreError::Corrupt(format!("objection status {status}")))?,
                    outcome: r.try_get("outcome")?,
                    handled_by: r.try_get("handled_by")?,
                    handled_at: r.try_get("handled_at")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// The selection an objection was raised in.
    pub async fn objection_selection(&self, id: i64) -> Result<i64> {
        sqlx::query_scalar("SELECT selection_id FROM objections WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Records the office's outcome of an open objection.
    pub async fn handle_objection(
        &self,
        actor: &str,
        id: i64,
        upheld: bool,
        outcome: &str,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let status = if upheld { "upheld" } else { "dismissed" };
        let selection: Option<i64> = sqlx::query_scalar(
            "UPDATE objections SET status = $2, outcome = $3, handled_by = $4, handled_at = $5
             WHERE id = $1 AND status = 'open' RETURNING selection_id",
        )
        .bind(id)
        .bind(status)
        .bind(outcome)
        .bind(actor)
        .bind(now_text())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(selection) = selection else {
            return Err(StoreError::Conflict("objection-error-handled"));
        };
        inbox::done(
            &mut tx,
            "notice-objection-new",
            &format!("/selections/{selection}/objections"),
        )
        .await?;
        audit::record(
            &mut tx,
            change(actor, status, "objection", id, outcome.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(selection)
    }
}
