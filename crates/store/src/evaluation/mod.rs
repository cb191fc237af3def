//! Mass evaluation rounds in storage: the round and its targets here; codes in
//! `code`, casting in `ballot_box`, closing and counting in `close`, forums,
//! opinions and feedback in `record`.

pub mod ballot_box;
#[cfg(feature = "bench")]
pub mod bench;
mod cast;
mod close;
mod code;
mod record;
mod reminder;

pub use close::{RoundResults, Tallied};
pub use code::{Batch, CodeLookup, CodeState, Delivery, IssuedBatch, Participation};
pub use record::{Forum, ResultRectification, SolicitedOpinion};
pub use reminder::CodesDue;

use crate::{Result, Store, StoreError, audit, now_text, parse_time_text, time_text};
use domain::evaluation::{Level, Publication, RoundCriterion, RoundDraft, RoundKind, RoundState};
use serde::Serialize;
use sqlx::Row;
use time::OffsetDateTime;

#[derive(Clone, Debug, Serialize)]
pub struct Round {
    pub id: i64,
    pub org_id: i64,
    pub kind: RoundKind,
    pub title: String,
    pub phase_key: String,
    pub standard_key: String,
    pub standard_name: String,
    pub criteria: Vec<RoundCriterion>,
    pub scale: Vec<Level>,
    #[serde(with = "time::serde::rfc3339")]
    pub opens_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub closes_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub closed_at: Option<OffsetDateTime>,
    pub min_ballots: u32,
    pub publication: Publication,
    pub feedback: String,
    pub created_by: String,
}

impl Round {
    pub fn state(&self, now: OffsetDateTime) -> RoundState {
        RoundState::at(now, self.opens_at, self.closes_at, self.closed_at.is_some())
    }

    /// Past its close, but the closing work (forgetting codes, reordering
    /// ballots) has not run yet.
    pub fn needs_closing(&self, now: OffsetDateTime) -> bool {
        self.closed_at.is_none() && now >= self.closes_at
    }
}

/// Something a round evaluates: a branch or a member.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Target {
    pub id: i64,
    pub position: i64,
    pub org_id: Option<i64>,
    pub person_id: Option<i64>,
    pub name: String,
}

/// A target as the organiser chose it.
#[derive(Clone, Debug)]
pub struct NewTarget {
    pub org_id: Option<i64>,
    pub person_id: Option<i64>,
    pub name: String,
}

const ROUND: &str = "SELECT id, org_id, kind, title, phase_key, standard_key, standard_name,
    criteria, scale, opens_at, closes_at, closed_at, min_ballots, publication, feedback, created_by
    FROM evaluation_rounds";

pub(crate) fn json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn stored_time(text: &str) -> Result<OffsetDateTime> {
    parse_time_text(text).ok_or_else(|| StoreError::Corrupt(text.to_string()))
}

fn round(r: &sqlx::any::AnyRow) -> Result<Round> {
    let kind: String = r.try_get("kind")?;
    let closed_at: Option<String> = r.try_get("closed_at")?;
    Ok(Round {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        kind: RoundKind::parse(&kind).ok_or(StoreError::Corrupt(kind))?,
        title: r.try_get("title")?,
        phase_key: r.try_get("phase_key")?,
        standard_key: r.try_get("standard_key")?,
        standard_name: r.try_get("standard_name")?,
        criteria: json(&r.try_get::<String, _>("criteria")?)?,
        scale: json(&r.try_get::<String, _>("scale")?)?,
        opens_at: stored_time(&r.try_get::<String, _>("opens_at")?)?,
        closes_at: stored_time(&r.try_get::<String, _>("closes_at")?)?,
        closed_at: closed_at.as_deref().map(stored_time).transpose()?,
        min_ballots: u32::try_from(r.try_get::<i64, _>("min_ballots")?).unwrap_or(u32::MAX),
        publication: json(&r.try_get::<String, _>("publication")?)?,
        feedback: r.try_get("feedback")?,
        created_by: r.try_get("created_by")?,
    })
}

pub(crate) fn change<'a>(
    actor: &'a str,
    action: &'static str,
    id: i64,
    summary: String,
) -> audit::Change<'a> {
    audit::Change {
        actor,
        action,
        entity: "evaluation_round",
        entity_id: id.to_string(),
        summary,
    }
}

impl Store {
    /// Opens a round with its targets, in the order given.
    pub async fn create_round(
        &self,
        actor: &str,
        org_id: i64,
        draft: &RoundDraft,
        targets: &[NewTarget],
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO evaluation_rounds (org_id, kind, title, phase_key, standard_key,
                standard_name, criteria, scale, opens_at, closes_at, min_ballots, publication,
                created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        )
        .bind(org_id)
        .bind(draft.kind.as_str())
        .bind(&draft.title)
        .bind(&draft.phase_key)
        .bind(&draft.standard_key)
        .bind(&draft.standard_name)
        .bind(to_json(&draft.criteria)?)
        .bind(to_json(&draft.scale)?)
        .bind(time_text(draft.opens_at))
        .bind(time_text(draft.closes_at))
        .bind(i64::from(draft.min_ballots))
        .bind(to_json(&Publication::default())?)
        .bind(actor)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        for (position, t) in targets.iter().enumerate() {
            sqlx::query(
                "INSERT INTO evaluation_targets (round_id, position, org_id, person_id, name)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(t.org_id)
            .bind(t.person_id)
            .bind(&t.name)
            .execute(&mut *tx)
            .await?;
        }
        audit::record(
            &mut tx,
            change(
                actor,
                "create",
                id,
                format!("{} ({} targets)", draft.title, targets.len()),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn round(&self, id: i64) -> Result<Round> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{ROUND} WHERE id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        round(&row)
    }

    /// Rounds an organisation runs, newest first.
    pub async fn rounds_of(&self, org_id: i64) -> Result<Vec<Round>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{ROUND} WHERE org_id = $1 ORDER BY id DESC"
        )))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(round).collect()
    }

    /// Rounds run by others that evaluate this organisation, newest first.
    pub async fn rounds_evaluating(&self, org_id: i64) -> Result<Vec<Round>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{ROUND} WHERE id IN (SELECT round_id FROM evaluation_targets WHERE org_id = $1)
             ORDER BY id DESC"
        )))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(round).collect()
    }

    pub async fn round_targets(&self, round_id: i64) -> Result<Vec<Target>> {
        let rows = sqlx::query(
            "SELECT id, position, org_id, person_id, name FROM evaluation_targets
             WHERE round_id = $1 ORDER BY position",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Target {
                    id: r.try_get("id")?,
                    position: r.try_get("position")?,
                    org_id: r.try_get("org_id")?,
                    person_id: r.try_get("person_id")?,
                    name: r.try_get("name")?,
                })
            })
            .collect()
    }

    /// What the public portal shows of a closed round.
    pub async fn set_publication(
        &self,
        actor: &str,
        round_id: i64,
        publication: &Publication,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE evaluation_rounds SET publication = $1 WHERE id = $2")
            .bind(to_json(publication)?)
            .bind(round_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        audit::record(
            &mut tx,
            change(actor, "publish", round_id, to_json(publication)?),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
