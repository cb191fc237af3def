//! Progress circulars (通报): one per organisation and period, drafted from
//! the supervision figures (kept beside the text as drafted), edited by the
//! office, then numbered 第N期 and published to the branches' leadership.

use crate::audit::change;
use crate::organisation::{Organisation, subtree_end};
use crate::{Result, Store, StoreError, audit, inbox, now_text, parse_day};
use domain::date::Day;
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// One line of a circular's figures: a name and a percentage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub name: String,
    pub percent: Option<f64>,
}

/// An overdue item as a circular names it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OverdueLine {
    pub kind: String,
    pub title: String,
    pub org_name: String,
    pub owner: String,
    pub days: i64,
}

/// What a circular reports, as it was when drafted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CircularFigures {
    pub branches: usize,
    /// Each indicator's average over the branches.
    pub indicators: Vec<Figure>,
    /// The branches ahead and behind, by their average over the indicators.
    pub leaders: Vec<Figure>,
    pub laggards: Vec<Figure>,
    pub overdue_count: usize,
    pub overdue: Vec<OverdueLine>,
    /// Activities completed and honours conferred in the period.
    pub highlights: Vec<String>,
    /// Spot-check findings recorded in the period: item and finding.
    pub findings: Vec<(String, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CircularStatus {
    Draft,
    Published,
}

impl CircularStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CircularStatus::Draft => "draft",
            CircularStatus::Published => "published",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Circular {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub period_first: Day,
    pub period_last: Day,
    pub number: Option<i64>,
    pub title: String,
    pub body: String,
    pub figures: CircularFigures,
    pub status: CircularStatus,
    pub drafted_at: String,
    pub updated_by: String,
    pub published_at: Option<String>,
}

const COLUMNS: &str = "c.id, c.org_id, o.name AS org_name, c.period_first, c.period_last,
    c.number, c.title, c.body, c.figures, c.status, c.drafted_at, c.updated_by, c.published_at
    FROM circulars c JOIN organisations o ON o.id = c.org_id";

fn circular(r: &sqlx::any::AnyRow) -> Result<Circular> {
    let status: String = r.try_get("status")?;
    let figures: String = r.try_get("figures")?;
    Ok(Circular {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        period_first: parse_day(r.try_get("period_first")?)?,
        period_last: parse_day(r.try_get("period_last")?)?,
        number: r.try_get("number")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        figures: serde_json::from_str(&figures).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        status: match status.as_str() {
            "draft" => CircularStatus::Draft,
            "published" => CircularStatus::Published,
            _ => return Err(StoreError::Corrupt(format!("circular status {status}"))),
        },
        drafted_at: r.try_get("drafted_at")?,
        updated_by: r.try_get("updated_by")?,
        published_at: r.try_get("published_at")?,
    })
}

impl Store {
    /// Drafts the circular of `org` for a period; a second for the same
    /// period is refused. The organisation's office is told.
    pub async fn draft_circular(
        &self,
        actor: &str,
        org_id: i64,
        period: (Day, Day),
        title: &str,
        body: &str,
        figures: &CircularFigures,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM circulars WHERE org_id = $1 AND period_first = $2")
                .bind(org_id)
                .bind(period.0.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict("circular-error-period"));
        }
        let figures =
            serde_json::to_string(figures).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let now = now_text();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO circulars (org_id, period_first, period_last, title, body, figures,
                status, drafted_by, drafted_at, updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $7, $8) RETURNING id",
        )
        .bind(org_id)
        .bind(period.0.to_string())
        .bind(period.1.to_string())
        .bind(title)
        .bind(body)
        .bind(&figures)
        .bind(actor)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        let office = inbox::holders(&mut tx, org_id, "campaign_office").await?;
        inbox::tell(
            &mut tx,
            &office,
            "notice-circular-draft",
            &[("title", title.to_string())],
            &format!("/circulars/{id}"),
        )
        .await?;
        audit::record(
            &mut tx,
            change(actor, "create", "circular", id, title.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn circular(&self, id: i64) -> Result<Circular> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} WHERE c.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        circular(&r)
    }

    /// An organisation's circulars, the newest period first.
    pub async fn circulars(&self, org_id: i64) -> Result<Vec<Circular>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} WHERE c.org_id = $1 ORDER BY c.period_first DESC LIMIT 200"
        )))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(circular).collect()
    }

    /// The office's edit of a draft.
    pub async fn edit_circular(&self, actor: &str, id: i64, title: &str, body: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = sqlx::query(
            "UPDATE circulars SET title = $1, body = $2, updated_by = $3, updated_at = $4
             WHERE id = $5 AND status = 'draft'",
        )
        .bind(title)
        .bind(body)
        .bind(actor)
        .bind(now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict("circular-error-published"));
        }
        audit::record(
            &mut tx,
            change(actor, "update", "circular", id, title.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Numbers the draft (the organisation's next 第N期) and publishes it; the
    /// leadership of every branch below is told. Returns the number.
    pub async fn publish_circular(
        &self,
        actor: &str,
        c: &Circular,
        org: &Organisation,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let number: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT) FROM circulars WHERE org_id = $1",
        )
        .bind(c.org_id)
        .fetch_one(&mut *tx)
        .await?;
        let n = sqlx::query(
            "UPDATE circulars SET number = $1, status = 'published', published_by = $2,
                published_at = $3, updated_by = $2, updated_at = $3
             WHERE id = $4 AND status = 'draft'",
        )
        .bind(number)
        .bind(actor)
        .bind(now_text())
        .bind(c.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict("circular-error-published"));
        }
        let link = format!("/circulars/{}", c.id);
        inbox::done(&mut tx, "notice-circular-draft", &link).await?;
        let people: Vec<i64> = sqlx::query_scalar(
            "SELECT a.person_id FROM role_grants g JOIN accounts a ON a.id = g.account_id
             JOIN organisations o ON o.id = g.org_id
             WHERE o.path >= $1 AND o.path < $2 AND o.kind = 'branch'
               AND g.role IN ('secretary', 'deputy')",
        )
        .bind(org.path.as_str())
        .bind(subtree_end(&org.path))
        .fetch_all(&mut *tx)
        .await?;
        inbox::tell(
            &mut tx,
            &people,
            "notice-circular-published",
            &[("title", c.title.clone()), ("number", number.to_string())],
            &link,
        )
        .await?;
        audit::record(
            &mut tx,
            change(actor, "publish", "circular", c.id, format!("{number}")),
        )
        .await?;
        tx.commit().await?;
        Ok(number)
    }

    /// Organisations above branches with a branch below them and no circular
    /// for the period starting `first`: those the periodic job drafts for.
    pub async fn circulars_due(&self, first: Day) -> Result<Vec<Organisation>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT o.id FROM organisations o
             WHERE o.kind NOT IN ('branch', 'party_group')
               AND EXISTS (SELECT 1 FROM organisations b WHERE b.kind = 'branch'
                           AND b.path > o.path
                           AND b.path < substr(o.path, 1, length(o.path) - 1) || '0')
               AND NOT EXISTS (SELECT 1 FROM circulars c
                               WHERE c.org_id = o.id AND c.period_first = $1)
             ORDER BY o.path",
        )
        .bind(first.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.organisation(id).await?);
        }
        Ok(out)
    }

    /// What a circular names as highlights in a subtree between two days:
    /// activities completed (name · branch), and findings of the
    /// organisation's spot checks (item, finding).
    pub async fn highlights_within(
        &self,
        org: &Organisation,
        first: Day,
        last: Day,
    ) -> Result<(Vec<String>, Vec<(String, String)>)> {
        let (from, to) = (org.path.as_str(), subtree_end(&org.path));
        let after = last.add_days(1).to_string();
        let activities = sqlx::query(
            "SELECT a.name, o.name AS org_name FROM activities a
             JOIN organisations o ON o.id = a.org_id
             WHERE o.path >= $1 AND o.path < $2 AND a.status = 'done'
               AND a.updated_at >= $3 AND a.updated_at < $4
             ORDER BY a.updated_at DESC LIMIT 20",
        )
        .bind(from)
        .bind(&to)
        .bind(first.to_string())
        .bind(&after)
        .fetch_all(&self.pool)
        .await?;
        let mut highlights = Vec::new();
        for r in &activities {
            highlights.push(format!(
                "{} · {}",
                r.try_get::<String, _>("name")?,
                r.try_get::<String, _>("org_name")?
            ));
        }
        let findings = sqlx::query(
            "SELECT s.name, s.finding FROM spot_check_samples s
             JOIN spot_checks c ON c.id = s.spot_check_id
             WHERE c.org_id = $1 AND s.finding <> 'pending'
               AND s.inspected_at >= $2 AND s.inspected_at < $3
             ORDER BY s.inspected_at LIMIT 50",
        )
        .bind(org.id)
        .bind(first.to_string())
        .bind(&after)
        .fetch_all(&self.pool)
        .await?;
        let mut found = Vec::new();
        for r in &findings {
            found.push((r.try_get("name")?, r.try_get("finding")?));
        }
        Ok((highlights, found))
    }
}
