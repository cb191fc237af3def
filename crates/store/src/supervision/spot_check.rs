//! Random spot checks: announced with their population fixed (and its hash
//! published) and their seed named (a public figure of a named day) or
//! committed (its SHA-256 published); drawn once the seed is revealed, the
//! sample kept in draw order.

use crate::audit::change;
use crate::{Result, Store, StoreError, audit, inbox, now_text, parse_day};
use domain::date::Day;
use domain::supervision::{PopulationItem, SeedKind};
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// What a spot check draws from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PopulationKind {
    /// Members' approved commitments of a phase.
    Commitments,
    /// Members' study ledgers.
    StudyLedgers,
    /// Meeting records.
    Meetings,
    /// Programme tasks.
    Tasks,
}

impl PopulationKind {
    pub const ALL: [PopulationKind; 4] = [
        PopulationKind::Commitments,
        PopulationKind::StudyLedgers,
        PopulationKind::Meetings,
        PopulationKind::Tasks,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PopulationKind::Commitments => "commitments",
            PopulationKind::StudyLedgers => "study_ledgers",
            PopulationKind::Meetings => "meetings",
            PopulationKind::Tasks => "tasks",
        }
    }

    pub fn parse(s: &str) -> Option<PopulationKind> {
        PopulationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpotCheckStatus {
    Announced,
    Drawn,
}

impl SpotCheckStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SpotCheckStatus::Announced => "announced",
            SpotCheckStatus::Drawn => "drawn",
        }
    }
}

/// One item of a population, with where it belongs and whose it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpotItem {
    pub id: String,
    pub name: String,
    pub org_id: i64,
    pub person_id: Option<i64>,
}

