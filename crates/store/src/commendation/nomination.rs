//! Nominations and their levels: a member's own proposal (`self`) that the
//! branch takes up; the branch's proposal (`proposed`) that the office reviews
//! (`reviewed`); the decision (`approved`), which puts the candidate on the
//! 公示 list; and `returned` with a reason at any level, or `withdrawn` from
//! the 公示. Every step takes the selection's row first (`quota`).

use super::Selection;
use super::quota::{check_quota, lock};
use crate::audit::change;
use crate::commitment::EvidenceFile;
use crate::{Conn, Result, Store, StoreError, audit, inbox, now_text};
use serde::{Deserialize, Serialize};
use sqlx::Row;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NominationStatus {
    /// A member put themself forward; the branch has not taken it up.
    #[serde(rename = "self")]
    SelfProposed,
    Proposed,
    Reviewed,
    Approved,
    Returned,
    Withdrawn,
}

impl NominationStatus {
    pub const ALL: [NominationStatus; 6] = [
        NominationStatus::SelfProposed,
        NominationStatus::Proposed,
        NominationStatus::Reviewed,
        NominationStatus::Approved,
        NominationStatus::Returned,
        NominationStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NominationStatus::SelfProposed => "self",
            NominationStatus::Proposed => "proposed",
            NominationStatus::Reviewed => "reviewed",
            NominationStatus::Approved => "approved",
            NominationStatus::Returned => "returned",
            NominationStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<NominationStatus> {
        NominationStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A nomination as put forward.
#[derive(Clone, Debug)]
pub struct NewNomination {
    pub nominator_org_id: i64,
    pub person_id: Option<i64>,
    pub subject_org_id: Option<i64>,
    pub name: String,
    pub org_name: String,
    pub position: String,
    pub deeds: String,
    pub score: Option<String>,
    pub self_nominated: bool,
    /// `self`, `proposed`, or `reviewed` when the office itself nominates.
    pub status: NominationStatus,
    pub files: Vec<EvidenceFile>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Nomination {
    pub id: i64,
    pub selection_id: i64,
    pub nominator_org_id: i64,
    pub person_id: Option<i64>,
    pub subject_org_id: Option<i64>,
    pub name: String,
    pub org_name: String,
    pub position: String,
    pub deeds: String,
    pub score: Option<String>,
    pub self_nominated: bool,
    pub status: NominationStatus,
    pub reason: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub updated_by: String,
    pub updated_at: String,
    /// (id, filename) of its photos and files.
    pub files: Vec<(i64, String)>,
}

const COLUMNS: &str = "id, selection_id, nominator_org_id, person_id, subject_org_id, name,
    org_name, position, deeds, score, self_nominated, status, reason, created_by, created_at,
    updated_by, updated_at";

fn nomination(r: &sqlx::any::AnyRow) -> Result<Nomination> {
    let status: String = r.try_get("status")?;
    Ok(Nomination {
        id: r.try_get("id")?,
        selection_id: r.try_get("selection_id")?,
        nominator_org_id: r.try_get("nominator_org_id")?,
        person_id: r.try_get("person_id")?,
        subject_org_id: r.try_get("subject_org_id")?,
        name: r.try_get("name")?,
        org_name: r.try_get("org_name")?,
        position: r.try_get("position")?,
        deeds: r.try_get("deeds")?,
        score: r.try_get("score")?,
        self_nominated: r.try_get::<i64, _>("self_nominated")? != 0,
        status: NominationStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("nomination status {status}")))?,
        reason: r.try_get("reason")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        updated_by: r.try_get("updated_by")?,
        updated_at: r.try_get("updated_at")?,
        files: Vec::new(),
    })
}

/// Who waits for a nomination now at `status`: the branch for a member's own,
/// the office for a proposal, the deciders for a reviewed one.
async fn tell_next(
    conn: &mut Conn,
    s: &Selection,
    n_id: i64,
    nominator: i64,
    to: NominationStatus,
) -> Result<()> {
    use domain::plan::Decider;
    let people = match to {
        NominationStatus::SelfProposed => inbox::leadership(conn, nominator).await?,
        NominationStatus::Proposed => inbox::holders(conn, s.org_id, "campaign_office").await?,
        NominationStatus::Reviewed => match s.rule.title.decided_by {
            Decider::LeadingGroup => inbox::holders(conn, s.org_id, "leader").await?,
            Decider::CampaignOffice => inbox::holders(conn, s.org_id, "campaign_office").await?,
        },
        NominationStatus::Returned => inbox::leadership(conn, nominator).await?,
        _ => return Ok(()),
    };
    inbox::tell(
        conn,
        &people,
        &format!("notice-nomination-{}", to.as_str()),
        &[("title", s.rule.title.name.clone())],
        &format!("/nominations/{n_id}"),
    )
    .await
}

impl Store {
    /// Puts a candidate forward; refused over the quota, or when the selection
    /// no longer takes nominations, or when the candidate is already in it.
    pub async fn nominate(&self, actor: &str, selection_id: i64, n: &NewNomination) -> Result<i64> {
        let mut tx = self.begin().await?;
        let s = lock(&mut tx, selection_id).await?;
        if s.status != super::SelectionStatus::Nominating {
            return Err(StoreError::Conflict("selection-error-state"));
        }
        let twice: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM nominations WHERE selection_id = $1
             AND (person_id = $2 OR subject_org_id = $3) AND status NOT IN ('returned', 'withdrawn')",
        )
        .bind(selection_id)
        .bind(n.person_id.unwrap_or(-1))
        .bind(n.subject_org_id.unwrap_or(-1))
        .fetch_one(&mut *tx)
        .await?;
        if twice > 0 {
            return Err(StoreError::Conflict("nomination-error-twice"));
        }
        check_quota(&mut tx, &s, n.nominator_org_id, n.status).await?;
        let now = now_text();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO nominations (selection_id, nominator_org_id, person_id, subject_org_id,
                name, org_name, position, deeds, score, self_nominated, status, created_by,
                created_at, updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12, $13) RETURNING id",
        )
        .bind(selection_id)
        .bind(n.nominator_org_id)
        .bind(n.person_id)
        .bind(n.subject_org_id)
        .bind(&n.name)
        .bind(&n.org_name)
        .bind(&n.position)
        .bind(&n.deeds)
        .bind(n.score.as_deref())
        .bind(i64::from(n.self_nominated))
        .bind(n.status.as_str())
        .bind(actor)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        crate::attachment::store_files(&mut tx, "nomination_files", "nomination_id", id, &n.files)
            .await?;
        tell_next(&mut tx, &s, id, n.nominator_org_id, n.status).await?;
        audit::record(
            &mut tx,
            change(
                actor,
                "nominate",
                "nomination",
                id,
                format!("{} ({})", n.name, n.status.as_str()),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Moves a nomination from `from` to `to`, with the reason a return or a
    /// withdrawal needs; refused when it has moved on meanwhile or the quota is full.
    pub async fn move_nomination(
        &self,
        actor: &str,
        id: i64,
        from: NominationStatus,
        to: NominationStatus,
        reason: Option<&str>,
    ) -> Result<()> {
        let n = self.nomination(id).await?;
        let mut tx = self.begin().await?;
        let s = lock(&mut tx, n.selection_id).await?;
        let stage_ok = match to {
            NominationStatus::Withdrawn => s.status == super::SelectionStatus::Publicity,
            _ => s.status == super::SelectionStatus::Nominating,
        };
        if !stage_ok {
            return Err(StoreError::Conflict("selection-error-state"));
        }
        check_quota(&mut tx, &s, n.nominator_org_id, to).await?;
        let changed = sqlx::query(
            "UPDATE nominations SET status = $3, reason = $4, updated_by = $5, updated_at = $6
             WHERE id = $1 AND status = $2",
        )
        .bind(id)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(reason)
        .bind(actor)
        .bind(now_text())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("nomination-error-state"));
        }
        // The notice of the step just taken is done, whoever took it.
        inbox::done(
            &mut tx,
            &format!("notice-nomination-{}", from.as_str()),
            &format!("/nominations/{id}"),
        )
        .await?;
        tell_next(&mut tx, &s, id, n.nominator_org_id, to).await?;
        audit::record(
            &mut tx,
            change(
                actor,
                match to {
                    NominationStatus::Returned => "return",
                    NominationStatus::Withdrawn => "withdraw",
                    _ => "advance",
                },
                "nomination",
                id,
                format!(
                    "{} → {}{}",
                    from.as_str(),
                    to.as_str(),
                    reason.map(|r| format!(": {r}")).unwrap_or_default()
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn nomination(&self, id: i64) -> Result<Nomination> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM nominations WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut n = nomination(&row)?;
        n.files = self
            .nomination_file_names(&[id])
            .await?
            .into_iter()
            .map(|(_, f)| f)
            .collect();
        Ok(n)
    }

    /// A selection's nominations in the order they came, with their files' names.
    pub async fn nominations(&self, selection_id: i64) -> Result<Vec<Nomination>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM nominations WHERE selection_id = $1 ORDER BY id"
        )))
        .bind(selection_id)
        .fetch_all(&self.pool)
        .await?;
        let mut list: Vec<Nomination> = rows.iter().map(nomination).collect::<Result<_>>()?;
        let ids: Vec<i64> = list.iter().map(|n| n.id).collect();
        for (nid, file) in self.nomination_file_names(&ids).await? {
            if let Some(n) = list.iter_mut().find(|n| n.id == nid) {
                n.files.push(file);
            }
        }
        Ok(list)
    }

    async fn nomination_file_names(&self, ids: &[i64]) -> Result<Vec<(i64, (i64, String))>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id, nomination_id, filename FROM nomination_files
             WHERE nomination_id IN ({list}) ORDER BY id"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("nomination_id")?,
                    (r.try_get("id")?, r.try_get("filename")?),
                ))
            })
            .collect()
    }

    /// A nomination's file, with the nomination it belongs to.
    pub async fn nomination_file(&self, id: i64) -> Result<(i64, EvidenceFile)> {
        crate::attachment::stored_file(self, "nomination_files", "nomination_id", id).await
    }
}
