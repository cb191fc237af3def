//! What a spot check draws from: the items of one kind in a subtree, each
//! with a stable id (`commitment:42`), a name, and where and whose it is.

use super::{PopulationKind, SpotItem};
use crate::organisation::{Organisation, subtree_end};
use crate::{Result, Store};
use sqlx::Row;

impl Store {
    /// The items a spot check of `kind` over `scope`'s subtree would draw
    /// from, as they stand now (`phase_key` picks the commitments' phase).
    pub async fn spot_population(
        &self,
        kind: PopulationKind,
        scope: &Organisation,
        phase_key: &str,
    ) -> Result<Vec<SpotItem>> {
        let sql = match kind {
            PopulationKind::Commitments => {
                "SELECT 'commitment:' || CAST(c.id AS TEXT) AS id, p.name || ' · ' || o.name AS name,
                    c.org_id, c.person_id
                 FROM commitments c JOIN organisations o ON o.id = c.org_id
                 JOIN people p ON p.id = c.person_id
                 WHERE o.path >= $1 AND o.path < $2 AND c.approved IS NOT NULL AND c.phase_key = $3"
            }
            PopulationKind::StudyLedgers => {
                "SELECT 'study:' || CAST(p.id AS TEXT) AS id, p.name || ' · ' || o.name AS name,
                    p.org_id, p.id AS person_id
                 FROM people p JOIN organisations o ON o.id = p.org_id
                 WHERE o.path >= $1 AND o.path < $2 AND p.status IN ('full', 'probationary')
                   AND $3 = $3"
            }
            PopulationKind::Meetings => {
                "SELECT 'meeting:' || CAST(m.id AS TEXT) AS id,
                    m.topic || ' · ' || o.name || ' · ' || substr(m.starts_at, 1, 10) AS name,
                    m.org_id, CAST(NULL AS BIGINT) AS person_id
                 FROM meetings m JOIN organisations o ON o.id = m.org_id
                 WHERE o.path >= $1 AND o.path < $2 AND $3 = $3"
            }
            PopulationKind::Tasks => {
                "SELECT 'task:' || CAST(t.id AS TEXT) AS id,
                    t.title || ' · ' || COALESCE(p.name, ao.name, '') AS name,
                    t.org_id, t.assignee_person_id AS person_id
                 FROM tasks t JOIN organisations o ON o.id = t.org_id
                 LEFT JOIN people p ON p.id = t.assignee_person_id
                 LEFT JOIN organisations ao ON ao.id = t.assignee_org_id
                 WHERE o.path >= $1 AND o.path < $2 AND $3 = $3"
            }
        };
        let rows = sqlx::query(sql)
            .bind(scope.path.as_str())
            .bind(subtree_end(&scope.path))
            .bind(phase_key)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(SpotItem {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    org_id: r.try_get("org_id")?,
                    person_id: r.try_get("person_id")?,
                })
            })
            .collect()
    }
}
