//! Quotas under concurrency: every nomination step takes the selection's row
//! for its transaction first, so two nominations at the limit cannot both
//! pass; a branch's proposals count against the branch's quota, the review
//! and the decision against the deciding organisation's.

use super::Selection;
use super::nomination::NominationStatus;
use crate::organisation::subtree_end;
use crate::{Conn, Result, StoreError};
use domain::commendation::quota;
use domain::plan::StandardTarget;

/// Takes the selection's row for the rest of the transaction and reads it.
pub(super) async fn lock(conn: &mut Conn, id: i64) -> Result<Selection> {
    let changed = sqlx::query("UPDATE selections SET lock_seq = lock_seq + 1 WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM selections WHERE id = $1",
        super::COLUMNS
    )))
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    super::selection(&row)
}

/// How many may hold the title among those `org_id`'s subtree holds: its party
/// members (probationary ones where the title allows), or its branches.
async fn limit(conn: &mut Conn, s: &Selection, org_id: i64) -> Result<u32> {
    let path: String = sqlx::query_scalar("SELECT path FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_one(&mut *conn)
        .await?;
    let end = subtree_end(&domain::organisation::OrgPath::from_stored(path.clone()));
    let t = &s.rule.title;
    let population: i64 = match t.applies_to {
        StandardTarget::Member => {
            let statuses = if t.probationary {
                "('full', 'probationary')"
            } else {
                "('full')"
            };
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM people p JOIN organisations o ON o.id = p.org_id
                 WHERE o.path >= $1 AND o.path < $2 AND p.status IN {statuses}"
            )))
            .bind(&path)
            .bind(&end)
            .fetch_one(&mut *conn)
            .await?
        }
        StandardTarget::Organisation => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM organisations WHERE path >= $1 AND path < $2
                 AND kind = 'branch' AND id <> $3",
            )
            .bind(&path)
            .bind(&end)
            .bind(org_id)
            .fetch_one(&mut *conn)
            .await?
        }
    };
    Ok(quota(
        population.max(0) as u32,
        t.quota_percent,
        t.quota_number,
        t.rounding,
    ))
}

/// Refuses `to` when it would put more at its level than the quota allows: a
/// branch's proposals count against the branch's quota, the office's review and
/// the decision against the deciding organisation's.
pub(super) async fn check_quota(
    conn: &mut Conn,
    s: &Selection,
    nominator_org_id: i64,
    to: NominationStatus,
) -> Result<()> {
    let (statuses, org) = match to {
        NominationStatus::Proposed => ("('proposed', 'reviewed', 'approved')", nominator_org_id),
        NominationStatus::Reviewed => ("('reviewed', 'approved')", s.org_id),
        NominationStatus::Approved => ("('approved')", s.org_id),
        _ => return Ok(()),
    };
    let scope = if to == NominationStatus::Proposed {
        "AND nominator_org_id = $2"
    } else {
        "AND $2 = $2"
    };
    let taken: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM nominations WHERE selection_id = $1 {scope} AND status IN {statuses}"
    )))
    .bind(s.id)
    .bind(nominator_org_id)
    .fetch_one(&mut *conn)
    .await?;
    if taken as u64 >= u64::from(limit(conn, s, org).await?) {
        return Err(StoreError::Conflict("nomination-error-quota"));
    }
    Ok(())
}
