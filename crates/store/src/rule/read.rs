//! Rules and their versions read back.

use super::{Rule, RuleVersion};
use crate::time_text::parse_day;
use crate::{Result, Store, StoreError};
use domain::rule::{OriginKind, RuleStatus, VersionStatus, Visibility};
use sqlx::Row;

const RULE: &str = "SELECT r.id, r.org_id, o.name AS org_name, r.title, r.visibility,
    r.origin_kind, r.origin_id, r.origin_note, r.status, r.repealed_on, r.repeal_reason,
    r.created_by, r.updated_at, v.number AS in_force_number, v.effective_on AS in_force_on
    FROM rules r JOIN organisations o ON o.id = r.org_id
    LEFT JOIN rule_versions v ON v.rule_id = r.id AND v.status = 'adopted'";

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("rule {what} {value}"))
}

fn rule(r: &sqlx::any::AnyRow) -> Result<Rule> {
    let visibility: String = r.try_get("visibility")?;
    let status: String = r.try_get("status")?;
    let origin_kind: Option<String> = r.try_get("origin_kind")?;
    let origin_id: Option<i64> = r.try_get("origin_id")?;
    let origin = match (origin_kind, origin_id) {
        (Some(k), Some(id)) => Some((
            OriginKind::parse(&k).ok_or_else(|| corrupt("origin", &k))?,
            id,
        )),
        _ => None,
    };
    let in_force_number: Option<i64> = r.try_get("in_force_number")?;
    let in_force_on: Option<String> = r.try_get("in_force_on")?;
    Ok(Rule {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        title: r.try_get("title")?,
        visibility: Visibility::parse(&visibility)
            .ok_or_else(|| corrupt("visibility", &visibility))?,
        origin,
        origin_note: r.try_get("origin_note")?,
        status: RuleStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        repealed_on: r
            .try_get::<Option<String>, _>("repealed_on")?
            .map(parse_day)
            .transpose()?,
        repeal_reason: r.try_get("repeal_reason")?,
        created_by: r.try_get("created_by")?,
        updated_at: r.try_get("updated_at")?,
        in_force: match (in_force_number, in_force_on) {
            (Some(n), Some(on)) => Some((n, parse_day(on)?)),
            _ => None,
        },
        versions: Vec::new(),
    })
}

fn version(r: &sqlx::any::AnyRow) -> Result<RuleVersion> {
    let status: String = r.try_get("status")?;
    Ok(RuleVersion {
        id: r.try_get("id")?,
        rule_id: r.try_get("rule_id")?,
        number: r.try_get("number")?,
        text: r.try_get("text")?,
        effective_on: parse_day(r.try_get("effective_on")?)?,
        note: r.try_get("note")?,
        status: VersionStatus::parse(&status).ok_or_else(|| corrupt("version status", &status))?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        adopted_by: r.try_get("adopted_by")?,
        adopted_at: r.try_get("adopted_at")?,
    })
}

impl Store {
    /// A rule with every version, newest first.
    pub async fn rule(&self, id: i64) -> Result<Rule> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{RULE} WHERE r.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut r = rule(&row)?;
        r.versions =
            sqlx::query("SELECT * FROM rule_versions WHERE rule_id = $1 ORDER BY number DESC")
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(version)
                .collect::<Result<_>>()?;
        Ok(r)
    }

    /// A version by its id.
    pub async fn rule_version(&self, id: i64) -> Result<RuleVersion> {
        let row = sqlx::query("SELECT * FROM rule_versions WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        version(&row)
    }

    /// An organisation's rules by title; only the public ones in force when
    /// `public_only`.
    pub async fn rules_of(&self, org_id: i64, public_only: bool) -> Result<Vec<Rule>> {
        let only = if public_only {
            "AND r.status = 'in_force' AND r.visibility = 'public'"
        } else {
            ""
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{RULE} WHERE r.org_id = $1 {only} ORDER BY r.status, r.title, r.id"
        )))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(rule).collect()
    }
}
