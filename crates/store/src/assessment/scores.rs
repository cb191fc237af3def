//! The scores of an assessment: computed from the records while it is open,
//! read from the frozen snapshot once final; and finalising, which writes that
//! snapshot in one transaction.

use super::{Assessment, SourceRef, SubjectInputs, SubjectKind};
use crate::audit::change;
use crate::{Result, Store, StoreError, audit, inbox, now_text};
use domain::assessment::{Ranked, Raw, Score, rank, score};
use domain::date::Day;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::collections::HashMap;

/// The assessor's adjustment of one score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Adjustment {
    /// Points added (negative: taken off).
    pub points: f64,
    pub reason: String,
    pub by: String,
    pub at: String,
}

/// One subject's score, its place and where its figures came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubjectScore {
    pub subject_id: i64,
    pub name: String,
    pub org_name: String,
    pub score: Score,
    pub place: usize,
    pub tied: bool,
    pub adjustment: Option<Adjustment>,
    pub refs: Vec<FrozenRef>,
}

/// A source record as kept in the snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrozenRef {
    pub indicator: String,
    pub kind: String,
    pub id: i64,
    pub figure: String,
}

impl Store {
    /// Every subject's score, best first (ties in name order).
    pub async fn assessment_scores(&self, a: &Assessment, today: Day) -> Result<Vec<SubjectScore>> {
        if a.is_final {
            return self.frozen_scores(a.id).await;
        }
        let org = self.organisation(a.org_id).await?;
        let inputs = self
            .assessment_inputs(&org, a.subject_kind, &a.basis, today)
            .await?;
        let adjustments = self.adjustments(a.id).await?;
        Ok(scored(a, inputs, &adjustments))
    }

    async fn adjustments(&self, id: i64) -> Result<HashMap<i64, Adjustment>> {
        let mut conn = self.pool.acquire().await?;
        adjustments(&mut conn, id).await
    }

