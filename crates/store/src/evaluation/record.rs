//! What an organiser records beside the ballots: forums (座谈会) held, opinions
//! solicited (征求意见) about a target, the feedback summary after the close,
//! and rectification items raised from a target's result.

use super::change;
use crate::{Result, Store, StoreError, audit, now_text};
use domain::date::Day;
use domain::evaluation::record::ForumDraft;
use serde::Serialize;
use sqlx::Row;

#[derive(Clone, Debug, Serialize)]
pub struct Forum {
    pub id: i64,
    pub held_on: Day,
    pub place: String,
    pub present: i64,
    pub minutes: String,
    pub created_by: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SolicitedOpinion {
    pub id: i64,
    pub target_id: i64,
    pub source: String,
    pub text: String,
    pub created_by: String,
    pub created_at: String,
}

/// A rectification item raised from one target's result.
#[derive(Clone, Debug)]
pub struct ResultRectification {
    pub round_id: i64,
    pub target_id: i64,
    /// The branch whose rectification list the item joins.
    pub org_id: i64,
    pub problem: String,
    pub owner_person_id: i64,
    pub due_on: Day,
}

impl Store {
    pub async fn add_forum(&self, actor: &str, round_id: i64, forum: &ForumDraft) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO evaluation_forums (round_id, held_on, place, present, minutes, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(round_id)
        .bind(forum.held_on.to_string())
        .bind(&forum.place)
        .bind(forum.present)
        .bind(&forum.minutes)
        .bind(actor)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            change(actor, "add_forum", round_id, format!("forum {id}")),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn forums(&self, round_id: i64) -> Result<Vec<Forum>> {
        let rows = sqlx::query(
            "SELECT id, held_on, place, present, minutes, created_by FROM evaluation_forums
             WHERE round_id = $1 ORDER BY held_on, id",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let day: String = r.try_get("held_on")?;
                Ok(Forum {
                    id: r.try_get("id")?,
                    held_on: Day::parse_iso(&day).ok_or(StoreError::Corrupt(day))?,
                    place: r.try_get("place")?,
                    present: r.try_get("present")?,
                    minutes: r.try_get("minutes")?,
                    created_by: r.try_get("created_by")?,
                })
            })
            .collect()
    }

    pub async fn add_solicited_opinion(
        &self,
        actor: &str,
        round_id: i64,
        target_id: i64,
        source: &str,
        text: &str,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO evaluation_opinions (round_id, target_id, source, text, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(round_id)
        .bind(target_id)
        .bind(source)
        .bind(text)
        .bind(actor)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            change(
                actor,
                "add_opinion",
                round_id,
                format!("target {target_id}"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn solicited_opinions(&self, round_id: i64) -> Result<Vec<SolicitedOpinion>> {
        let rows = sqlx::query(
            "SELECT id, target_id, source, text, created_by, created_at FROM evaluation_opinions
             WHERE round_id = $1 ORDER BY target_id, id",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SolicitedOpinion {
                    id: r.try_get("id")?,
                    target_id: r.try_get("target_id")?,
                    source: r.try_get("source")?,
                    text: r.try_get("text")?,
                    created_by: r.try_get("created_by")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Records that an officer typed in a paper ballot: who, and for which
    /// round; never which slip, nor what the ballot said.
    pub async fn record_paper_ballot(&self, actor: &str, round_id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        audit::record(
            &mut tx,
            change(actor, "paper_ballot", round_id, String::new()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The feedback summary (反馈与应用) recorded after the close.
    pub async fn set_feedback(&self, actor: &str, round_id: i64, text: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE evaluation_rounds SET feedback = $1 WHERE id = $2")
            .bind(text)
            .bind(round_id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            change(actor, "feedback", round_id, text.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Raises a rectification item from a target's result.
    pub async fn add_evaluation_rectification(
        &self,
        actor: &str,
        item: &ResultRectification,
    ) -> Result<i64> {
        let ResultRectification {
            round_id,
            target_id,
            org_id,
            problem,
            owner_person_id,
            due_on,
        } = item;
        let mut tx = self.begin().await?;
        // One problem found in a target's result becomes one item.
        let taken = sqlx::query(
            "SELECT id FROM rectifications WHERE round_id = $1 AND target_id = $2 AND problem = $3",
        )
        .bind(round_id)
        .bind(target_id)
        .bind(problem)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict("rectification-error-duplicate"));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO rectifications (round_id, target_id, org_id, problem, owner_person_id,
                due_on, status, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8) RETURNING id",
        )
        .bind(round_id)
        .bind(target_id)
        .bind(org_id)
        .bind(problem)
        .bind(owner_person_id)
        .bind(due_on.to_string())
        .bind(actor)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            audit::Change {
                actor,
                action: "create",
                entity: "rectification",
                entity_id: id.to_string(),
                summary: format!("evaluation {round_id}: {problem}"),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }
}
