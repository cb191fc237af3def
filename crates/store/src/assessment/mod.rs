//! Assessments (考核). An organisation opens one for a phase over its members
//! or the branches of its subtree; while it is open its scores are recomputed
//! from the records at every read (`scores`), and the assessor may adjust one
//! with a reason. Finalising freezes every score with its inputs; later edits
//! of the records change nothing, and reassessing opens the next version.

#[cfg(feature = "bench")]
pub mod bench;
mod incentive;
mod inputs;
mod scores;
mod sources;
mod study_share;

pub use incentive::{IncentiveKind, IncentiveRecord, NewIncentive};
pub use inputs::{SourceRef, SubjectInputs};
pub use scores::{Adjustment, SubjectScore};

use crate::audit::change;
use crate::{Result, Store, StoreError, audit, now_text};
use domain::plan::{Assessment as Scheme, Phase, Quota};
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// Who an assessment scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// The members of the assessing branch.
    Member,
    /// The branches below the assessing organisation.
    Organisation,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Member => "member",
            SubjectKind::Organisation => "organisation",
        }
    }

    pub fn parse(s: &str) -> Option<SubjectKind> {
        [SubjectKind::Member, SubjectKind::Organisation]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// What of the plan an assessment rests on, kept as it stood when opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Basis {
    pub scheme: Scheme,
    pub phase: Phase,
    /// The study quotas its study compliance counts.
    pub quotas: Vec<Quota>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    pub id: i64,
    pub org_id: i64,
    pub subject_kind: SubjectKind,
    pub version: i64,
    /// Frozen: scores are read from the snapshot.
    pub is_final: bool,
    pub basis: Basis,
    pub created_by: String,
    pub created_at: String,
    pub finalised_by: Option<String>,
    pub finalised_at: Option<String>,
}

const COLUMNS: &str = "id, org_id, phase_key, subject_kind, version, status, scheme, created_by,
    created_at, finalised_by, finalised_at";

fn assessment(r: &sqlx::any::AnyRow) -> Result<Assessment> {
    let corrupt = |e: String| StoreError::Corrupt(e);
    Ok(Assessment {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        subject_kind: SubjectKind::parse(&r.try_get::<String, _>("subject_kind")?)
            .ok_or_else(|| corrupt("subject kind".into()))?,
        version: r.try_get("version")?,
        is_final: r.try_get::<String, _>("status")? == "final",
        basis: serde_json::from_str(&r.try_get::<String, _>("scheme")?)
            .map_err(|e| corrupt(e.to_string()))?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        finalised_by: r.try_get("finalised_by")?,
        finalised_at: r.try_get("finalised_at")?,
    })
}

impl Store {
    /// Opens the next version of `org`'s assessment of `kind` for the basis's
    /// phase. Refused while an earlier version is still open.
    pub async fn open_assessment(
        &self,
        actor: &str,
        org_id: i64,
        kind: SubjectKind,
        basis: &Basis,
    ) -> Result<i64> {
        let body = serde_json::to_string(basis).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.begin().await?;
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM assessments
             WHERE org_id = $1 AND phase_key = $2 AND subject_kind = $3 AND status = 'open'",
        )
        .bind(org_id)
        .bind(&basis.phase.key)
        .bind(kind.as_str())
        .fetch_one(&mut *tx)
        .await?;
        if open > 0 {
            return Err(StoreError::Conflict("assessment-error-open"));
        }
        let version: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM assessments
             WHERE org_id = $1 AND phase_key = $2 AND subject_kind = $3",
        )
        .bind(org_id)
        .bind(&basis.phase.key)
        .bind(kind.as_str())
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO assessments (org_id, phase_key, subject_kind, version, status, scheme,
                created_by, created_at)
             VALUES ($1, $2, $3, $4, 'open', $5, $6, $7) RETURNING id",
        )
        .bind(org_id)
        .bind(&basis.phase.key)
        .bind(kind.as_str())
        .bind(version)
        .bind(&body)
        .bind(actor)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| StoreError::from(e).on_unique("version"))?;
        audit::record(
            &mut tx,
            change(
                actor,
                "open",
                "assessment",
                id,
                format!(
                    "org {org_id}, {} {}, v{version}",
                    basis.phase.key,
                    kind.as_str()
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn assessment(&self, id: i64) -> Result<Assessment> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM assessments WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        assessment(&row)
    }

    /// An organisation's assessments, the newest first.
    pub async fn assessments_of(&self, org_id: i64) -> Result<Vec<Assessment>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM assessments WHERE org_id = $1 ORDER BY id DESC"
        )))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(assessment).collect()
    }

    /// Sets a subject's manual adjustment, in hundredths of a point, with the
    /// reason the assessor gave. Refused once the assessment is final.
    pub async fn adjust_score(
        &self,
        actor: &str,
        assessment_id: i64,
        subject_id: i64,
        centi: i64,
        reason: &str,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        // Takes the assessment's row while it is open, as finalising does: an
        // adjustment is in the snapshot or refused, never lost between them.
        let open =
            sqlx::query("UPDATE assessments SET status = status WHERE id = $1 AND status = 'open'")
                .bind(assessment_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if open == 0 {
            let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM assessments WHERE id = $1")
                .bind(assessment_id)
                .fetch_one(&mut *tx)
                .await?;
            return Err(match exists {
                0 => StoreError::NotFound,
                _ => StoreError::Conflict("assessment-error-final"),
            });
        }
        let at = now_text();
        let updated = sqlx::query(
            "UPDATE assessment_scores SET adjustment_centi = $3, adjustment_reason = $4,
                adjusted_by = $5, adjusted_at = $6
             WHERE assessment_id = $1 AND subject_id = $2",
        )
        .bind(assessment_id)
        .bind(subject_id)
        .bind(centi)
        .bind(reason)
        .bind(actor)
        .bind(&at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated == 0 {
            sqlx::query(
                "INSERT INTO assessment_scores (assessment_id, subject_id, adjustment_centi,
                    adjustment_reason, adjusted_by, adjusted_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(assessment_id)
            .bind(subject_id)
            .bind(centi)
            .bind(reason)
            .bind(actor)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        }
        audit::record(
            &mut tx,
            change(
                actor,
                "adjust",
                "assessment",
                assessment_id,
                format!(
                    "subject {subject_id}: {:+.2} ({reason})",
                    centi as f64 / 100.0
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
