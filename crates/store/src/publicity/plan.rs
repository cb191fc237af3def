//! The publicity plan (宣传规划): per phase and time node, what is published
//! by when and on which of the plan's channels, each item with an owner who
//! is told; an item is done once a published piece is linked to it.

use crate::audit::change;
use crate::time_text::parse_day;
use crate::{Result, Store, StoreError, audit, inbox, now_text};
use domain::date::Day;
use serde::Serialize;
use sqlx::Row;

#[derive(Clone, Debug)]
pub struct NewPublicityItem {
    pub org_id: i64,
    pub phase_key: String,
    pub occasion: String,
    pub title: String,
    pub channel_key: String,
    pub owner_person_id: i64,
    pub due_on: Day,
}

#[derive(Clone, Debug, Serialize)]
pub struct PublicityItem {
    pub id: i64,
    pub org_id: i64,
    pub phase_key: String,
    pub occasion: String,
    pub title: String,
    pub channel_key: String,
    pub owner_person_id: i64,
    pub owner_name: String,
    pub due_on: Day,
    /// The piece that fulfils it, with its title.
    pub publication: Option<(i64, String)>,
    pub done_at: Option<String>,
    pub created_by: String,
}

const ITEM: &str = "SELECT i.id, i.org_id, i.phase_key, i.occasion, i.title, i.channel_key,
    i.owner_person_id, p.name AS owner_name, i.due_on, i.publication_id, x.title AS publication_title,
    i.done_at, i.created_by
    FROM publicity_items i JOIN people p ON p.id = i.owner_person_id
    LEFT JOIN publications x ON x.id = i.publication_id";

fn item(r: &sqlx::any::AnyRow) -> Result<PublicityItem> {
    let publication: Option<i64> = r.try_get("publication_id")?;
    let title: Option<String> = r.try_get("publication_title")?;
    Ok(PublicityItem {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        phase_key: r.try_get("phase_key")?,
        occasion: r.try_get("occasion")?,
        title: r.try_get("title")?,
        channel_key: r.try_get("channel_key")?,
        owner_person_id: r.try_get("owner_person_id")?,
        owner_name: r.try_get("owner_name")?,
        due_on: parse_day(r.try_get("due_on")?)?,
        publication: publication.zip(title),
        done_at: r.try_get("done_at")?,
        created_by: r.try_get("created_by")?,
    })
}

/// Where the plan's items are listed, and where a notice about one leads.
pub fn plan_link(org_id: i64) -> String {
    format!("/organisations/{org_id}/publicity-plan")
}

impl Store {
    /// Plans an item; its owner is told.
    pub async fn add_publicity_item(&self, actor: &str, i: &NewPublicityItem) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO publicity_items (org_id, phase_key, occasion, title, channel_key,
                owner_person_id, due_on, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(i.org_id)
        .bind(&i.phase_key)
        .bind(&i.occasion)
        .bind(&i.title)
        .bind(&i.channel_key)
        .bind(i.owner_person_id)
        .bind(i.due_on.to_string())
        .bind(actor)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        inbox::tell(
            &mut tx,
            &[i.owner_person_id],
            "notice-publicity-item",
            &[("title", i.title.clone()), ("due", i.due_on.to_string())],
            &plan_link(i.org_id),
        )
        .await?;
        audit::record(
            &mut tx,
            change(actor, "plan", "publicity_item", id, i.title.clone()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Links the published piece that fulfils an item: it is done.
    pub async fn link_publicity_item(
        &self,
        actor: &str,
        id: i64,
        publication_id: i64,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let org: Option<i64> = sqlx::query_scalar(
            "UPDATE publicity_items SET publication_id = $2, done_at = $3
             WHERE id = $1 AND done_at IS NULL RETURNING org_id",
        )
        .bind(id)
        .bind(publication_id)
        .bind(now_text())
        .fetch_optional(&mut *tx)
        .await?;
        let org = org.ok_or(StoreError::Conflict("publicity-item-error-done"))?;
        inbox::done(&mut tx, "notice-publicity-item", &plan_link(org)).await?;
        audit::record(
            &mut tx,
            change(
                actor,
                "link",
                "publicity_item",
                id,
                publication_id.to_string(),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn publicity_item(&self, id: i64) -> Result<PublicityItem> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{ITEM} WHERE i.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        item(&row)
    }

    /// An organisation's plan, soonest due first.
    pub async fn publicity_items(&self, org_id: i64) -> Result<Vec<PublicityItem>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{ITEM} WHERE i.org_id = $1 ORDER BY i.due_on, i.id"
        )))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(item).collect()
    }

    /// Reminds each owner of an open item due within `days`, once, and tells
    /// the owner and the organisation's leadership of one past its day, once.
    /// Returns how many of each.
    pub async fn tell_due_publicity_items(&self, today: Day, days: i64) -> Result<(usize, usize)> {
        let mut tx = self.begin().await?;
        let rows = sqlx::query(
            "SELECT id, org_id, title, due_on, owner_person_id,
                CASE WHEN due_on < $1 THEN 1 ELSE 0 END AS overdue
             FROM publicity_items
             WHERE done_at IS NULL AND (
                (due_on >= $1 AND due_on <= $2 AND reminded_at IS NULL)
                OR (due_on < $1 AND overdue_notified_at IS NULL))",
        )
        .bind(today.to_string())
        .bind(today.add_days(days).to_string())
        .fetch_all(&mut *tx)
        .await?;
        let (mut reminded, mut overdue) = (0, 0);
        for r in &rows {
            let (id, org): (i64, i64) = (r.try_get("id")?, r.try_get("org_id")?);
            let mut people = vec![r.try_get::<i64, _>("owner_person_id")?];
            let late = r.try_get::<i64, _>("overdue")? == 1;
            let (message, column) = if late {
                overdue += 1;
                people.extend(inbox::leadership(&mut tx, org).await?);
                ("notice-publicity-item-overdue", "overdue_notified_at")
            } else {
                reminded += 1;
                ("notice-publicity-item-due", "reminded_at")
            };
            let args = [
                ("title", r.try_get::<String, _>("title")?),
                ("due", r.try_get::<String, _>("due_on")?),
            ];
            inbox::tell(&mut tx, &people, message, &args, &plan_link(org)).await?;
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE publicity_items SET {column} = $1 WHERE id = $2"
            )))
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok((reminded, overdue))
    }
}
