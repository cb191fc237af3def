//! People in storage: one at a time, a page at a time, and a whole roster at once
//! (all or nothing).

mod roster;
pub mod upload;

pub use roster::{ImportCounts, ResolvedRow};

use crate::organisation::{Organisation, subtree_end};
use crate::{Conn, Page, Result, Store, StoreError, audit, now_text};
use domain::date::Day;
use domain::organisation::OrgPath;
use domain::person::{Gender, PersonDraft, PoliticalStatus};
use serde::Serialize;
use sqlx::Row;

/// A stored person with the names of their organisation and party group.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Person {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub party_group_id: Option<i64>,
    pub party_group: Option<String>,
    pub name: String,
    pub gender: Option<Gender>,
    pub born_on: Option<Day>,
    pub ethnicity: Option<String>,
    pub education: Option<String>,
    pub status: PoliticalStatus,
    pub joined_on: Option<Day>,
    pub confirmed_on: Option<Day>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
    pub is_demo: bool,
    /// When the person was added (UTC text): study quotas apply from that day.
    pub created_at: String,
}

impl Person {
    /// The person as a draft, the shape a roster row has.
    pub fn draft(&self) -> PersonDraft {
        PersonDraft {
            name: self.name.clone(),
            gender: self.gender,
            born_on: self.born_on,
            ethnicity: self.ethnicity.clone(),
            education: self.education.clone(),
            status: Some(self.status),
            joined_on: self.joined_on,
            confirmed_on: self.confirmed_on,
            position: self.position.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            party_group: self.party_group.clone(),
            organisation: Some(self.org_name.clone()),
            username: self.username.clone(),
        }
    }
}

const SELECT: &str = "SELECT p.id, p.org_id, o.name AS org_name, p.party_group_id,
    g.name AS party_group, p.name, p.gender,
    p.born_on, p.ethnicity, p.education, p.status, p.joined_on, p.confirmed_on, p.position,
    p.phone, p.email, a.username, p.is_demo, p.created_at
    FROM people p
    JOIN organisations o ON o.id = p.org_id
    LEFT JOIN organisations g ON g.id = p.party_group_id
    LEFT JOIN accounts a ON a.person_id = p.id";

/// A person is in a subtree (`$1` to `$2`) by their organisation, or for a
/// party group by the group they belong to. The two are asked apart: one
/// condition over both joins could use neither's index, and read every person.
fn in_subtree(group: bool) -> &'static str {
    if group {
        "(g.path >= $1 AND g.path < $2)"
    } else {
        "(o.path >= $1 AND o.path < $2)"
    }
}

fn day(row: &sqlx::any::AnyRow, column: &str) -> Result<Option<Day>> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| Day::parse_iso(&t).ok_or(StoreError::Corrupt(t)))
        .transpose()
}

fn person(row: &sqlx::any::AnyRow) -> Result<Person> {
    let gender: Option<String> = row.try_get("gender")?;
    let status: String = row.try_get("status")?;
    Ok(Person {
        id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        org_name: row.try_get("org_name")?,
        party_group_id: row.try_get("party_group_id")?,
        party_group: row.try_get("party_group")?,
        name: row.try_get("name")?,
        gender: gender.as_deref().and_then(Gender::parse),
        born_on: day(row, "born_on")?,
        ethnicity: row.try_get("ethnicity")?,
        education: row.try_get("education")?,
        status: PoliticalStatus::parse(&status).ok_or(StoreError::Corrupt(status))?,
        joined_on: day(row, "joined_on")?,
        confirmed_on: day(row, "confirmed_on")?,
        position: row.try_get("position")?,
        phone: row.try_get("phone")?,
        email: row.try_get("email")?,
        username: row.try_get("username")?,
        is_demo: row.try_get::<i64, _>("is_demo")? != 0,
        created_at: row.try_get("created_at")?,
    })
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Binds a person's own fields, name to e-mail, in the order the inserts list them.
fn bind_draft<'q>(query: AnyQuery<'q>, d: &'q PersonDraft) -> AnyQuery<'q> {
    let text = |d: Option<Day>| d.map(|d| d.to_string());
    query
        .bind(&d.name)
        .bind(d.gender.map(|g| g.as_str()))
        .bind(text(d.born_on))
        .bind(&d.ethnicity)
        .bind(&d.education)
        .bind(d.effective_status().as_str())
        .bind(text(d.joined_on))
        .bind(text(d.confirmed_on))
        .bind(&d.position)
        .bind(&d.phone)
        .bind(&d.email)
}

/// Inserts a person whose organisation and party group are resolved already.
pub async fn insert(
    conn: &mut Conn,
    org_id: i64,
    party_group_id: Option<i64>,
    d: &PersonDraft,
    is_demo: bool,
) -> Result<i64> {
    let query = sqlx::query(
        "INSERT INTO people (org_id, party_group_id, name, gender, born_on, ethnicity, education,
            status, joined_on, confirmed_on, position, phone, email, is_demo, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
         RETURNING id",
    )
    .bind(org_id)
    .bind(party_group_id);
    let row = bind_draft(query, d)
        .bind(i64::from(is_demo))
        .bind(now_text())
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get("id")?)
}

