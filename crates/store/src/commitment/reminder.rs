//! Reminding the owners of approved commitment items due soon: a member of
//! their own items, the branch's leadership of the branch's; once per item,
//! while it is not done. Read a page of commitments at a time, so that a
//! province's three million are looked through with bounded memory.

use crate::{Result, Store, inbox, now_text};
use domain::commitment::Item;
use domain::date::Day;
use sqlx::Row;

/// Commitments read at a time.
const PAGE: i64 = 5_000;

impl Store {
    /// Tells the owner of each approved item due within `days` of `today`,
    /// not done and not told before; returns how many items.
    pub async fn tell_due_commitment_items(&self, today: Day, days: i64) -> Result<usize> {
        let soon = today.add_days(days);
        let (mut after, mut told) = (0i64, 0);
        loop {
            let rows = sqlx::query(
                "SELECT id, org_id, person_id, approved FROM commitments
                 WHERE approved IS NOT NULL AND id > $1 ORDER BY id LIMIT $2",
            )
            .bind(after)
            .bind(PAGE)
            .fetch_all(&self.pool)
            .await?;
            let Some(last) = rows.last() else {
                break;
            };
            after = last.try_get("id")?;
            let mut due: Vec<(i64, i64, Option<i64>, Item)> = Vec::new();
            for r in &rows {
                let approved: String = r.try_get("approved")?;
                for item in super::items(&approved)? {
                    if item.due_on >= today && item.due_on <= soon {
                        due.push((
                            r.try_get("id")?,
                            r.try_get("org_id")?,
                            r.try_get("person_id")?,
                            item,
                        ));
                    }
                }
            }
            if due.is_empty() {
                continue;
            }
            let mut tx = self.begin().await?;
            for (id, org, person, item) in due {
                let first = sqlx::query(
                    "INSERT INTO commitment_reminders (commitment_id, item_key, sent_at)
                     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(&item.key)
                .bind(now_text())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if first == 0 {
                    continue;
                }
                let status: Option<String> = sqlx::query_scalar(
                    "SELECT status FROM fulfilments WHERE commitment_id = $1 AND item_key = $2
                     ORDER BY id DESC LIMIT 1",
                )
                .bind(id)
                .bind(&item.key)
                .fetch_optional(&mut *tx)
                .await?;
                if status.as_deref() == Some("done") {
                    continue;
                }
                let (people, link) = match person {
                    Some(p) => (vec![p], "/commitments".to_string()),
                    None => (
                        inbox::leadership(&mut tx, org).await?,
                        format!("/organisations/{org}/commitment"),
                    ),
                };
                inbox::tell(
                    &mut tx,
                    &people,
                    "notice-commitment-item-due",
                    &[
                        ("what", item.what.clone()),
                        ("due", item.due_on.to_string()),
                    ],
                    &link,
                )
                .await?;
                told += 1;
            }
            tx.commit().await?;
        }
        Ok(told)
    }
}
