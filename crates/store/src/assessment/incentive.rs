//! 激励约束 records: points for (incentive) or against (constraint) a member or
//! a branch, each with its reason and day; a constraint may trigger one of the
//! plan's veto items. The assessment's `incentives` indicator reads them.

use crate::audit::change;
use crate::{Result, Store, StoreError, audit, now_text};
use domain::date::Day;
use serde::{Deserialize, Serialize};
use sqlx::Row;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncentiveKind {
    Incentive,
    Constraint,
}

impl IncentiveKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IncentiveKind::Incentive => "incentive",
            IncentiveKind::Constraint => "constraint",
        }
    }

    pub fn parse(s: &str) -> Option<IncentiveKind> {
        [IncentiveKind::Incentive, IncentiveKind::Constraint]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A record as checked, before it is stored.
#[derive(Clone, Debug)]
pub struct NewIncentive {
    pub org_id: i64,
    /// None for a record on the branch itself.
    pub person_id: Option<i64>,
    pub kind: IncentiveKind,
    /// Positive for an incentive, negative for a constraint.
    pub points: i64,
    pub veto_key: Option<String>,
    pub reason: String,
    pub on_day: Day,
}

#[derive(Clone, Debug, Serialize)]
pub struct IncentiveRecord {
    pub id: i64,
    pub org_id: i64,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub kind: IncentiveKind,
    pub points: i64,
    pub veto_key: Option<String>,
    pub reason: String,
    pub on_day: String,
    pub recorded_by: String,
}

impl Store {
    pub async fn add_incentive(&self, actor: &str, r: &NewIncentive) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO incentive_records (org_id, person_id, kind, points, veto_key, reason,
                on_day, recorded_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(r.org_id)
        .bind(r.person_id)
        .bind(r.kind.as_str())
        .bind(r.points)
        .bind(r.veto_key.as_deref())
        .bind(&r.reason)
        .bind(r.on_day.to_string())
        .bind(actor)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            change(
                actor,
                "create",
                "incentive",
                id,
                format!(
                    "org {}, person {:?}: {} {:+}",
                    r.org_id,
                    r.person_id,
                    r.kind.as_str(),
                    r.points
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The records of one organisation (its members' and its own), newest first.
    pub async fn incentives_of(&self, org_id: i64) -> Result<Vec<IncentiveRecord>> {
        let rows = sqlx::query(
            "SELECT r.id, r.org_id, r.person_id, p.name AS person_name, r.kind, r.points,
                r.veto_key, r.reason, r.on_day, r.recorded_by
             FROM incentive_records r LEFT JOIN people p ON p.id = r.person_id
             WHERE r.org_id = $1 ORDER BY r.on_day DESC, r.id DESC",
        )
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(IncentiveRecord {
                    id: r.try_get("id")?,
                    org_id: r.try_get("org_id")?,
                    person_id: r.try_get("person_id")?,
                    person_name: r.try_get("person_name")?,
                    kind: IncentiveKind::parse(&r.try_get::<String, _>("kind")?)
                        .ok_or_else(|| StoreError::Corrupt("incentive kind".into()))?,
                    points: r.try_get("points")?,
                    veto_key: r.try_get("veto_key")?,
                    reason: r.try_get("reason")?,
                    on_day: r.try_get("on_day")?,
                    recorded_by: r.try_get("recorded_by")?,
                })
            })
            .collect()
    }
}
