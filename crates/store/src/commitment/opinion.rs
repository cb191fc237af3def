//! Opinions the masses leave on commitments: held for moderation, shown once
//! approved, answered publicly by the member.

use crate::commitment::{bump_board, org_of};
use crate::{Result, Store, StoreError, audit, inbox, now_text, time_text};
use domain::commitment::opinion::OpinionStatus;
use serde::Serialize;
use sqlx::Row;
use time::{Duration, OffsetDateTime};

/// How many opinions one visitor may leave in an hour.
pub const OPINIONS_PER_HOUR: i64 = 5;

#[derive(Clone, Debug, Serialize)]
pub struct Opinion {
    pub id: i64,
    pub commitment_id: i64,
    pub org_id: i64,
    /// Whose commitment: the member's name, or none for the branch's own.
    pub owner_name: Option<String>,
    pub owner_person_id: Option<i64>,
    pub name: Option<String>,
    pub text: String,
    pub status: OpinionStatus,
    pub reply: Option<String>,
    pub created_at: String,
}

const SELECT: &str = "SELECT o.id, o.commitment_id, c.org_id, p.name AS owner_name,
    c.person_id AS owner_person_id, o.name, o.text, o.status, o.reply, o.created_at
    FROM opinions o JOIN commitments c ON c.id = o.commitment_id
    LEFT JOIN people p ON p.id = c.person_id";

fn opinion(r: &sqlx::any::AnyRow) -> Result<Opinion> {
    let status: String = r.try_get("status")?;
    Ok(Opinion {
        id: r.try_get("id")?,
        commitment_id: r.try_get("commitment_id")?,
        org_id: r.try_get("org_id")?,
        owner_name: r.try_get("owner_name")?,
        owner_person_id: r.try_get("owner_person_id")?,
        name: r.try_get("name")?,
        text: r.try_get("text")?,
        status: OpinionStatus::parse(&status).ok_or(StoreError::Corrupt(status))?,
        reply: r.try_get("reply")?,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Holds a visitor's opinion for moderation. `source` identifies the visitor
    /// for rate limiting only; past the hourly limit the opinion is refused.
    pub async fn add_opinion(
        &self,
        commitment_id: i64,
        name: Option<&str>,
        text: &str,
        source: &str,
    ) -> Result<i64> {
        let now = OffsetDateTime::now_utc();
        let mut tx = self.begin().await?;
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM opinions WHERE source = $1 AND created_at > $2",
        )
        .bind(source)
        .bind(time_text(now - Duration::hours(1)))
        .fetch_one(&mut *tx)
        .await?;
        if recent >= OPINIONS_PER_HOUR {
            return Err(StoreError::Conflict("opinion-error-too-often"));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO opinions (commitment_id, name, text, status, source, created_at)
             VALUES ($1, $2, $3, 'pending', $4, $5) RETURNING id",
        )
        .bind(commitment_id)
        .bind(name)
        .bind(text)
        .bind(source)
        .bind(time_text(now))
        .fetch_one(&mut *tx)
        .await?;
        // The branch leadership moderates it.
        let org = org_of(&mut tx, commitment_id).await?;
        let leaders = inbox::leadership(&mut tx, org).await?;
        inbox::tell(
            &mut tx,
            &leaders,
            "notice-opinion-to-moderate",
            &[],
            &format!("/organisations/{org}/commitments#opinion-{id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn opinion(&self, id: i64) -> Result<Opinion> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE o.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        opinion(&row)
    }

    /// The opinions of a branch in one state, oldest first.
    pub async fn branch_opinions(
        &self,
        org_id: i64,
        status: OpinionStatus,
    ) -> Result<Vec<Opinion>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE c.org_id = $1 AND o.status = $2 ORDER BY o.id"
        )))
        .bind(org_id)
        .bind(status.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(opinion).collect()
    }

    /// Approves or rejects a pending opinion.
    pub async fn moderate_opinion(&self, actor: &str, id: i64, approve: bool) -> Result<()> {
        let status = if approve {
            OpinionStatus::Approved
        } else {
            OpinionStatus::Rejected
        };
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "UPDATE opinions SET status = $1, moderated_by = $2, moderated_at = $3
             WHERE id = $4 AND status = 'pending' RETURNING commitment_id",
        )
        .bind(status.as_str())
        .bind(actor)
        .bind(now_text())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::Conflict("opinion-error-moderated"))?;
        let commitment: i64 = row.try_get("commitment_id")?;
        let org = org_of(&mut tx, commitment).await?;
        let to_moderate = format!("/organisations/{org}/commitments#opinion-{id}");
        inbox::done(&mut tx, "notice-opinion-to-moderate", &to_moderate).await?;
        if approve {
            bump_board(&mut tx, org).await?;
            // The commitment's owner may now answer it, in public.
            let owner: Option<i64> = sqlx::query("SELECT person_id FROM commitments WHERE id = $1")
                .bind(commitment)
                .fetch_one(&mut *tx)
                .await?
                .try_get("person_id")?;
            let (people, link) = match owner {
                Some(p) => (vec![p], "/commitments".to_string()),
                None => (
                    inbox::leadership(&mut tx, org).await?,
                    format!("/organisations/{org}/commitment"),
                ),
            };
            inbox::tell(&mut tx, &people, "notice-opinion-shown", &[], &link).await?;
        }
        audit::record(
            &mut tx,
            audit::Change {
                actor,
                action: status.as_str(),
                entity: "opinion",
                entity_id: id.to_string(),
                summary: String::new(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The member's public answer to an approved opinion.
    pub async fn reply_to_opinion(&self, actor: &str, id: i64, reply: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "UPDATE opinions SET reply = $1, replied_by = $2, replied_at = $3
             WHERE id = $4 AND status = 'approved' RETURNING commitment_id",
        )
        .bind(reply)
        .bind(actor)
        .bind(now_text())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::Conflict("opinion-error-not-approved"))?;
        let org = org_of(&mut tx, row.try_get("commitment_id")?).await?;
        bump_board(&mut tx, org).await?;
        audit::record(
            &mut tx,
            audit::Change {
                actor,
                action: "reply",
                entity: "opinion",
                entity_id: id.to_string(),
                summary: String::new(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
