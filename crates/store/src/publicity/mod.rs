//! Publicity (宣传): an organisation's news and bulletins, from draft through
//! review to the portal, and its publicity plan. Each step tells whoever it
//! waits for: a submission its reviewers, a review its writer.

mod plan;

pub use plan::{NewPublicityItem, PublicityItem, plan_link};

use crate::audit::change;
use crate::commitment::EvidenceFile;
use crate::{Page, Result, Store, StoreError, audit, inbox, now_text};
use domain::publicity::{PublicationKind, PublicationStatus, PublicationStep};
use serde::Serialize;
use sqlx::Row;

/// What a writer types; the HTML is rendered from the Markdown by the caller.
#[derive(Clone, Debug)]
pub struct PublicationText {
    pub kind: PublicationKind,
    pub number: Option<i64>,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub issuer: String,
    pub images: Vec<EvidenceFile>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Publication {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub kind: PublicationKind,
    pub number: Option<i64>,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub issuer: String,
    pub status: PublicationStatus,
    pub reason: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub reviewed_by: Option<String>,
    pub published_at: Option<String>,
    /// (id, filename) of its images.
    pub images: Vec<(i64, String)>,
}

/// Which of an organisation's publications a list holds.
#[derive(Clone, Copy, Debug, Default)]
pub struct PublicationFilter {
    pub kind: Option<PublicationKind>,
    /// Only what is on the portal (else everything, for its writers).
    pub published_only: bool,
}

const COLUMNS: &str = "p.id, p.org_id, o.name AS org_name, p.kind, p.number, p.title, p.body,
    p.body_html, p.issuer, p.status, p.reason, p.created_by, p.created_at, p.updated_at,
    p.reviewed_by, p.published_at";

fn publication(r: &sqlx::any::AnyRow) -> Result<Publication> {
    let kind: String = r.try_get("kind")?;
    let status: String = r.try_get("status")?;
    Ok(Publication {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        kind: PublicationKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("publication kind {kind}")))?,
        number: r.try_get("number")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        body_html: r.try_get("body_html")?,
        issuer: r.try_get("issuer")?,
        status: PublicationStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("publication status {status}")))?,
        reason: r.try_get("reason")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        reviewed_by: r.try_get("reviewed_by")?,
        published_at: r.try_get("published_at")?,
        images: Vec::new(),
    })
}

/// The link every notice about a publication carries.
fn link(id: i64) -> String {
    format!("/publications/{id}")
}