/// Rows a multi-row insert of people carries: 15 values each, well under
/// SQLite's 32,766 and PostgreSQL's 65,535 bound values.
pub const INSERT_BATCH: usize = 500;

/// Inserts people whose organisations and party groups are resolved, as one
/// statement for up to [`INSERT_BATCH`] of them: a roster's new people go in
/// many times faster than one statement each.
pub async fn insert_many(
    conn: &mut Conn,
    people: &[(i64, Option<i64>, &PersonDraft)],
) -> Result<()> {
    let now = now_text();
    for chunk in people.chunks(INSERT_BATCH) {
        let mut sql = String::from(
            "INSERT INTO people (org_id, party_group_id, name, gender, born_on, ethnicity, education,
                status, joined_on, confirmed_on, position, phone, email, created_at, updated_at)
             VALUES ",
        );
        // SQLite looks a `$N` up by its name, which grows with the statement's
        // length; plain `?` are bound by position.
        let sqlite = conn.backend_name() == "SQLite";
        for i in 0..chunk.len() {
            let b = i * 14;
            let values: Vec<String> = (1..=15)
                .map(|k| match sqlite {
                    true => "?".to_string(),
                    false => format!("${}", b + k.min(14)),
                })
                .collect();
            sql.push_str(if i == 0 { "(" } else { ", (" });
            sql.push_str(&values.join(", "));
            sql.push(')');
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (org_id, party_group_id, d) in chunk {
            query = bind_draft(query.bind(*org_id).bind(*party_group_id), d).bind(now.clone());
            if sqlite {
                query = query.bind(now.clone());
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

impl Store {
    pub async fn person(&self, id: i64) -> Result<Person> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE p.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        person(&row)
    }

    /// People of a subtree (a party group: its members), by organisation then
    /// name, a page at a time.
    pub async fn people(&self, within: &OrgPath, page: i64, per_page: i64) -> Result<Page<Person>> {
        let end = subtree_end(within);
        let filter = in_subtree(self.is_party_group(within).await?);
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM people p JOIN organisations o ON o.id = p.org_id
             LEFT JOIN organisations g ON g.id = p.party_group_id
             WHERE {filter}"
        )))
        .bind(within.as_str())
        .bind(&end)
        .fetch_one(&self.pool)
        .await?;
        let page = page.max(1);
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE {filter} ORDER BY o.path, p.id LIMIT $3 OFFSET $4"
        )))
        .bind(within.as_str())
        .bind(&end)
        .bind(per_page)
        .bind((page - 1) * per_page)
        .fetch_all(&self.pool)
        .await?;
        Ok(Page {
            items: rows.iter().map(person).collect::<Result<_>>()?,
            total,
            page,
            per_page,
        })
    }

    /// Whether the organisation at `path` is a party group.
    async fn is_party_group(&self, path: &OrgPath) -> Result<bool> {
        let kind: Option<String> =
            sqlx::query_scalar("SELECT kind FROM organisations WHERE path = $1")
                .bind(path.as_str())
                .fetch_optional(&self.pool)
                .await?;
        Ok(kind.as_deref() == Some(domain::organisation::OrgKind::PartyGroup.as_str()))
    }

    /// Every person of a subtree, for export.
    pub async fn all_people(&self, within: &OrgPath) -> Result<Vec<Person>> {
        let filter = in_subtree(self.is_party_group(within).await?);
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE {filter} ORDER BY o.path, p.id"
        )))
        .bind(within.as_str())
        .bind(subtree_end(within))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(person).collect()
    }

    /// Adds one person (and an account without a password when a username is
    /// given), recorded in the audit log.
    pub async fn add_person(
        &self,
        actor: &str,
        org: &Organisation,
        party_group_id: Option<i64>,
        d: &PersonDraft,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id = insert(&mut tx, org.id, party_group_id, d, false).await?;
        if let Some(u) = &d.username {
            crate::account::insert(&mut tx, id, u, None)
                .await
                .map_err(|e| e.on_unique("username"))?;
        }
        audit::record(
            &mut tx,
            audit::Change {
                actor,
                action: "create",
                entity: "person",
                entity_id: id.to_string(),
                summary: format!("{} in {}", d.name, org.name),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Sets when everyone in the subtree was added: the demo's roster dates from
    /// the campaign's first day, so their quotas apply from then.
    pub async fn set_people_added(&self, within: &OrgPath, created_at: &str) -> Result<()> {
        sqlx::query(
            "UPDATE people SET created_at = $3 WHERE org_id IN
             (SELECT id FROM organisations WHERE path >= $1 AND path < $2)",
        )
        .bind(within.as_str())
        .bind(subtree_end(within))
        .bind(created_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
