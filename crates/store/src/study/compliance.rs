//! Reading the standings back: per person for a branch's compliance table, and
//! summed per organisation for a campaign office's city-wide summary; and the
//! reminders a secretary sends to the laggards.

use super::QuotaRule;
use crate::audit::change;
use crate::organisation::subtree_end;
use crate::parse_day;
use crate::{Result, Store, audit};
use domain::date::Day;
use domain::organisation::OrgPath;
use domain::study::{Span, record_kind};
use sqlx::Row;
use std::collections::HashMap;

/// A study reminder for one person: the quotas they are behind on; `sms_to`
/// (with the text worded) when they have no account to read their inbox with.
#[derive(Clone, Debug)]
pub struct Reminder {
    pub person_id: i64,
    pub quotas: String,
    pub body: String,
    pub sms_to: Option<String>,
}

/// One person's standing on one quota, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandingRow {
    pub person_id: i64,
    pub quota_key: String,
    pub met_periods: i64,
    pub latest_met: Option<Day>,
}

/// People of one organisation who were added in the same UTC hour with the same
/// status: they share their quotas and the days they are covered.
#[derive(Clone, Debug)]
pub struct PeopleGroup {
    pub org_id: i64,
    pub status: String,
    /// `YYYY-MM-DDTHH` of `created_at`, in UTC.
    pub created_hour: String,
    pub count: i64,
}

/// An organisation's summed standing on one quota.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgStanding {
    pub org_id: i64,
    pub quota_key: String,
    /// Every due period met, the running ones included.
    pub met_periods: i64,
    /// How many people have met the running period already.
    pub met_running: i64,
}

const IN_SUBTREE: &str = "SELECT p.id FROM people p JOIN organisations o ON o.id = p.org_id
    WHERE o.path >= $1 AND o.path < $2";

impl Store {
    /// The standings of everyone in the subtree.
    pub async fn standings(&self, within: &OrgPath) -> Result<Vec<StandingRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT person_id, quota_key, met_periods, latest_met FROM study_standing
             WHERE person_id IN ({IN_SUBTREE})"
        )))
        .bind(within.as_str())
        .bind(subtree_end(within))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StandingRow {
                    person_id: r.try_get("person_id")?,
                    quota_key: r.try_get("quota_key")?,
                    met_periods: r.try_get("met_periods")?,
                    latest_met: r
                        .try_get::<Option<String>, _>(3)?
                        .map(parse_day)
                        .transpose()?,
                })
            })
            .collect()
    }

    /// What each person in the subtree has done towards `rule` inside `span`
    /// (the running period).
    pub async fn amounts_in(
        &self,
        within: &OrgPath,
        rule: &QuotaRule,
        span: Span,
    ) -> Result<HashMap<i64, u64>> {
        let sql = match record_kind(rule.unit) {
            None => format!(
                "SELECT person_id, CAST(SUM(minutes) AS BIGINT) AS amount FROM study_reading
                 WHERE person_id IN ({IN_SUBTREE}) AND day >= $3 AND day <= $4 GROUP BY person_id"
            ),
            Some(_) => format!(
                "SELECT person_id, COUNT(*) AS amount FROM study_records
                 WHERE person_id IN ({IN_SUBTREE}) AND day >= $3 AND day <= $4 AND kind = $5
                 GROUP BY person_id"
            ),
        };
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(within.as_str())
            .bind(subtree_end(within))
            .bind(span.first.to_string())
            .bind(span.last.to_string());
        if let Some(kind) = record_kind(rule.unit) {
            q = q.bind(kind.as_str());
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("person_id")?,
                    r.try_get::<i64, _>("amount")? as u64,
                ))
            })
            .collect()
    }

    /// Everyone in the subtree, grouped by organisation, status and hour added.
    pub async fn people_groups(&self, within: &OrgPath) -> Result<Vec<PeopleGroup>> {
        let rows = sqlx::query(
            "SELECT p.org_id, p.status, SUBSTR(p.created_at, 1, 13) AS created_hour, COUNT(*) AS people
             FROM people p JOIN organisations o ON o.id = p.org_id
             WHERE o.path >= $1 AND o.path < $2
             GROUP BY p.org_id, p.status, SUBSTR(p.created_at, 1, 13)",
        )
        .bind(within.as_str())
        .bind(subtree_end(within))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PeopleGroup {
                    org_id: r.try_get("org_id")?,
                    status: r.try_get("status")?,
                    created_hour: r.try_get("created_hour")?,
                    count: r.try_get("people")?,
                })
            })
            .collect()
    }

    /// Standings summed per organisation and quota. `running` gives each quota's
    /// running period (its first day), so those met already can be told apart.
    pub async fn standing_by_org(
        &self,
        within: &OrgPath,
        running: &[(String, Day)],
    ) -> Result<Vec<OrgStanding>> {
        // One CASE arm per quota, its values bound: which rows met the running period.
        let mut arms = String::new();
        for i in 0..running.len() {
            let (k, d) = (3 + 2 * i, 4 + 2 * i);
            arms.push_str(&format!(
                " WHEN s.quota_key = ${k} AND s.latest_met = ${d} THEN 1"
            ));
        }
        let running_met = if arms.is_empty() {
            "CAST(0 AS BIGINT)".to_string()
        } else {
            format!("CAST(SUM(CASE{arms} ELSE 0 END) AS BIGINT)")
        };
        let sql = format!(
            "SELECT p.org_id, s.quota_key, CAST(SUM(s.met_periods) AS BIGINT) AS met_periods,
                    {running_met} AS met_running
             FROM study_standing s JOIN people p ON p.id = s.person_id
             JOIN organisations o ON o.id = p.org_id
             WHERE o.path >= $1 AND o.path < $2
             GROUP BY p.org_id, s.quota_key"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(within.as_str())
            .bind(subtree_end(within));
        for (key, first) in running {
            q = q.bind(key.clone()).bind(first.to_string());
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(OrgStanding {
                    org_id: r.try_get("org_id")?,
                    quota_key: r.try_get("quota_key")?,
                    met_periods: r.try_get("met_periods")?,
                    met_running: r.try_get("met_running")?,
                })
            })
            .collect()
    }

    /// Sends each person their reminder in one transaction, and logs that it was
    /// sent: to the inbox of those with an account, to the SMS outbox for those
    /// with only a phone number.
    pub async fn remind_study(
        &self,
        actor: &str,
        org_id: i64,
        title: &str,
        people: &[Reminder],
        link: &str,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        for r in people {
            match &r.sms_to {
                Some(phone) => {
                    crate::inbox::queue_outgoing(&mut tx, "sms", phone, title, &r.body).await?;
                }
                // A notice, worded in the reader's language and sent on by
                // the channels they chose.
                None => {
                    crate::inbox::tell(
                        &mut tx,
                        &[r.person_id],
                        "notice-study-behind",
                        &[("quotas", r.quotas.clone())],
                        link,
                    )
                    .await?;
                }
            }
        }
        audit::record(
            &mut tx,
            change(
                actor,
                "remind",
                "study",
                org_id,
                format!("{} people", people.len()),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
