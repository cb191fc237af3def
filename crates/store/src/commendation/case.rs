//! Exemplary cases (先进典型): a story with photos about a person or a group,
//! written by a branch or office, reviewed by the campaign office above, and
//! published on the public pages; linked from the honour it tells of.

use crate::audit::change;
use crate::commitment::EvidenceFile;
use crate::organisation::subtree_end;
use crate::{Result, Store, StoreError, audit, inbox, now_text};
use domain::organisation::OrgPath;
use serde::{Deserialize, Serialize};
use sqlx::Row;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Written and waiting for the office's review.
    Submitted,
    Published,
    Returned,
}

impl CaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Submitted => "submitted",
            CaseStatus::Published => "published",
            CaseStatus::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<CaseStatus> {
        [
            CaseStatus::Submitted,
            CaseStatus::Published,
            CaseStatus::Returned,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Debug)]
pub struct NewCase {
    pub org_id: i64,
    pub person_id: Option<i64>,
    pub honour_id: Option<i64>,
    /// Whom it is about: a name, or a group's.
    pub subject: String,
    pub title: String,
    pub story: String,
    pub files: Vec<EvidenceFile>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExemplaryCase {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub person_id: Option<i64>,
    pub honour_id: Option<i64>,
    pub subject: String,
    pub title: String,
    pub story: String,
    pub status: CaseStatus,
    pub reason: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub reviewed_by: Option<String>,
    pub published_at: Option<String>,
    /// (id, filename) of its photos.
    pub files: Vec<(i64, String)>,
}

const COLUMNS: &str = "c.id, c.org_id, o.name AS org_name, c.person_id, c.honour_id, c.subject,
    c.title, c.story, c.status, c.reason, c.created_by, c.created_at, c.reviewed_by, c.published_at";

fn case(r: &sqlx::any::AnyRow) -> Result<ExemplaryCase> {
    let status: String = r.try_get("status")?;
    Ok(ExemplaryCase {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        person_id: r.try_get("person_id")?,
        honour_id: r.try_get("honour_id")?,
        subject: r.try_get("subject")?,
        title: r.try_get("title")?,
        story: r.try_get("story")?,
        status: CaseStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("case status {status}")))?,
        reason: r.try_get("reason")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        reviewed_by: r.try_get("reviewed_by")?,
        published_at: r.try_get("published_at")?,
        files: Vec::new(),
    })
}

impl Store {
    /// Writes a case, submitted for review at once; the office above is told.
    pub async fn add_case(&self, actor: &str, c: &NewCase) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO exemplary_cases (org_id, person_id, honour_id, subject, title, story,
                status, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'submitted', $7, $8) RETURNING id",
        )
        .bind(c.org_id)
        .bind(c.person_id)
        .bind(c.honour_id)
        .bind(&c.subject)
        .bind(&c.title)
        .bind(&c.story)
        .bind(actor)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        crate::attachment::store_files(&mut tx, "exemplary_case_files", "case_id", id, &c.files)
            .await?;
        let mut office = inbox::offices_above(&mut tx, c.org_id).await?;
        office.extend(inbox::holders(&mut tx, c.org_id, "campaign_office").await?);
        inbox::tell(
            &mut tx,
            &office,
            "notice-case-submitted",
            &[("title", c.title.clone())],
            &format!("/cases/{id}"),
        )
        .await?;
        audit::record(
            &mut tx,
            change(actor, "submit", "case", id, c.title.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The office publishes a submitted case, or returns it with a reason; the
    /// writer's branch leadership is told.
    pub async fn review_case(
        &self,
        actor: &str,
        id: i64,
        publish: bool,
        reason: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let (status, published_at) = if publish {
            ("published", Some(now_text()))
        } else {
            ("returned", None)
        };
        let org: Option<i64> = sqlx::query_scalar(
            "UPDATE exemplary_cases SET status = $2, reason = $3, reviewed_by = $4, published_at = $5
             WHERE id = $1 AND status = 'submitted' RETURNING org_id",
        )
        .bind(id)
        .bind(status)
        .bind(reason)
        .bind(actor)
        .bind(published_at)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(org) = org else {
            return Err(StoreError::Conflict("case-error-state"));
        };
        inbox::done(&mut tx, "notice-case-submitted", &format!("/cases/{id}")).await?;
        let leadership = inbox::leadership(&mut tx, org).await?;
        inbox::tell(
            &mut tx,
            &leadership,
            &format!("notice-case-{status}"),
            &[],
            &format!("/cases/{id}"),
        )
        .await?;
        audit::record(
            &mut tx,
            change(
                actor,
                if publish { "publish" } else { "return" },
                "case",
                id,
                reason.unwrap_or_default().to_string(),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn case(&self, id: i64) -> Result<ExemplaryCase> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM exemplary_cases c JOIN organisations o ON o.id = c.org_id
             WHERE c.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut c = case(&row)?;
        c.files =
            crate::attachment::file_names(self, "exemplary_case_files", "case_id", id).await?;
        Ok(c)
    }

    /// The cases of a subtree; only the published ones when `published_only`.
    pub async fn cases_within(
        &self,
        within: &OrgPath,
        published_only: bool,
    ) -> Result<Vec<ExemplaryCase>> {
        let only = if published_only {
            "AND c.status = 'published'"
        } else {
            ""
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM exemplary_cases c JOIN organisations o ON o.id = c.org_id
             WHERE o.path >= $1 AND o.path < $2 {only} ORDER BY c.id DESC"
        )))
        .bind(within.as_str())
        .bind(subtree_end(within))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(case).collect()
    }

    /// The published cases that tell of an honour.
    pub async fn cases_of_honours(&self, honour_ids: &[i64]) -> Result<Vec<(i64, i64, String)>> {
        if honour_ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = honour_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT honour_id, id, title FROM exemplary_cases
             WHERE honour_id IN ({list}) AND status = 'published' ORDER BY id"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("honour_id")?,
                    r.try_get("id")?,
                    r.try_get("title")?,
                ))
            })
            .collect()
    }

    /// A case's photo, with the case it belongs to.
    pub async fn case_file(&self, id: i64) -> Result<(i64, EvidenceFile)> {
        crate::attachment::stored_file(self, "exemplary_case_files", "case_id", id).await
    }
}
