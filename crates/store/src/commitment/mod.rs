//! Commitments in storage: drafts, the approval workflow, fulfilment with evidence,
//! followers, and the version counter of each branch's public board.

pub mod opinion;
mod progress;
mod reminder;

pub(crate) use progress::refresh_rollup;
pub use progress::{EvidenceFile, EvidenceInfo, Progress};

use crate::{Conn, Result, Store, StoreError, audit, inbox, now_text};
use domain::commitment::{CommitmentStatus, Item};
use serde::Serialize;
use sqlx::Row;

#[derive(Clone, Debug, Serialize)]
pub struct Commitment {
    pub id: i64,
    pub org_id: i64,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub phase_key: String,
    pub status: CommitmentStatus,
    pub draft: Vec<Item>,
    pub approved: Option<Vec<Item>>,
    pub return_reason: Option<String>,
    pub revision: i64,
    pub approved_at: Option<String>,
}

const SELECT: &str =
    "SELECT c.id, c.org_id, c.person_id, p.name AS person_name, c.phase_key, c.status, c.draft,
    c.approved, c.return_reason, c.revision, c.approved_at
    FROM commitments c LEFT JOIN people p ON p.id = c.person_id";

pub(crate) fn items(text: &str) -> Result<Vec<Item>> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn commitment(row: &sqlx::any::AnyRow) -> Result<Commitment> {
    let status: String = row.try_get("status")?;
    let draft: String = row.try_get("draft")?;
    let approved: Option<String> = row.try_get("approved")?;
    Ok(Commitment {
        id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        person_id: row.try_get("person_id")?,
        person_name: row.try_get("person_name")?,
        phase_key: row.try_get("phase_key")?,
        status: CommitmentStatus::parse(&status).ok_or(StoreError::Corrupt(status))?,
        draft: items(&draft)?,
        approved: approved.as_deref().map(items).transpose()?,
        return_reason: row.try_get("return_reason")?,
        revision: row.try_get("revision")?,
        approved_at: row.try_get("approved_at")?,
    })
}

fn owner_key(org_id: i64, person_id: Option<i64>, phase: &str) -> String {
    match person_id {
        Some(p) => format!("p{p}:{phase}"),
        None => format!("o{org_id}:{phase}"),
    }
}