impl Store {
    /// Writes a draft; only its writers see it until it is submitted.
    pub async fn add_publication(
        &self,
        actor: &str,
        org_id: i64,
        p: &PublicationText,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let now = now_text();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO publications (org_id, kind, number, title, body, body_html, issuer,
                status, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $9) RETURNING id",
        )
        .bind(org_id)
        .bind(p.kind.as_str())
        .bind(p.number)
        .bind(&p.title)
        .bind(&p.body)
        .bind(&p.body_html)
        .bind(&p.issuer)
        .bind(actor)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| StoreError::from(e).on_unique("number"))?;
        crate::attachment::store_files(
            &mut tx,
            "publication_images",
            "publication_id",
            id,
            &p.images,
        )
        .await?;
        audit::record(
            &mut tx,
            change(actor, "write", "publication", id, p.title.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes the text of a publication still in its writers' hands; new
    /// images join the ones it has.
    pub async fn edit_publication(&self, actor: &str, id: i64, p: &PublicationText) -> Result<()> {
        let mut tx = self.begin().await?;
        let changed = sqlx::query(
            "UPDATE publications SET number = $2, title = $3, body = $4, body_html = $5,
                issuer = $6, updated_at = $7
             WHERE id = $1 AND status IN ('draft', 'returned', 'withdrawn')",
        )
        .bind(id)
        .bind(p.number)
        .bind(&p.title)
        .bind(&p.body)
        .bind(&p.body_html)
        .bind(&p.issuer)
        .bind(now_text())
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from(e).on_unique("number"))?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("publication-error-state"));
        }
        crate::attachment::store_files(
            &mut tx,
            "publication_images",
            "publication_id",
            id,
            &p.images,
        )
        .await?;
        audit::record(
            &mut tx,
            change(actor, "edit", "publication", id, p.title.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes a step (the caller checked who may); refused when the publication
    /// is no longer where the step starts. A submission tells the reviewers,
    /// a review the writer.
    pub async fn step_publication(
        &self,
        actor: &str,
        id: i64,
        step: PublicationStep,
        reason: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let row =
            sqlx::query("SELECT org_id, status, title, created_by FROM publications WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        let (org_id, status, title, writer): (i64, String, String, String) = (
            row.try_get("org_id")?,
            row.try_get("status")?,
            row.try_get("title")?,
            row.try_get("created_by")?,
        );
        let to = PublicationStatus::parse(&status)
            .and_then(|from| step.from(from))
            .ok_or(StoreError::Conflict("publication-error-state"))?;
        let published_at = match step {
            PublicationStep::Publish => Some(now_text()),
            _ => None,
        };
        let changed = sqlx::query(
            "UPDATE publications SET status = $3, reason = $4,
                reviewed_by = CASE WHEN $5 THEN $6 ELSE reviewed_by END,
                published_at = COALESCE($7, published_at)
             WHERE id = $1 AND status = $2",
        )
        .bind(id)
        .bind(&status)
        .bind(to.as_str())
        .bind(reason)
        .bind(step.by_reviewer())
        .bind(actor)
        .bind(published_at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("publication-error-state"));
        }
        let link = link(id);
        inbox::done(&mut tx, "notice-publication-submitted", &link).await?;
        if step == PublicationStep::Submit {
            let mut reviewers = inbox::leadership(&mut tx, org_id).await?;
            reviewers.extend(inbox::holders(&mut tx, org_id, "campaign_office").await?);
            if reviewers.is_empty() {
                reviewers = inbox::offices_above(&mut tx, org_id).await?;
            }
            inbox::tell(
                &mut tx,
                &reviewers,
                "notice-publication-submitted",
                &[("title", title.clone())],
                &link,
            )
            .await?;
        } else {
            let writer: Vec<i64> =
                sqlx::query_scalar("SELECT person_id FROM accounts WHERE username = $1")
                    .bind(&writer)
                    .fetch_all(&mut *tx)
                    .await?;
            inbox::tell(
                &mut tx,
                &writer,
                &format!("notice-publication-{}", to.as_str()),
                &[("title", title.clone())],
                &link,
            )
            .await?;
        }
        audit::record(
            &mut tx,
            change(
                actor,
                step.as_str(),
                "publication",
                id,
                reason.unwrap_or(&title).to_string(),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn publication(&self, id: i64) -> Result<Publication> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM publications p JOIN organisations o ON o.id = p.org_id
             WHERE p.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut p = publication(&row)?;
        p.images =
            crate::attachment::file_names(self, "publication_images", "publication_id", id).await?;
        Ok(p)
    }

    /// A page of an organisation's publications, newest first (by the day
    /// published, else by when they were written).
    pub async fn publications_of(
        &self,
        org_id: i64,
        filter: PublicationFilter,
        page: i64,
        per_page: i64,
    ) -> Result<Page<Publication>> {
        let mut wheres = String::from("p.org_id = $1");
        if filter.published_only {
            wheres.push_str(" AND p.status = 'published'");
        }
        if let Some(kind) = filter.kind {
            wheres.push_str(&format!(" AND p.kind = '{}'", kind.as_str()));
        }
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM publications p WHERE {wheres}"
        )))
        .bind(org_id)
        .fetch_one(&self.pool)
        .await?;
        let per_page = per_page.max(1);
        let last = ((total + per_page - 1) / per_page).max(1);
        let page = page.clamp(1, last);
        // Published pieces all have their day: in the order of the index, so
        // that a page of a long list reads a page of rows, not the list.
        let order = if filter.published_only {
            "p.published_at DESC, p.id DESC"
        } else {
            "COALESCE(p.published_at, p.created_at) DESC, p.id DESC"
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM publications p JOIN organisations o ON o.id = p.org_id
             WHERE {wheres} ORDER BY {order} LIMIT $2 OFFSET $3"
        )))
        .bind(org_id)
        .bind(per_page)
        .bind((page - 1) * per_page)
        .fetch_all(&self.pool)
        .await?;
        Ok(Page {
            items: rows.iter().map(publication).collect::<Result<_>>()?,
            total,
            page,
            per_page,
        })
    }

    /// The number the organisation's next bulletin would take.
    pub async fn next_bulletin_number(&self, org_id: i64) -> Result<i64> {
        let last: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(number) FROM publications WHERE org_id = $1 AND kind = 'bulletin'",
        )
        .bind(org_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(last.unwrap_or(0) + 1)
    }

    /// Whether another of the organisation's bulletins has this number.
    pub async fn bulletin_number_taken(
        &self,
        org_id: i64,
        number: i64,
        except: Option<i64>,
    ) -> Result<bool> {
        let other: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM publications
             WHERE org_id = $1 AND kind = 'bulletin' AND number = $2 AND id <> $3",
        )
        .bind(org_id)
        .bind(number)
        .bind(except.unwrap_or(0))
        .fetch_optional(&self.pool)
        .await?;
        Ok(other.is_some())
    }

    /// An image of a publication, with the publication it belongs to.
    pub async fn publication_image(&self, id: i64) -> Result<(i64, EvidenceFile)> {
        crate::attachment::stored_file(self, "publication_images", "publication_id", id).await
    }
}
