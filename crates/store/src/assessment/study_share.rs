//! The study compliance source of an assessment: the share of due study
//! periods met, per member from their standings, or per branch from the sums
//! of its members' standings and the periods due to the groups of members
//! added at the same time.

use super::inputs::{Acc, SourceRef, Subjects};
use super::sources::{BySubject, finish};
use super::{Basis, SubjectKind};
use crate::organisation::{Organisation, subtree_end};
use crate::{Result, Store, StoreError};
use domain::date::Day;
use domain::plan::Source;
use domain::study::{Span, due_before};
use sqlx::Row;
use std::collections::HashMap;
use time::Duration;

impl Store {
    pub(super) async fn study_share(
        &self,
        org: &Organisation,
        subjects: &Subjects,
        basis: &Basis,
        today: Day,
    ) -> Result<BySubject> {
        let phase = &basis.phase;
        // Periods that ended inside the phase and before today are due.
        let asof = Day(phase.ends_on.0 + Duration::days(1)).min(today);
        let due = |added: Day, q: &domain::plan::Quota| {
            let covered = Span::new(phase.starts_on.max(added), phase.ends_on);
            u64::from(due_before(q.period, q.target, covered, asof))
        };
        let mut acc: HashMap<i64, (Acc, Vec<SourceRef>)> = HashMap::new();
        match subjects.kind {
            SubjectKind::Member => {
                let met: HashMap<(i64, String), i64> = self
                    .standings(&org.path)
                    .await?
                    .into_iter()
                    .map(|s| ((s.person_id, s.quota_key), s.met_periods))
                    .collect();
                for (person, _, org_id, added) in self.members_in(org).await? {
                    let Some(subject) = subjects.of(org_id, Some(person)) else {
                        continue;
                    };
                    let entry = acc.entry(subject).or_default();
                    for q in &basis.quotas {
                        let due = due(added, q);
                        let done = met
                            .get(&(person, q.key.clone()))
                            .copied()
                            .unwrap_or(0)
                            .clamp(0, due as i64) as u64;
                        entry.0.add(done as f64, due as f64);
                        if due > 0 {
                            entry.1.push(SourceRef {
                                source: Source::StudyCompliance,
                                kind: "quota",
                                id: person,
                                figure: format!("{}: {done}/{due}", q.name),
                            });
                        }
                    }
                }
            }
            SubjectKind::Organisation => {
                // Sums per organisation: the members' met periods, and the
                // periods due to the groups of members added at the same time.
                let (met, groups) =
                    tokio::try_join!(self.met_by_org(&org.path), self.people_groups(&org.path))?;
                let mut due_by_org: HashMap<(i64, String), u64> = HashMap::new();
                for g in groups {
                    if g.status != "full" && g.status != "probationary" {
                        continue;
                    }
                    let added = Day::parse_iso(g.created_hour.get(..10).unwrap_or_default())
                        .ok_or_else(|| StoreError::Corrupt(g.created_hour.clone()))?;
                    for q in &basis.quotas {
                        *due_by_org.entry((g.org_id, q.key.clone())).or_default() +=
                            due(added, q) * g.count.max(0) as u64;
                    }
                }
                for ((org_id, key), due) in due_by_org {
                    let Some(subject) = subjects.of(org_id, None) else {
                        continue;
                    };
                    let done = met.get(&(org_id, key)).copied().unwrap_or(0).min(due);
                    acc.entry(subject)
                        .or_default()
                        .0
                        .add(done as f64, due as f64);
                }
            }
        }
        // No period due: absent, not 0%.
        acc.retain(|_, (a, _)| a.whole > 0.0);
        Ok(finish(acc))
    }

    /// Each organisation's sum of its members' met study periods, by quota.
    async fn met_by_org(
        &self,
        within: &domain::organisation::OrgPath,
    ) -> Result<HashMap<(i64, String), u64>> {
        let rows = sqlx::query(
            "SELECT p.org_id, s.quota_key, CAST(SUM(s.met_periods) AS BIGINT) AS met
             FROM study_standing s JOIN people p ON p.id = s.person_id
             JOIN organisations o ON o.id = p.org_id
             WHERE o.path >= $1 AND o.path < $2 AND p.status IN ('full', 'probationary')
             GROUP BY p.org_id, s.quota_key",
        )
        .bind(within.as_str())
        .bind(subtree_end(within))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    (r.try_get("org_id")?, r.try_get("quota_key")?),
                    r.try_get::<i64, _>("met")?.max(0) as u64,
                ))
            })
            .collect()
    }
}
