//! People in storage: one at a time, a page at a time, and a whole roster at once
//! (all or nothing).

pub mod upload;

use crate::organisation::{Organisation, subtree_end};
use crate::{Conn, Result, Store, StoreError, audit, now_text};
use domain::date::Day;
use domain::organisation::{OrgKind, OrgPath};
use domain::person::{Gender, PersonDraft, PoliticalStatus};
use domain::roster::{Column, RosterError, RosterProblem, RosterRow};
use serde::Serialize;
use sqlx::Row;
use std::collections::{HashMap, HashSet};

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

/// Writes the values a roster row gives onto the person it matched; blank cells
/// keep what is there.
async fn update_from_roster(conn: &mut Conn, id: i64, r: &ResolvedRow) -> Result<()> {
    let d = &r.person;
    let day = |d: Option<Day>| d.map(|d| d.to_string());
    sqlx::query(
        "UPDATE people SET
            gender = COALESCE($1, gender), ethnicity = COALESCE($2, ethnicity),
            education = COALESCE($3, education), status = COALESCE($4, status),
            joined_on = COALESCE($5, joined_on), confirmed_on = COALESCE($6, confirmed_on),
            position = COALESCE($7, position), phone = COALESCE($8, phone),
            email = COALESCE($9, email), party_group_id = COALESCE($10, party_group_id)
         WHERE id = $11",
    )
    .bind(d.gender.map(|g| g.as_str()))
    .bind(d.ethnicity.as_deref())
    .bind(d.education.as_deref())
    .bind(d.status.map(|s| s.as_str()))
    .bind(day(d.joined_on))
    .bind(day(d.confirmed_on))
    .bind(d.position.as_deref())
    .bind(d.phone.as_deref())
    .bind(d.email.as_deref())
    .bind(r.party_group_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A person is in a subtree (`$1` to `$2`) by their organisation, or for a
/// party group by the group they belong to.
const IN_SUBTREE: &str = "((o.path >= $1 AND o.path < $2) OR (g.path >= $1 AND g.path < $2))";

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

/// Inserts a person whose organisation and party group are resolved already.
pub async fn insert(
    conn: &mut Conn,
    org_id: i64,
    party_group_id: Option<i64>,
    d: &PersonDraft,
    is_demo: bool,
) -> Result<i64> {
    let now = now_text();
    let text = |d: Option<Day>| d.map(|d| d.to_string());
    let id = sqlx::query_scalar(
        "INSERT INTO people (org_id, party_group_id, name, gender, born_on, ethnicity, education,
            status, joined_on, confirmed_on, position, phone, email, is_demo, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
         RETURNING id",
    )
    .bind(org_id)
    .bind(party_group_id)
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
    .bind(i64::from(is_demo))
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// One page of a listing.
#[derive(Clone, Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }

    /// Page `page` (from 1, clamped to the last) of a list computed whole, such
    /// as a compliance table that must be sorted or counted before it is cut.
    pub fn cut(all: Vec<T>, page: i64, per_page: i64) -> Page<T> {
        let mut cut = Page {
            items: Vec::new(),
            total: all.len() as i64,
            page: 1,
            per_page: per_page.max(1),
        };
        cut.page = page.clamp(1, cut.pages());
        cut.items = all
            .into_iter()
            .skip(((cut.page - 1) * cut.per_page) as usize)
            .take(cut.per_page as usize)
            .collect();
        cut
    }
}

/// A roster checked against the database and ready to write.
#[derive(Clone, Debug)]
pub struct ResolvedRow {
    pub row: usize,
    pub org_id: i64,
    pub party_group_id: Option<i64>,
    pub person: PersonDraft,
    /// The person already on the roster that the row is (same organisation,
    /// name and birth date), with the columns whose values the file changes.
    pub existing: Option<(i64, Vec<Column>)>,
    /// A party group the file names that does not exist yet, created on import.
    pub new_group: Option<String>,
}

impl ResolvedRow {
    /// The columns the row changes on the person it matched; none for a new one.
    pub fn changed(&self) -> &[Column] {
        self.existing.as_ref().map_or(&[], |(_, c)| c.as_slice())
    }
}

/// How an import went: people added, people whose fields changed, and rows
/// that matched someone already there exactly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
}

impl ImportCounts {
    pub fn of(rows: &[ResolvedRow]) -> ImportCounts {
        let mut c = ImportCounts::default();
        for r in rows {
            match &r.existing {
                None => c.new += 1,
                Some((_, changed)) if changed.is_empty() => c.unchanged += 1,
                Some(_) => c.changed += 1,
            }
        }
        c
    }
}

/// The columns a roster row changes on a person: those the file gives a value
/// that differs. A blank cell changes nothing (nobody's data is removed).
fn changes(
    file: &PersonDraft,
    now: &PersonDraft,
    group: Option<i64>,
    was: Option<i64>,
) -> Vec<Column> {
    let mut out = Vec::new();
    let mut differs = |col: Column, changed: bool| {
        if changed {
            out.push(col);
        }
    };
    fn new_value<T: PartialEq>(file: &Option<T>, now: &Option<T>) -> bool {
        file.is_some() && file != now
    }
    differs(Column::Gender, new_value(&file.gender, &now.gender));
    differs(
        Column::Ethnicity,
        new_value(&file.ethnicity, &now.ethnicity),
    );
    differs(
        Column::Education,
        new_value(&file.education, &now.education),
    );
    differs(Column::Status, new_value(&file.status, &now.status));
    differs(Column::JoinedOn, new_value(&file.joined_on, &now.joined_on));
    differs(
        Column::ConfirmedOn,
        new_value(&file.confirmed_on, &now.confirmed_on),
    );
    differs(Column::Position, new_value(&file.position, &now.position));
    differs(Column::Phone, new_value(&file.phone, &now.phone));
    differs(Column::Email, new_value(&file.email, &now.email));
    differs(Column::PartyGroup, group.is_some() && group != was);
    out
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
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM people p JOIN organisations o ON o.id = p.org_id
             LEFT JOIN organisations g ON g.id = p.party_group_id
             WHERE {IN_SUBTREE}"
        )))
        .bind(within.as_str())
        .bind(&end)
        .fetch_one(&self.pool)
        .await?;
        let page = page.max(1);
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE {IN_SUBTREE} ORDER BY o.path, p.id LIMIT $3 OFFSET $4"
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

    /// Every person of a subtree, for export.
    pub async fn all_people(&self, within: &OrgPath) -> Result<Vec<Person>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE {IN_SUBTREE} ORDER BY o.path, p.id"
        )))
        .bind(within.as_str())
        .bind(subtree_end(within))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(person).collect()
    }

    /// Resolves each row's organisation and party group inside `target`'s subtree
    /// and checks usernames against the database. Every problem is returned.
    pub async fn resolve_roster(
        &self,
        target: &Organisation,
        rows: &[RosterRow],
        headers: &(dyn Fn(Column) -> String + Sync),
        create_groups: bool,
    ) -> Result<Result<Vec<ResolvedRow>, Vec<RosterError>>> {
        // Party groups named but missing: listed once, or created on import.
        let mut missing: Vec<String> = Vec::new();
        let mut first_missing: Option<usize> = None;
        let tree = self.subtree(&target.path).await?;
        let mut errors = Vec::new();
        let mut resolved = Vec::new();
        let wanted: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.person.username.as_deref())
            .collect();
        let taken = self.taken_usernames(&wanted).await?;
        // Who is on the roster already, by organisation, name and birth date.
        let mut known: HashMap<(i64, String, Option<Day>), Person> = HashMap::new();
        for p in self.all_people(&target.path).await? {
            known.insert((p.org_id, p.name.clone(), p.born_on), p);
        }
        for r in rows {
            let mut org = target.clone();
            if let Some(name) = &r.person.organisation {
                match tree
                    .iter()
                    .find(|o| &o.name == name && o.kind != OrgKind::PartyGroup)
                {
                    Some(o) => org = o.clone(),
                    None => errors.push(RosterError {
                        row: r.row,
                        column: headers(Column::Organisation),
                        problem: RosterProblem::UnknownOrganisation(name.clone()),
                    }),
                }
            }
            let mut group = None;
            let mut new_group = None;
            if let Some(name) = &r.person.party_group {
                let found = tree.iter().find(|o| {
                    o.kind == OrgKind::PartyGroup && &o.name == name && o.path.is_within(&org.path)
                });
                match found {
                    Some(g) => group = Some(g.id),
                    None if create_groups => new_group = Some(name.clone()),
                    None => {
                        first_missing.get_or_insert(r.row);
                        if !missing.contains(name) {
                            missing.push(name.clone());
                        }
                    }
                }
            }
            let existing = known.get(&(org.id, r.person.name.clone(), r.person.born_on));
            if let Some(u) = &r.person.username
                && taken.contains(u)
                && existing.and_then(|p| p.username.as_ref()) != Some(u)
            {
                errors.push(RosterError {
                    row: r.row,
                    column: headers(Column::Username),
                    problem: RosterProblem::DuplicateUsername(u.clone()),
                });
            }
            resolved.push(ResolvedRow {
                row: r.row,
                org_id: org.id,
                party_group_id: group,
                person: r.person.clone(),
                existing: existing.map(|p| {
                    (
                        p.id,
                        changes(&r.person, &p.draft(), group, p.party_group_id),
                    )
                }),
                new_group,
            });
        }
        if let Some(row) = first_missing {
            errors.push(RosterError {
                row,
                column: headers(Column::PartyGroup),
                problem: RosterProblem::MissingGroups(missing),
            });
        }
        Ok(if errors.is_empty() {
            Ok(resolved)
        } else {
            errors.sort_by_key(|e| e.row);
            Err(errors)
        })
    }

    /// Writes a resolved roster in one transaction: all rows or none. A row with
    /// a username gets an account without a password, to be set by an admin.
    pub async fn import_people(
        &self,
        actor: &str,
        target: &Organisation,
        rows: &[ResolvedRow],
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<ImportCounts> {
        let mut tx = self.begin().await?;
        // The party groups the file asked for, each made once in its branch.
        let mut made: HashMap<(i64, String), i64> = HashMap::new();
        let mut rows = rows.to_vec();
        for r in &mut rows {
            let Some(name) = r.new_group.take() else {
                continue;
            };
            let key = (r.org_id, name);
            let id = match made.get(&key) {
                Some(id) => *id,
                None => {
                    let branch = self.organisation(r.org_id).await?;
                    let g = crate::organisation::create(
                        &mut tx,
                        Some(&branch),
                        OrgKind::PartyGroup,
                        &key.1,
                    )
                    .await?;
                    made.insert(key, g.id);
                    g.id
                }
            };
            r.party_group_id = Some(id);
            if let Some((_, changed)) = &mut r.existing {
                changed.push(Column::PartyGroup);
            }
        }
        for (i, r) in rows.iter().enumerate() {
            match &r.existing {
                None => {
                    let id = insert(&mut tx, r.org_id, r.party_group_id, &r.person, false).await?;
                    if let Some(u) = &r.person.username {
                        crate::account::insert(&mut tx, id, u, None)
                            .await
                            .map_err(|e| e.on_unique("username"))?;
                    }
                }
                Some((id, changed)) if !changed.is_empty() => {
                    update_from_roster(&mut tx, *id, r).await?;
                }
                Some(_) => {}
            }
            progress(i + 1);
        }
        let counts = ImportCounts::of(&rows);
        audit::record(
            &mut tx,
            audit::Change {
                actor,
                action: "import",
                entity: "organisation",
                entity_id: target.id.to_string(),
                summary: format!(
                    "roster into {}: {} new, {} changed, {} unchanged",
                    target.name, counts.new, counts.changed, counts.unchanged
                ),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(counts)
    }

    /// Which of `names` are taken already, asked in batches: a roster's names,
    /// never every account of the system.
    async fn taken_usernames(&self, names: &[&str]) -> Result<HashSet<String>> {
        let mut taken = HashSet::new();
        for chunk in names.chunks(500) {
            let binds: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT username FROM accounts WHERE username IN ({})",
                binds.join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for name in chunk {
                query = query.bind(*name);
            }
            for row in query.fetch_all(&self.pool).await? {
                taken.insert(row.try_get("username")?);
            }
        }
        Ok(taken)
    }
}

impl Store {
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

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn a_cut_page_holds_its_slice_and_a_page_past_the_end_shows_the_last() {
        let p = Page::cut((1..=250).collect::<Vec<i32>>(), 2, 100);
        assert_eq!(
            (p.items[0], p.items.len(), p.total, p.pages()),
            (101, 100, 250, 3)
        );
        let last = Page::cut((1..=250).collect::<Vec<i32>>(), 9, 100);
        assert_eq!(
            (last.page, last.items),
            (3, (201..=250).collect::<Vec<_>>())
        );
        let empty = Page::cut(Vec::<i32>::new(), 0, 100);
        assert_eq!((empty.page, empty.items.len(), empty.pages()), (1, 0, 1));
    }
}