    async fn frozen_scores(&self, id: i64) -> Result<Vec<SubjectScore>> {
        let rows = sqlx::query(
            "SELECT detail FROM assessment_scores WHERE assessment_id = $1 AND detail IS NOT NULL
             ORDER BY place, subject_name, subject_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                serde_json::from_str(&r.try_get::<String, _>("detail")?)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))
            })
            .collect()
    }

    /// A subject's score in the newest final assessment by `org_id` of a phase:
    /// the total and the grade, as a nomination shows them.
    pub async fn final_score(
        &self,
        org_id: i64,
        phase_key: &str,
        subject_id: i64,
    ) -> Result<Option<(f64, Option<String>)>> {
        let row = sqlx::query(
            "SELECT s.total_centi, s.grade FROM assessment_scores s
             JOIN assessments a ON a.id = s.assessment_id
             WHERE a.org_id = $1 AND a.phase_key = $2 AND a.status = 'final'
               AND s.subject_id = $3 AND s.total_centi IS NOT NULL
             ORDER BY a.version DESC LIMIT 1",
        )
        .bind(org_id)
        .bind(phase_key)
        .bind(subject_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok((
                r.try_get::<i64, _>("total_centi")? as f64 / 100.0,
                r.try_get("grade")?,
            ))
        })
        .transpose()
    }

    /// Freezes the scores as they stand today; refused when already final.
    pub async fn finalise_assessment(&self, actor: &str, id: i64, today: Day) -> Result<()> {
        let a = self.assessment(id).await?;
        if a.is_final {
            return Err(StoreError::Conflict("assessment-error-final"));
        }
        let org = self.organisation(a.org_id).await?;
        let inputs = self
            .assessment_inputs(&org, a.subject_kind, &a.basis, today)
            .await?;
        let mut tx = self.begin().await?;
        // The status is checked again inside the transaction: two finalisers race.
        // Taking the row first also waits for an adjustment being written, which
        // is then read below with the rest.
        let changed = sqlx::query(
            "UPDATE assessments SET status = 'final', finalised_by = $2, finalised_at = $3
             WHERE id = $1 AND status = 'open'",
        )
        .bind(id)
        .bind(actor)
        .bind(now_text())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("assessment-error-final"));
        }
        let scores = scored(&a, inputs, &adjustments(&mut tx, id).await?);
        for s in &scores {
            let detail =
                serde_json::to_string(s).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let centi = (s.score.total * 100.0).round() as i64;
            let updated = sqlx::query(
                "UPDATE assessment_scores SET subject_name = $3, total_centi = $4, grade = $5,
                    place = $6, detail = $7
                 WHERE assessment_id = $1 AND subject_id = $2",
            )
            .bind(id)
            .bind(s.subject_id)
            .bind(&s.name)
            .bind(centi)
            .bind(s.score.grade.as_deref())
            .bind(s.place as i64)
            .bind(&detail)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                sqlx::query(
                    "INSERT INTO assessment_scores (assessment_id, subject_id, subject_name,
                        total_centi, grade, place, detail)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(s.subject_id)
                .bind(&s.name)
                .bind(centi)
                .bind(s.score.grade.as_deref())
                .bind(s.place as i64)
                .bind(&detail)
                .execute(&mut *tx)
                .await?;
            }
        }
        // Each assessed member, or each branch's leadership, is told their score is out.
        for s in &scores {
            let people = match a.subject_kind {
                SubjectKind::Member => vec![s.subject_id],
                SubjectKind::Organisation => inbox::leadership(&mut tx, s.subject_id).await?,
            };
            inbox::tell(
                &mut tx,
                &people,
                "notice-assessment-final",
                &[
                    ("phase", a.basis.phase.name.clone()),
                    ("grade", s.score.grade.clone().unwrap_or_default()),
                ],
                &format!("/assessments/{id}/subjects/{}", s.subject_id),
            )
            .await?;
        }
        audit::record(
            &mut tx,
            change(
                actor,
                "finalise",
                "assessment",
                id,
                format!("{} scores frozen", scores.len()),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The adjustments of an assessment, by subject, read on `conn`.
async fn adjustments(conn: &mut crate::Conn, id: i64) -> Result<HashMap<i64, Adjustment>> {
    let rows = sqlx::query(
        "SELECT subject_id, adjustment_centi, adjustment_reason, adjusted_by, adjusted_at
         FROM assessment_scores WHERE assessment_id = $1 AND adjusted_by IS NOT NULL",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("subject_id")?,
                Adjustment {
                    points: r.try_get::<i64, _>("adjustment_centi")? as f64 / 100.0,
                    reason: r
                        .try_get::<Option<String>, _>("adjustment_reason")?
                        .unwrap_or_default(),
                    by: r
                        .try_get::<Option<String>, _>("adjusted_by")?
                        .unwrap_or_default(),
                    at: r
                        .try_get::<Option<String>, _>("adjusted_at")?
                        .unwrap_or_default(),
                },
            ))
        })
        .collect()
}

/// Scores each subject by the scheme, ranks them, and orders them best first.
pub fn scored(
    a: &Assessment,
    inputs: Vec<SubjectInputs>,
    adjustments: &HashMap<i64, Adjustment>,
) -> Vec<SubjectScore> {
    let scheme = &a.basis.scheme;
    let mut out: Vec<SubjectScore> = inputs
        .into_iter()
        .map(|s| {
            let raws: HashMap<String, Raw> = scheme
                .indicators
                .iter()
                .map(|i| {
                    let raw = i
                        .source
                        .and_then(|src| s.raws.get(&src).copied())
                        .unwrap_or(Raw::Absent);
                    (i.key.clone(), raw)
                })
                .collect();
            let adjustment = adjustments.get(&s.subject_id).cloned();
            let points = adjustment.as_ref().map_or(0.0, |a| a.points);
            let refs = s
                .refs
                .iter()
                .flat_map(|r: &SourceRef| {
                    scheme
                        .indicators
                        .iter()
                        .filter(move |i| i.source == Some(r.source))
                        .map(move |i| FrozenRef {
                            indicator: i.key.clone(),
                            kind: r.kind.to_string(),
                            id: r.id,
                            figure: r.figure.clone(),
                        })
                })
                .collect();
            SubjectScore {
                subject_id: s.subject_id,
                name: s.name,
                org_name: s.org_name,
                score: score(scheme, &raws, &s.vetoes, points),
                place: 0,
                tied: false,
                adjustment,
                refs,
            }
        })
        .collect();
    let totals: Vec<f64> = out.iter().map(|s| s.score.total).collect();
    for (s, Ranked { place, tied }) in out.iter_mut().zip(rank(&totals)) {
        s.place = place;
        s.tied = tied;
    }
    out.sort_by(|a, b| a.place.cmp(&b.place).then_with(|| a.name.cmp(&b.name)));
    out
}
