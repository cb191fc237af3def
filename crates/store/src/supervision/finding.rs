//! The inspectors' findings on a spot check's sample: 合格, or a problem with
//! its text and photos, which becomes a rectification item of the item's
//! branch through the existing mechanism (owner, due day, overdue notices).

use crate::audit::change;
use crate::commitment::EvidenceFile;
use crate::{Result, Store, StoreError, audit, inbox, now_text};
use domain::date::Day;
use domain::supervision::DrawRecord;
use serde::{Deserialize, Serialize};
use sqlx::Row;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    Pending,
    /// 合格.
    Passed,
    Problem,
}

impl Finding {
    pub fn as_str(self) -> &'static str {
        match self {
            Finding::Pending => "pending",
            Finding::Passed => "passed",
            Finding::Problem => "problem",
        }
    }

    pub fn parse(s: &str) -> Option<Finding> {
        [Finding::Pending, Finding::Passed, Finding::Problem]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One sampled item with its finding.
#[derive(Clone, Debug, Serialize)]
pub struct Sample {
    pub id: i64,
    pub spot_check_id: i64,
    pub position: i64,
    pub item_id: String,
    pub name: String,
    pub org_id: i64,
    pub org_name: String,
    pub person_id: Option<i64>,
    pub finding: Finding,
    pub note: String,
    pub rectification_id: Option<i64>,
    pub inspected_by: Option<String>,
    pub inspected_at: Option<String>,
    pub files: Vec<(i64, String)>,
}

/// A finding as checked: for a problem, who rectifies it and by when.
#[derive(Clone, Debug)]
pub struct FindingInput {
    pub finding: Finding,
    pub note: String,
    pub rectify: Option<(i64, Day)>,
    pub files: Vec<EvidenceFile>,
}

const COLUMNS: &str = "s.id, s.spot_check_id, s.position, s.item_id, s.name, s.item_org_id,
    o.name AS org_name, s.item_person_id, s.finding, s.note, s.rectification_id,
    s.inspected_by, s.inspected_at
    FROM spot_check_samples s JOIN organisations o ON o.id = s.item_org_id";

fn sample(r: &sqlx::any::AnyRow) -> Result<Sample> {
    let finding: String = r.try_get("finding")?;
    Ok(Sample {
        id: r.try_get("id")?,
        spot_check_id: r.try_get("spot_check_id")?,
        position: r.try_get("position")?,
        item_id: r.try_get("item_id")?,
        name: r.try_get("name")?,
        org_id: r.try_get("item_org_id")?,
        org_name: r.try_get("org_name")?,
        person_id: r.try_get("item_person_id")?,
        finding: Finding::parse(&finding)
            .ok_or_else(|| StoreError::Corrupt(format!("finding {finding}")))?,
        note: r.try_get("note")?,
        rectification_id: r.try_get("rectification_id")?,
        inspected_by: r.try_get("inspected_by")?,
        inspected_at: r.try_get("inspected_at")?,
        files: Vec::new(),
    })
}

impl Store {
    /// A check's sample in draw order, each with its photos.
    pub async fn spot_check_samples(&self, spot_check_id: i64) -> Result<Vec<Sample>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} WHERE s.spot_check_id = $1 ORDER BY s.position"
        )))
        .bind(spot_check_id)
        .fetch_all(&self.pool)
        .await?;
        let mut samples: Vec<Sample> = rows.iter().map(sample).collect::<Result<_>>()?;
        let files = sqlx::query(
            "SELECT f.id, f.sample_id, f.filename FROM spot_check_files f
             JOIN spot_check_samples s ON s.id = f.sample_id
             WHERE s.spot_check_id = $1 ORDER BY f.id",
        )
        .bind(spot_check_id)
        .fetch_all(&self.pool)
        .await?;
        for f in &files {
            let owner: i64 = f.try_get("sample_id")?;
            if let Some(s) = samples.iter_mut().find(|s| s.id == owner) {
                s.files.push((f.try_get("id")?, f.try_get("filename")?));
            }
        }
        Ok(samples)
    }

    pub async fn spot_check_sample(&self, id: i64) -> Result<Sample> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} WHERE s.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        sample(&r)
    }

    /// Records a finding once; a problem raises its rectification item, whose
    /// owner is told.
    pub async fn record_finding(
        &self,
        actor: &str,
        s: &Sample,
        title: &str,
        input: &FindingInput,
    ) -> Result<Option<i64>> {
        let mut tx = self.begin().await?;
        let rectification = match input.rectify {
            Some((owner, due)) if input.finding == Finding::Problem => {
                let problem = format!("{title}：{}", input.note);
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO rectifications (org_id, problem, owner_person_id, due_on, status,
                        created_by, created_at)
                     VALUES ($1, $2, $3, $4, 'open', $5, $6) RETURNING id",
                )
                .bind(s.org_id)
                .bind(&problem)
                .bind(owner)
                .bind(due.to_string())
                .bind(actor)
                .bind(now_text())
                .fetch_one(&mut *tx)
                .await?;
                inbox::tell(
                    &mut tx,
                    &[owner],
                    "notice-rectification-raised",
                    &[("problem", problem.clone())],
                    &format!("/organisations/{}/reviews", s.org_id),
                )
                .await?;
                audit::record(
                    &mut tx,
                    change(actor, "create", "rectification", id, problem),
                )
                .await?;
                Some(id)
            }
            _ => None,
        };
        let n = sqlx::query(
            "UPDATE spot_check_samples SET finding = $1, note = $2, rectification_id = $3,
                inspected_by = $4, inspected_at = $5
             WHERE id = $6 AND finding = 'pending'",
        )
        .bind(input.finding.as_str())
        .bind(&input.note)
        .bind(rectification)
        .bind(actor)
        .bind(now_text())
        .bind(s.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict("finding-error-recorded"));
        }
        crate::attachment::store_files(
            &mut tx,
            "spot_check_files",
            "sample_id",
            s.id,
            &input.files,
        )
        .await?;
        // The office's notice stays until the last item is inspected.
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM spot_check_samples WHERE spot_check_id = $1 AND finding = 'pending'",
        )
        .bind(s.spot_check_id)
        .fetch_one(&mut *tx)
        .await?;
        if pending == 0 {
            let link = format!("/spot-checks/{}", s.spot_check_id);
            inbox::done(&mut tx, "notice-spot-check-inspect", &link).await?;
        }
        audit::record(
            &mut tx,
            change(
                actor,
                "inspect",
                "spot_check_sample",
                s.id,
                input.finding.as_str().into(),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(rectification)
    }

    /// A photo of a finding, with the sample's id.
    pub async fn spot_check_file(&self, id: i64) -> Result<(i64, EvidenceFile)> {
        crate::attachment::stored_file(self, "spot_check_files", "sample_id", id).await
    }

    /// A drawn check's published record: the fixed population, the seed as
    /// announced and revealed, and the sample in draw order.
    pub async fn draw_record(&self, check: &super::SpotCheck) -> Result<DrawRecord> {
        let population = self.spot_check_population(check.id).await?;
        let samples = self.spot_check_samples(check.id).await?;
        Ok(DrawRecord {
            id: check.id,
            title: check.title.clone(),
            organisation: check.org_name.clone(),
            algorithm: check.algorithm,
            population: population.iter().map(|p| p.published()).collect(),
            population_hash: check.population_hash.clone(),
            seed_kind: check.seed_kind,
            seed_source: check.seed_source.clone(),
            seed_hash: check.seed_hash.clone(),
            seed: check.seed.clone().unwrap_or_default(),
            sample_size: check.sample_size as usize,
            sample: samples.into_iter().map(|s| s.item_id).collect(),
        })
    }
}