impl SpotItem {
    pub fn published(&self) -> PopulationItem {
        PopulationItem {
            id: self.id.clone(),
            name: self.name.clone(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewSpotCheck {
    pub org_id: i64,
    pub title: String,
    pub kind: PopulationKind,
    pub scope_org_id: i64,
    pub sample_size: i64,
    pub algorithm: u32,
    pub population_hash: String,
    pub seed_kind: SeedKind,
    pub seed_source: String,
    pub draw_on: Day,
    pub seed_hash: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SpotCheck {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub title: String,
    pub kind: PopulationKind,
    pub scope_org_id: i64,
    pub scope_name: String,
    pub sample_size: i64,
    pub algorithm: u32,
    pub population_hash: String,
    pub population_count: i64,
    pub seed_kind: SeedKind,
    pub seed_source: String,
    pub draw_on: Day,
    pub seed_hash: Option<String>,
    pub seed: Option<String>,
    pub status: SpotCheckStatus,
    pub created_by: String,
    pub created_at: String,
    pub drawn_at: Option<String>,
}

const COLUMNS: &str = "s.id, s.org_id, o.name AS org_name, s.title, s.population_kind,
    s.scope_org_id, sc.name AS scope_name, s.sample_size, s.algorithm, s.population_hash,
    s.population_count, s.seed_kind, s.seed_source, s.draw_on, s.seed_hash, s.seed, s.status,
    s.created_by, s.created_at, s.drawn_at
    FROM spot_checks s JOIN organisations o ON o.id = s.org_id
    JOIN organisations sc ON sc.id = s.scope_org_id";

fn spot_check(r: &sqlx::any::AnyRow) -> Result<SpotCheck> {
    let corrupt = |what: &str, v: String| StoreError::Corrupt(format!("spot check {what} {v}"));
    let kind: String = r.try_get("population_kind")?;
    let seed_kind: String = r.try_get("seed_kind")?;
    let status: String = r.try_get("status")?;
    Ok(SpotCheck {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        title: r.try_get("title")?,
        kind: PopulationKind::parse(&kind).ok_or_else(|| corrupt("kind", kind.clone()))?,
        scope_org_id: r.try_get("scope_org_id")?,
        scope_name: r.try_get("scope_name")?,
        sample_size: r.try_get("sample_size")?,
        algorithm: u32::try_from(r.try_get::<i64, _>("algorithm")?)
            .map_err(|e| corrupt("algorithm", e.to_string()))?,
        population_hash: r.try_get("population_hash")?,
        population_count: r.try_get("population_count")?,
        seed_kind: SeedKind::parse(&seed_kind)
            .ok_or_else(|| corrupt("seed kind", seed_kind.clone()))?,
        seed_source: r.try_get("seed_source")?,
        draw_on: parse_day(r.try_get("draw_on")?)?,
        seed_hash: r.try_get("seed_hash")?,
        seed: r.try_get("seed")?,
        status: match status.as_str() {
            "announced" => SpotCheckStatus::Announced,
            "drawn" => SpotCheckStatus::Drawn,
            _ => return Err(corrupt("status", status)),
        },
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        drawn_at: r.try_get("drawn_at")?,
    })
}

impl Store {
    /// Announces a spot check with its population fixed.
    pub async fn announce_spot_check(
        &self,
        actor: &str,
        s: &NewSpotCheck,
        population: &[SpotItem],
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO spot_checks (org_id, title, population_kind, scope_org_id, sample_size,
                algorithm, population_hash, population_count, seed_kind, seed_source, draw_on,
                seed_hash, status, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'announced', $13, $14)
             RETURNING id",
        )
        .bind(s.org_id)
        .bind(&s.title)
        .bind(s.kind.as_str())
        .bind(s.scope_org_id)
        .bind(s.sample_size)
        .bind(i64::from(s.algorithm))
        .bind(&s.population_hash)
        .bind(population.len() as i64)
        .bind(s.seed_kind.as_str())
        .bind(&s.seed_source)
        .bind(s.draw_on.to_string())
        .bind(&s.seed_hash)
        .bind(actor)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        for chunk in population.chunks(500) {
            let mut sql = String::from(
                "INSERT INTO spot_check_population (spot_check_id, item_id, name, item_org_id, item_person_id) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = 5 * i;
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5
                ));
            }
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for item in chunk {
                q = q
                    .bind(id)
                    .bind(&item.id)
                    .bind(&item.name)
                    .bind(item.org_id)
                    .bind(item.person_id);
            }
            q.execute(&mut *tx).await?;
        }
        audit::record(
            &mut tx,
            change(actor, "announce", "spot_check", id, s.title.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn spot_check(&self, id: i64) -> Result<SpotCheck> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} WHERE s.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        spot_check(&r)
    }

    /// The spot checks an organisation ran, newest first.
    pub async fn spot_checks(&self, org_id: i64) -> Result<Vec<SpotCheck>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} WHERE s.org_id = $1 ORDER BY s.id DESC LIMIT 200"
        )))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(spot_check).collect()
    }

    /// Every spot check, newest first, for the command line.
    pub async fn all_spot_checks(&self) -> Result<Vec<SpotCheck>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} ORDER BY s.id DESC"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(spot_check).collect()
    }

    /// A check's fixed population, in id order.
    pub async fn spot_check_population(&self, id: i64) -> Result<Vec<SpotItem>> {
        let rows = sqlx::query(
            "SELECT item_id, name, item_org_id, item_person_id FROM spot_check_population
             WHERE spot_check_id = $1 ORDER BY item_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SpotItem {
                    id: r.try_get("item_id")?,
                    name: r.try_get("name")?,
                    org_id: r.try_get("item_org_id")?,
                    person_id: r.try_get("item_person_id")?,
                })
            })
            .collect()
    }

    /// Records the draw: the revealed seed and the sample in draw order. Only
    /// once: a second draw is refused. The sampled items' branches are told.
    pub async fn record_draw(
        &self,
        actor: &str,
        check: &SpotCheck,
        seed: &str,
        sample: &[SpotItem],
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = sqlx::query(
            "UPDATE spot_checks SET seed = $1, status = 'drawn', drawn_by = $2, drawn_at = $3
             WHERE id = $4 AND status = 'announced'",
        )
        .bind(seed)
        .bind(actor)
        .bind(now_text())
        .bind(check.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict("spot-check-error-drawn"));
        }
        let link = format!("/spot-checks/{}", check.id);
        for (i, item) in sample.iter().enumerate() {
            sqlx::query(
                "INSERT INTO spot_check_samples (spot_check_id, position, item_id, name,
                    item_org_id, item_person_id, finding)
                 VALUES ($1, $2, $3, $4, $5, $6, 'pending')",
            )
            .bind(check.id)
            .bind(i as i64 + 1)
            .bind(&item.id)
            .bind(&item.name)
            .bind(item.org_id)
            .bind(item.person_id)
            .execute(&mut *tx)
            .await?;
            let people = inbox::leadership(&mut tx, item.org_id).await?;
            inbox::tell(
                &mut tx,
                &people,
                "notice-spot-check-drawn",
                &[("title", check.title.clone()), ("item", item.name.clone())],
                &link,
            )
            .await?;
        }
        let office = inbox::holders(&mut tx, check.org_id, "campaign_office").await?;
        inbox::tell(
            &mut tx,
            &office,
            "notice-spot-check-inspect",
            &[("title", check.title.clone())],
            &link,
        )
        .await?;
        audit::record(
            &mut tx,
            change(actor, "draw", "spot_check", check.id, seed.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
