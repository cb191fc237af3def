//! Honours (荣誉记录): made by a commendation for every candidate left on its
//! 公示 list; read on a person's page, an organisation's page, the public
//! honour roll, and printed as a certificate.

use super::{Decision, Selection};
use crate::organisation::subtree_end;
use crate::{Conn, Result, Store, StoreError, inbox, now_text};
use domain::date::Day;
use domain::organisation::OrgPath;
use serde::Serialize;
use sqlx::Row;

#[derive(Clone, Debug, Serialize)]
pub struct Honour {
    pub id: i64,
    pub selection_id: Option<i64>,
    /// The organisation that conferred it.
    pub org_id: i64,
    pub person_id: Option<i64>,
    pub subject_org_id: Option<i64>,
    pub name: String,
    pub org_name: String,
    pub title: String,
    pub decision_title: String,
    pub decision_code: String,
    pub decided_on: Day,
}

const COLUMNS: &str = "h.id, h.selection_id, h.org_id, h.person_id, h.subject_org_id, h.name,
    h.org_name, h.title, h.decision_title, h.decision_code, h.decided_on";

fn honour(r: &sqlx::any::AnyRow) -> Result<Honour> {
    Ok(Honour {
        id: r.try_get("id")?,
        selection_id: r.try_get("selection_id")?,
        org_id: r.try_get("org_id")?,
        person_id: r.try_get("person_id")?,
        subject_org_id: r.try_get("subject_org_id")?,
        name: r.try_get("name")?,
        org_name: r.try_get("org_name")?,
        title: r.try_get("title")?,
        decision_title: r.try_get("decision_title")?,
        decision_code: r.try_get("decision_code")?,
        decided_on: crate::parse_optional_day(r.try_get("decided_on")?)?
            .ok_or_else(|| StoreError::Corrupt("honour day".into()))?,
    })
}

/// Makes the honours of a commendation, in the caller's transaction, and tells
/// each member honoured (or each branch's leadership).
pub(super) async fn confer(conn: &mut Conn, s: &Selection, d: &Decision) -> Result<usize> {
    let rows = sqlx::query(
        "SELECT id, person_id, subject_org_id, name, org_name FROM nominations
         WHERE selection_id = $1 AND status = 'approved' ORDER BY id",
    )
    .bind(s.id)
    .fetch_all(&mut *conn)
    .await?;
    for r in &rows {
        let person: Option<i64> = r.try_get("person_id")?;
        let org: Option<i64> = r.try_get("subject_org_id")?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO honours (selection_id, org_id, person_id, subject_org_id, name, org_name,
                title, decision_title, decision_code, decided_on, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(s.id)
        .bind(s.org_id)
        .bind(person)
        .bind(org)
        .bind(r.try_get::<String, _>("name")?)
        .bind(r.try_get::<String, _>("org_name")?)
        .bind(&s.rule.title.name)
        .bind(&d.title)
        .bind(&d.code)
        .bind(d.decided_on.to_string())
        .bind(now_text())
        .fetch_one(&mut *conn)
        .await?;
        let people = match (person, org) {
            (Some(p), _) => vec![p],
            (None, Some(o)) => inbox::leadership(conn, o).await?,
            _ => vec![],
        };
        inbox::tell(
            conn,
            &people,
            "notice-honour",
            &[("title", s.rule.title.name.clone())],
            &format!("/honours/{id}"),
        )
        .await?;
    }
    Ok(rows.len())
}

impl Store {
    pub async fn honour(&self, id: i64) -> Result<Honour> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM honours h WHERE h.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        honour(&row)
    }

    /// A person's honours, the newest first.
    pub async fn honours_of_person(&self, person_id: i64) -> Result<Vec<Honour>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM honours h WHERE h.person_id = $1 ORDER BY h.decided_on DESC, h.id DESC"
        )))
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(honour).collect()
    }

    /// The honours of an organisation itself, the newest first.
    pub async fn honours_of_org(&self, org_id: i64) -> Result<Vec<Honour>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM honours h WHERE h.subject_org_id = $1
             ORDER BY h.decided_on DESC, h.id DESC"
        )))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(honour).collect()
    }

    /// The honour roll: every honour held by a person or a branch within a
    /// subtree, whoever conferred it, the newest first.
    pub async fn honour_roll(&self, within: &OrgPath) -> Result<Vec<Honour>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM honours h LEFT JOIN people p ON p.id = h.person_id
             JOIN organisations o ON o.id = COALESCE(h.subject_org_id, p.org_id)
             WHERE o.path >= $1 AND o.path < $2 ORDER BY h.decided_on DESC, h.id"
        )))
        .bind(within.as_str())
        .bind(subtree_end(within))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(honour).collect()
    }

    /// The honours a selection made.
    pub async fn honours_of_selection(&self, selection_id: i64) -> Result<Vec<Honour>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM honours h WHERE h.selection_id = $1 ORDER BY h.id"
        )))
        .bind(selection_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(honour).collect()
    }
}
