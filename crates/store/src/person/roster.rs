//! A roster against the database: each row matched to the person it names,
//! what it would change, and the import of the whole in one transaction.

use super::{INSERT_BATCH, Person, insert, insert_many};
use crate::organisation::Organisation;
use crate::{Conn, Result, Store, audit};
use domain::date::Day;
use domain::organisation::OrgKind;
use domain::person::PersonDraft;
use domain::roster::{Column, RosterError, RosterProblem, RosterRow};
use sqlx::Row;
use std::collections::{HashMap, HashSet};

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
        Self::of_each(rows.iter())
    }

    fn of_each<'a>(rows: impl Iterator<Item = &'a ResolvedRow>) -> ImportCounts {
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

impl Store {
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
        // A row given a group made here is copied with it; the rest are
        // written as they are (a roster can be 100,000 rows).
        let mut made: HashMap<(i64, String), i64> = HashMap::new();
        let mut regrouped: HashMap<usize, ResolvedRow> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            let Some(name) = &r.new_group else {
                continue;
            };
            let key = (r.org_id, name.clone());
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
            let mut r = r.clone();
            r.new_group = None;
            r.party_group_id = Some(id);
            if let Some((_, changed)) = &mut r.existing {
                changed.push(Column::PartyGroup);
            }
            regrouped.insert(i, r);
        }
        let rows = || {
            rows.iter()
                .enumerate()
                .map(|(i, r)| regrouped.get(&i).unwrap_or(r))
        };
        // New people without an account go in batches; the rest one by one,
        // in the file's order.
        let mut batch: Vec<(i64, Option<i64>, &PersonDraft)> = Vec::with_capacity(INSERT_BATCH);
        for (i, r) in rows().enumerate() {
            match &r.existing {
                None if r.person.username.is_none() => {
                    batch.push((r.org_id, r.party_group_id, &r.person));
                    if batch.len() == INSERT_BATCH {
                        insert_many(&mut tx, &batch).await?;
                        batch.clear();
                        progress(i + 1);
                    }
                    continue;
                }
                None => {
                    insert_many(&mut tx, &batch).await?;
                    batch.clear();
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
        insert_many(&mut tx, &batch).await?;
        let counts = ImportCounts::of_each(rows());
        progress(counts.new + counts.changed + counts.unchanged);
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
