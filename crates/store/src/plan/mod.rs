//! Plan versions. Importing a plan for an organisation adds a version; earlier
//! versions stay readable. The body is the checked plan (as shifted at import)
//! in JSON; the source is the file as it was given.

use crate::organisation::Organisation;
use crate::{Result, Store, StoreError, audit, now_text};
use domain::plan::Plan;
use serde::Serialize;
use sqlx::Row;

#[derive(Clone, Debug, Serialize)]
pub struct PlanVersion {
    pub id: i64,
    pub org_id: i64,
    pub version: i64,
    pub shift_years: i64,
    pub imported_by: String,
    pub imported_at: String,
    pub plan: Plan,
}

/// A version without its body, for listings.
#[derive(Clone, Debug, Serialize)]
pub struct PlanVersionInfo {
    pub version: i64,
    pub code: String,
    pub title: String,
    pub shift_years: i64,
    pub imported_by: String,
    pub imported_at: String,
}

fn version(row: &sqlx::any::AnyRow) -> Result<PlanVersion> {
    let body: String = row.try_get("body")?;
    Ok(PlanVersion {
        id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        version: row.try_get("version")?,
        shift_years: row.try_get("shift_years")?,
        plan: serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        imported_by: row.try_get("imported_by")?,
        imported_at: row.try_get("imported_at")?,
    })
}

const COLUMNS: &str = "id, org_id, version, shift_years, body, imported_by, imported_at";

impl Store {
    /// Adds a version of `plan` for `org`; returns its number.
    pub async fn import_plan(
        &self,
        actor: &str,
        org: &Organisation,
        source: &str,
        plan: &Plan,
        shift_years: i32,
    ) -> Result<i64> {
        let body = serde_json::to_string(plan).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.begin().await?;
        let next: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM plans WHERE org_id = $1")
                .bind(org.id)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO plans (org_id, version, source, body, shift_years, imported_by, imported_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(org.id)
        .bind(next)
        .bind(source)
        .bind(&body)
        .bind(i64::from(shift_years))
        .bind(actor)
        .bind(now_text())
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from(e).on_unique("version"))?;
        audit::record(
            &mut tx,
            audit::Change {
                actor,
                action: "import",
                entity: "plan",
                entity_id: format!("{}/{}", org.id, next),
                summary: format!(
                    "{} {} (v{next}, shifted {shift_years} years)",
                    plan.header.code, plan.header.title
                ),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(next)
    }

    /// The newest plan in force for `org`: its own, or else the nearest
    /// ancestor's (the longest path with a plan). Almost every page asks, so
    /// it is one query, and a version read once is not read again.
    pub async fn current_plan(&self, org: &Organisation) -> Result<Option<PlanVersion>> {
        // The path's ids are numbers, so they are written into the query.
        let ids: Vec<String> = org.path.ids().iter().map(i64::to_string).collect();
        let id: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT p.id FROM plans p JOIN organisations o ON o.id = p.org_id
             WHERE p.org_id IN ({}) ORDER BY LENGTH(o.path) DESC, p.version DESC LIMIT 1",
            ids.join(", ")
        )))
        .fetch_optional(&self.pool)
        .await?;
        match id {
            Some(id) => self.plan_by_id(id).await.map(Some),
            None => Ok(None),
        }
    }

    /// A version by its id: from this process's memory when it was read
    /// before, since a version is never changed.
    async fn plan_by_id(&self, id: i64) -> Result<PlanVersion> {
        if let Some(v) = self.read_plans.get(id) {
            return Ok(v);
        }
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM plans WHERE id = $1"
        )))
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        let v = version(&row)?;
        self.read_plans.put(v.clone());
        Ok(v)
    }

    pub async fn plan_version(&self, org_id: i64, number: i64) -> Result<PlanVersion> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM plans WHERE org_id = $1 AND version = $2"
        )))
        .bind(org_id)
        .bind(number)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        version(&row)
    }

    pub async fn plan_versions(&self, org_id: i64) -> Result<Vec<PlanVersionInfo>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM plans WHERE org_id = $1 ORDER BY version DESC"
        )))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let v = version(r)?;
                Ok(PlanVersionInfo {
                    version: v.version,
                    code: v.plan.header.code,
                    title: v.plan.header.title,
                    shift_years: v.shift_years,
                    imported_by: v.imported_by,
                    imported_at: v.imported_at,
                })
            })
            .collect()
    }
}

/// Plan versions already read, by id. Few organisations have a plan of their
/// own, so this stays small; past `READ_PLANS` it starts again empty.
#[derive(Debug, Default)]
pub struct ReadPlans(std::sync::Mutex<std::collections::HashMap<i64, PlanVersion>>);

const READ_PLANS: usize = 256;

impl ReadPlans {
    fn get(&self, id: i64) -> Option<PlanVersion> {
        let held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        held.get(&id).cloned()
    }

    fn put(&self, v: PlanVersion) {
        let mut held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if held.len() >= READ_PLANS {
            held.clear();
        }
        held.insert(v.id, v);
    }
}