/// The branch a commitment belongs to.
pub(crate) async fn org_of(conn: &mut Conn, commitment_id: i64) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT org_id FROM commitments WHERE id = $1")
            .bind(commitment_id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Who a commitment's step waits for: a submitted one its approvers (the branch
/// leadership for a member's, the offices above for the branch's own); an
/// approved or returned one its owner (the member, or the branch leadership).
async fn tell_of_transition(conn: &mut Conn, id: i64, action: &str) -> Result<()> {
    let row = sqlx::query(
        "SELECT c.org_id, c.person_id, COALESCE(p.name, o.name) AS owner FROM commitments c
         JOIN organisations o ON o.id = c.org_id LEFT JOIN people p ON p.id = c.person_id
         WHERE c.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let org_id: i64 = row.try_get("org_id")?;
    let person_id: Option<i64> = row.try_get("person_id")?;
    let args = [("name", row.try_get::<String, _>("owner")?)];
    let to_decide = format!("/organisations/{org_id}/commitments#commitment-{id}");
    if action != "submit" {
        inbox::done(conn, "notice-commitment-submitted", &to_decide).await?;
    }
    let (people, message_id, link) = match (action, person_id) {
        ("submit", Some(_)) => (
            inbox::leadership(conn, org_id).await?,
            "notice-commitment-submitted",
            to_decide,
        ),
        ("submit", None) => (
            inbox::offices_above(conn, org_id).await?,
            "notice-commitment-submitted",
            to_decide,
        ),
        ("approve" | "return", Some(p)) => (
            vec![p],
            if action == "approve" {
                "notice-commitment-approved"
            } else {
                "notice-commitment-returned"
            },
            "/commitments".to_string(),
        ),
        ("approve" | "return", None) => (
            inbox::leadership(conn, org_id).await?,
            if action == "approve" {
                "notice-commitment-approved"
            } else {
                "notice-commitment-returned"
            },
            format!("/organisations/{org_id}/commitment"),
        ),
        _ => return Ok(()),
    };
    inbox::tell(conn, &people, message_id, &args, &link).await
}

/// Marks the branch's public board as changed.
pub async fn bump_board(conn: &mut Conn, org_id: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO boards (org_id, version) VALUES ($1, 1)
         ON CONFLICT (org_id) DO UPDATE SET version = boards.version + 1",
    )
    .bind(org_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    pub async fn commitment(&self, id: i64) -> Result<Commitment> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        commitment(&row)
    }

    /// The commitment of a member (or, with no person, of the branch) for a phase.
    pub async fn commitment_of(
        &self,
        org_id: i64,
        person_id: Option<i64>,
        phase: &str,
    ) -> Result<Option<Commitment>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE c.owner_key = $1"
        )))
        .bind(owner_key(org_id, person_id, phase))
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(commitment).transpose()
    }

    /// Every commitment of a branch for a phase: the branch's own first, then by name.
    pub async fn branch_commitments(&self, org_id: i64, phase: &str) -> Result<Vec<Commitment>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE c.org_id = $1 AND c.phase_key = $2
             ORDER BY c.person_id IS NOT NULL, p.name, c.id"
        )))
        .bind(org_id)
        .bind(phase)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(commitment).collect()
    }

    /// Saves the owner's items as the draft, creating the commitment if needed. An
    /// approved commitment keeps its approved items until the new draft is approved.
    pub async fn save_commitment_draft(
        &self,
        actor: &str,
        org_id: i64,
        person_id: Option<i64>,
        phase: &str,
        draft: &[Item],
    ) -> Result<i64> {
        let json = serde_json::to_string(draft).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let now = now_text();
        let mut tx = self.begin().await?;
        let existing = sqlx::query("SELECT id, status FROM commitments WHERE owner_key = $1")
            .bind(owner_key(org_id, person_id, phase))
            .fetch_optional(&mut *tx)
            .await?;
        let id = match existing {
            Some(row) => {
                let id: i64 = row.try_get("id")?;
                let status: String = row.try_get("status")?;
                if !CommitmentStatus::parse(&status).is_some_and(CommitmentStatus::editable) {
                    return Err(StoreError::Conflict("commitment-error-locked"));
                }
                sqlx::query(
                    "UPDATE commitments SET draft = $1, status = 'draft', return_reason = NULL,
                     updated_at = $2 WHERE id = $3",
                )
                .bind(&json)
                .bind(&now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                id
            }
            None => sqlx::query_scalar(
                "INSERT INTO commitments (org_id, person_id, phase_key, owner_key, status, draft, updated_at)
                 VALUES ($1, $2, $3, $4, 'draft', $5, $6) RETURNING id",
            )
            .bind(org_id)
            .bind(person_id)
            .bind(phase)
            .bind(owner_key(org_id, person_id, phase))
            .bind(&json)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?,
        };
        audit::record(
            &mut tx,
            change(actor, "save_draft", id, format!("{} items", draft.len())),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Applies `set` to a commitment whose status is one of `from`, or refuses
    /// with `refusal`. In `set`, `$1` is now and `$3` is `extra`.
    #[allow(clippy::too_many_arguments)]
    async fn transition(
        &self,
        actor: &str,
        id: i64,
        from: &[CommitmentStatus],
        set: &str,
        action: &str,
        summary: String,
        extra: Option<&str>,
        refusal: &'static str,
    ) -> Result<()> {
        let allowed: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
        let sql = format!(
            "UPDATE commitments SET {set}, updated_at = $1 WHERE id = $2 AND status IN ('{}')",
            allowed.join("','")
        );
        let mut tx = self.begin().await?;
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now_text())
            .bind(id);
        if let Some(x) = extra {
            q = q.bind(x);
        }
        if q.execute(&mut *tx).await?.rows_affected() == 0 {
            return Err(StoreError::Conflict(refusal));
        }
        if action == "approve" {
            let org_id = org_of(&mut tx, id).await?;
            bump_board(&mut tx, org_id).await?;
            progress::refresh_rollup(&mut tx, id).await?;
        }
        audit::record(&mut tx, change(actor, action, id, summary)).await?;
        tell_of_transition(&mut tx, id, action).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn submit_commitment(&self, actor: &str, id: i64) -> Result<()> {
        self.transition(
            actor,
            id,
            &[CommitmentStatus::Draft, CommitmentStatus::Returned],
            "status = 'submitted', submitted_at = $1",
            "submit",
            String::new(),
            None,
            "commitment-error-not-draft",
        )
        .await
    }

    /// Approves the submitted draft: it becomes what the public board shows.
    pub async fn approve_commitment(&self, actor: &str, id: i64) -> Result<()> {
        self.transition(
            actor,
            id,
            &[CommitmentStatus::Submitted],
            "status = 'approved', approved = draft, revision = revision + 1, approved_at = $1, approved_by = $3",
            "approve",
            String::new(),
            Some(actor),
            "commitment-error-not-submitted",
        )
        .await
    }

    /// Sends the submitted draft back with a reason; an earlier approved version
    /// stays on the board.
    pub async fn return_commitment(&self, actor: &str, id: i64, reason: &str) -> Result<()> {
        self.transition(
            actor,
            id,
            &[CommitmentStatus::Submitted],
            "status = 'returned', return_reason = $3",
            "return",
            reason.to_string(),
            Some(reason),
            "commitment-error-not-submitted",
        )
        .await
    }

    /// The version of a branch's public board: it changes whenever the board would.
    pub async fn board_version(&self, org_id: i64) -> Result<i64> {
        let row = sqlx::query("SELECT version FROM boards WHERE org_id = $1")
            .bind(org_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("version")).transpose()?.unwrap_or(0))
    }
}

fn change<'a>(actor: &'a str, action: &'a str, id: i64, summary: String) -> audit::Change<'a> {
    audit::Change {
        actor,
        action,
        entity: "commitment",
        entity_id: id.to_string(),
        summary,
    }
}
