//! The rule library (长效机制): an organisation's rules, each with its
//! versions. Writing one tells the branch's leadership it waits for adoption;
//! adopting one puts it in force, retires the one before and tells the
//! organisation's people.

mod read;

use crate::audit::change;
use crate::{Result, Store, StoreError, audit, inbox, now_text};
use domain::date::Day;
use domain::rule::{OriginKind, RuleStatus, VersionStatus, Visibility};
use serde::Serialize;
use sqlx::Row;

/// A rule as first written, with its first version.
#[derive(Clone, Debug)]
pub struct NewRule {
    pub org_id: i64,
    pub title: String,
    pub visibility: Visibility,
    pub origin: Option<(OriginKind, i64)>,
    pub origin_note: String,
    pub version: VersionText,
}

/// A version's text, the day it takes effect and what changed.
#[derive(Clone, Debug)]
pub struct VersionText {
    pub text: String,
    pub effective_on: Day,
    pub note: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Rule {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub title: String,
    pub visibility: Visibility,
    pub origin: Option<(OriginKind, i64)>,
    pub origin_note: String,
    pub status: RuleStatus,
    pub repealed_on: Option<Day>,
    pub repeal_reason: Option<String>,
    pub created_by: String,
    pub updated_at: String,
    /// The version in force: its number and the day it took effect.
    pub in_force: Option<(i64, Day)>,
    /// Every version, newest first; only where one rule is read.
    pub versions: Vec<RuleVersion>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RuleVersion {
    pub id: i64,
    pub rule_id: i64,
    pub number: i64,
    pub text: String,
    pub effective_on: Day,
    pub note: String,
    pub status: VersionStatus,
    pub created_by: String,
    pub created_at: String,
    pub adopted_by: Option<String>,
    pub adopted_at: Option<String>,
}

fn link(id: i64) -> String {
    format!("/rules/{id}")
}

impl Store {
    /// Writes a rule and its first version, both drafts; the leadership is told.
    pub async fn add_rule(&self, actor: &str, r: &NewRule) -> Result<i64> {
        let mut tx = self.begin().await?;
        let now = now_text();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO rules (org_id, title, visibility, origin_kind, origin_id, origin_note,
                status, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $8) RETURNING id",
        )
        .bind(r.org_id)
        .bind(&r.title)
        .bind(r.visibility.as_str())
        .bind(r.origin.map(|(k, _)| k.as_str()))
        .bind(r.origin.map(|(_, id)| id))
        .bind(&r.origin_note)
        .bind(actor)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        insert_version(&mut tx, actor, id, 1, &r.version).await?;
        let leadership = inbox::leadership(&mut tx, r.org_id).await?;
        inbox::tell(
            &mut tx,
            &leadership,
            "notice-rule-drafted",
            &[("title", r.title.clone())],
            &link(id),
        )
        .await?;
        audit::record(&mut tx, change(actor, "write", "rule", id, r.title.clone())).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Starts the next version as a draft; refused while one is still a draft
    /// or once the rule is repealed.
    pub async fn add_rule_version(
        &self,
        actor: &str,
        rule_id: i64,
        v: &VersionText,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let r = sqlx::query("SELECT org_id, title, status FROM rules WHERE id = $1")
            .bind(rule_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        if r.try_get::<String, _>("status")? == "repealed" {
            return Err(StoreError::Conflict("rule-error-repealed"));
        }
        let (drafts, last): (i64, Option<i64>) = {
            let row = sqlx::query(
                "SELECT COUNT(*) FILTER (WHERE status = 'draft') AS drafts, MAX(number) AS last
                 FROM rule_versions WHERE rule_id = $1",
            )
            .bind(rule_id)
            .fetch_one(&mut *tx)
            .await?;
            (row.try_get("drafts")?, row.try_get("last")?)
        };
        if drafts > 0 {
            return Err(StoreError::Conflict("rule-error-draft-open"));
        }
        let id = insert_version(&mut tx, actor, rule_id, last.unwrap_or(0) + 1, v).await?;
        touch(&mut tx, rule_id).await?;
        let org_id: i64 = r.try_get("org_id")?;
        let leadership = inbox::leadership(&mut tx, org_id).await?;
        inbox::tell(
            &mut tx,
            &leadership,
            "notice-rule-drafted",
            &[("title", r.try_get("title")?)],
            &link(rule_id),
        )
        .await?;
        audit::record(
            &mut tx,
            change(actor, "write", "rule_version", id, v.note.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a version still in draft.
    pub async fn edit_rule_version(&self, actor: &str, id: i64, v: &VersionText) -> Result<()> {
        let mut tx = self.begin().await?;
        let rule_id: Option<i64> = sqlx::query_scalar(
            "UPDATE rule_versions SET text = $2, effective_on = $3, note = $4
             WHERE id = $1 AND status = 'draft' RETURNING rule_id",
        )
        .bind(id)
        .bind(&v.text)
        .bind(v.effective_on.to_string())
        .bind(&v.note)
        .fetch_optional(&mut *tx)
        .await?;
        let rule_id = rule_id.ok_or(StoreError::Conflict("rule-error-version-state"))?;
        touch(&mut tx, rule_id).await?;
        audit::record(
            &mut tx,
            change(actor, "edit", "rule_version", id, v.note.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Puts a draft version in force: the one in force before is superseded;
    /// the organisation's people are told. Refused where it would take effect
    /// before the version it replaces.
    pub async fn adopt_rule_version(&self, actor: &str, id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let v = sqlx::query(
            "SELECT v.rule_id, v.effective_on, v.status, r.org_id, r.title, r.status AS rule_status
             FROM rule_versions v JOIN rules r ON r.id = v.rule_id WHERE v.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let (rule_id, effective_on, org_id, title): (i64, String, i64, String) = (
            v.try_get("rule_id")?,
            v.try_get("effective_on")?,
            v.try_get("org_id")?,
            v.try_get("title")?,
        );
        if v.try_get::<String, _>("status")? != "draft" {
            return Err(StoreError::Conflict("rule-error-version-state"));
        }
        if v.try_get::<String, _>("rule_status")? == "repealed" {
            return Err(StoreError::Conflict("rule-error-repealed"));
        }
        let before: Option<String> = sqlx::query_scalar(
            "SELECT effective_on FROM rule_versions WHERE rule_id = $1 AND status = 'adopted'",
        )
        .bind(rule_id)
        .fetch_optional(&mut *tx)
        .await?;
        if before.is_some_and(|b| b > effective_on) {
            return Err(StoreError::Conflict("rule-error-effective"));
        }
        sqlx::query("UPDATE rule_versions SET status = 'superseded' WHERE rule_id = $1 AND status = 'adopted'")
            .bind(rule_id)
            .execute(&mut *tx)
            .await?;
        let adopted = sqlx::query(
            "UPDATE rule_versions SET status = 'adopted', adopted_by = $2, adopted_at = $3
             WHERE id = $1 AND status = 'draft'",
        )
        .bind(id)
        .bind(actor)
        .bind(now_text())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if adopted == 0 {
            return Err(StoreError::Conflict("rule-error-version-state"));
        }
        sqlx::query("UPDATE rules SET status = 'in_force', updated_at = $2 WHERE id = $1")
            .bind(rule_id)
            .bind(now_text())
            .execute(&mut *tx)
            .await?;
        inbox::done(&mut tx, "notice-rule-drafted", &link(rule_id)).await?;
        let people: Vec<i64> = sqlx::query_scalar(
            "SELECT a.person_id FROM accounts a JOIN people p ON p.id = a.person_id WHERE p.org_id = $1",
        )
        .bind(org_id)
        .fetch_all(&mut *tx)
        .await?;
        inbox::tell(
            &mut tx,
            &people,
            "notice-rule-in-force",
            &[("title", title)],
            &link(rule_id),
        )
        .await?;
        audit::record(
            &mut tx,
            change(actor, "adopt", "rule_version", id, effective_on),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Repeals a rule from a day, with a reason.
    pub async fn repeal_rule(&self, actor: &str, id: i64, on: Day, reason: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        let changed = sqlx::query(
            "UPDATE rules SET status = 'repealed', repealed_on = $2, repeal_reason = $3, updated_at = $4
             WHERE id = $1 AND status <> 'repealed'",
        )
        .bind(id)
        .bind(on.to_string())
        .bind(reason)
        .bind(now_text())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("rule-error-repealed"));
        }
        audit::record(
            &mut tx,
            change(actor, "repeal", "rule", id, reason.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn insert_version(
    conn: &mut crate::Conn,
    actor: &str,
    rule_id: i64,
    number: i64,
    v: &VersionText,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO rule_versions (rule_id, number, text, effective_on, note, status,
            created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7) RETURNING id",
    )
    .bind(rule_id)
    .bind(number)
    .bind(&v.text)
    .bind(v.effective_on.to_string())
    .bind(&v.note)
    .bind(actor)
    .bind(now_text())
    .fetch_one(&mut *conn)
    .await?)
}

async fn touch(conn: &mut crate::Conn, rule_id: i64) -> Result<()> {
    sqlx::query("UPDATE rules SET updated_at = $2 WHERE id = $1")
        .bind(rule_id)
        .bind(now_text())
        .execute(&mut *conn)
        .await?;
    Ok(())
}
