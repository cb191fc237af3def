//! Leader reviews, the replies of the reviewed side, and rectification items.

mod rectification;

pub use rectification::Rectification;

use crate::audit::change;
use crate::{Result, Store, StoreError, audit, inbox, now_text};
use domain::plan::ScalePoint;
use domain::review::ReviewParts;
use serde::Serialize;
use sqlx::Row;

#[derive(Clone, Debug, Serialize)]
pub struct Review {
    pub id: i64,
    pub reviewer_account_id: i64,
    pub reviewer_name: String,
    pub org_id: i64,
    pub person_id: Option<i64>,
    /// The member reviewed; none when the branch itself is.
    pub person_name: Option<String>,
    pub parts: ReviewParts,
    pub published: bool,
    pub created_at: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Reply {
    pub author: String,
    pub text: String,
    pub created_at: String,
}

const REVIEW: &str =
    "SELECT r.id, r.reviewer_account_id, r.reviewer_name, r.org_id, r.person_id, p.name AS person_name,
    r.affirmed, r.problems, r.direction, r.criteria, r.grade, r.grade_score, r.published, r.created_at
    FROM reviews r LEFT JOIN people p ON p.id = r.person_id";

fn json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn review(r: &sqlx::any::AnyRow) -> Result<Review> {
    Ok(Review {
        id: r.try_get("id")?,
        reviewer_account_id: r.try_get("reviewer_account_id")?,
        reviewer_name: r.try_get("reviewer_name")?,
        org_id: r.try_get("org_id")?,
        person_id: r.try_get("person_id")?,
        person_name: r.try_get("person_name")?,
        parts: ReviewParts {
            affirmed: r.try_get("affirmed")?,
            problems: json(&r.try_get::<String, _>("problems")?)?,
            direction: r.try_get("direction")?,
            criteria: json(&r.try_get::<String, _>("criteria")?)?,
            grade: match (
                r.try_get::<Option<String>, _>("grade")?,
                r.try_get::<Option<i64>, _>("grade_score")?,
            ) {
                (Some(name), Some(score)) => Some(ScalePoint {
                    name,
                    score: score.clamp(0, 100) as u32,
                }),
                _ => None,
            },
        },
        published: r.try_get::<i64, _>("published")? != 0,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Records a review by `reviewer` (account) of a branch or of one of its members.
    pub async fn add_review(
        &self,
        actor: &str,
        reviewer: (i64, &str),
        org_id: i64,
        person_id: Option<i64>,
        parts: &ReviewParts,
    ) -> Result<i64> {
        let text = |v: &Vec<String>| {
            serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
        };
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO reviews (reviewer_account_id, reviewer_name, org_id, person_id, affirmed,
                problems, direction, criteria, grade, grade_score, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(reviewer.0)
        .bind(reviewer.1)
        .bind(org_id)
        .bind(person_id)
        .bind(&parts.affirmed)
        .bind(text(&parts.problems)?)
        .bind(&parts.direction)
        .bind(text(&parts.criteria)?)
        .bind(parts.grade.as_ref().map(|g| g.name.clone()))
        .bind(parts.grade.as_ref().map(|g| i64::from(g.score)))
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            change(
                actor,
                "create",
                "review",
                id,
                match person_id {
                    Some(p) => format!("org {org_id}, person {p}"),
                    None => format!("org {org_id}"),
                },
            ),
        )
        .await?;
        // The reviewed: the member, or the branch's leadership.
        let reviewed = match person_id {
            Some(p) => vec![p],
            None => inbox::leadership(&mut tx, org_id).await?,
        };
        inbox::tell(
            &mut tx,
            &reviewed,
            "notice-review-new",
            &[("reviewer", reviewer.1.to_string())],
            &format!("/reviews/{id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn review(&self, id: i64) -> Result<Review> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{REVIEW} WHERE r.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        review(&row)
    }

    /// Every review of a branch and its members, newest first.
    pub async fn branch_reviews(&self, org_id: i64) -> Result<Vec<Review>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{REVIEW} WHERE r.org_id = $1 ORDER BY r.id DESC"
        )))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(review).collect()
    }

    pub async fn publish_review(&self, actor: &str, id: i64, published: bool) -> Result<()> {
        let mut tx = self.begin().await?;
        let org: i64 =
            sqlx::query("UPDATE reviews SET published = $1 WHERE id = $2 RETURNING org_id")
                .bind(i64::from(published))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?
                .try_get("org_id")?;
        crate::commitment::bump_board(&mut tx, org).await?;
        audit::record(
            &mut tx,
            change(
                actor,
                if published { "publish" } else { "unpublish" },
                "review",
                id,
                String::new(),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn add_review_reply(&self, actor: &str, id: i64, text: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("INSERT INTO review_replies (review_id, author, text, created_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(actor)
            .bind(text)
            .bind(now_text())
            .execute(&mut *tx)
            .await?;
        audit::record(&mut tx, change(actor, "reply", "review", id, String::new())).await?;
        let reviewer: i64 = sqlx::query("SELECT reviewer_account_id FROM reviews WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("reviewer_account_id")?;
        if let Some(p) = inbox::person_of_account(&mut tx, reviewer).await? {
            inbox::tell(
                &mut tx,
                &[p],
                "notice-review-reply",
                &[],
                &format!("/reviews/{id}"),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn review_replies(&self, id: i64) -> Result<Vec<Reply>> {
        let rows = sqlx::query(
            "SELECT author, text, created_at FROM review_replies WHERE review_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Reply {
                    author: r.try_get("author")?,
                    text: r.try_get("text")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }
}
