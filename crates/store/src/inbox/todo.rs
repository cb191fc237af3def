//! What waits for a person, counted for their home page: as a member, as a
//! branch's leadership and as a campaign office. Each count is an indexed
//! query; a member's and a branch's are asked together, one query each. The
//! web layer adds those that follow the plan (meetings due, laggards in
//! study).

use crate::organisation::{Organisation, subtree_end};
use crate::{Result, Store};
use domain::date::Day;
use serde::Serialize;
use sqlx::Row;

/// A member's own.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PersonTodo {
    pub tasks_open: i64,
    pub tasks_overdue: i64,
    pub rectifications_overdue: i64,
    pub unread: i64,
    /// Items of a publicity plan they own, not yet done; and of those, the
    /// ones past their day.
    pub publicity_open: i64,
    pub publicity_overdue: i64,
}

/// What waits for a branch's leadership.
#[derive(Clone, Debug, Default, Serialize)]
pub struct BranchTodo {
    pub commitments_to_approve: i64,
    pub opinions_to_moderate: i64,
    pub rectifications_to_check: i64,
    pub tasks_to_check: i64,
    /// News and bulletins submitted for review.
    pub publications_to_review: i64,
}

/// What waits for a campaign office.
#[derive(Clone, Debug, Default, Serialize)]
pub struct OfficeTodo {
    /// Branches of the subtree with an overdue task or rectification item.
    pub branches_behind: i64,
    pub publicity_open: i64,
    pub objections_open: i64,
    pub samples_to_inspect: i64,
    pub circular_drafts: i64,
    pub tasks_to_check: i64,
    /// The organisation's own news and bulletins submitted for review.
    pub publications_to_review: i64,
}

/// A value bound to a count's query.
#[derive(Clone, Copy)]
enum Bind<'a> {
    Id(i64),
    Text(&'a str),
}

impl Store {
    async fn count(&self, sql: &'static str, binds: &[Bind<'_>]) -> Result<i64> {
        let mut q = sqlx::query_scalar::<_, i64>(sql);
        for b in binds {
            q = match b {
                Bind::Id(i) => q.bind(*i),
                Bind::Text(t) => q.bind(*t),
            };
        }
        Ok(q.fetch_one(&self.pool).await?)
    }

    /// The organisation's news and bulletins waiting for review.
    async fn publications_to_review(&self, org_id: i64) -> Result<i64> {
        self.count(
            "SELECT COUNT(*) FROM publications WHERE org_id = $1 AND status = 'submitted'",
            &[Bind::Id(org_id)],
        )
        .await
    }

    /// Tasks the organisation assigned that were handed in and wait for its check.
    async fn tasks_to_check(&self, org_id: i64) -> Result<i64> {
        self.count(
            "SELECT COUNT(*) FROM tasks WHERE issuer_org_id = $1 AND status = 'submitted'",
            &[Bind::Id(org_id)],
        )
        .await
    }

    /// A member's counts, in one query: the home page is read often.
    pub async fn person_todo(&self, person_id: i64, today: Day) -> Result<PersonTodo> {
        let r = sqlx::query(
            "SELECT
               (SELECT COUNT(*) FROM tasks WHERE assignee_person_id = $1 AND status <> 'done'),
               (SELECT COUNT(*) FROM tasks WHERE assignee_person_id = $1
                  AND status <> 'done' AND due_on < $2),
               (SELECT COUNT(*) FROM rectifications WHERE owner_person_id = $1
                  AND status <> 'closed' AND due_on < $2),
               (SELECT COUNT(*) FROM inbox WHERE person_id = $1 AND read_at IS NULL),
               (SELECT COUNT(*) FROM publicity_items
                  WHERE owner_person_id = $1 AND done_at IS NULL),
               (SELECT COUNT(*) FROM publicity_items
                  WHERE owner_person_id = $1 AND done_at IS NULL AND due_on < $2)",
        )
        .bind(person_id)
        .bind(today.to_string())
        .fetch_one(&self.pool)
        .await?;
        Ok(PersonTodo {
            tasks_open: r.try_get(0)?,
            tasks_overdue: r.try_get(1)?,
            rectifications_overdue: r.try_get(2)?,
            unread: r.try_get(3)?,
            publicity_open: r.try_get(4)?,
            publicity_overdue: r.try_get(5)?,
        })
    }

    /// A branch leadership's counts, in one query.
    pub async fn branch_todo(&self, org_id: i64) -> Result<BranchTodo> {
        let r = sqlx::query(
            "SELECT
               (SELECT COUNT(*) FROM commitments WHERE org_id = $1 AND status = 'submitted'),
               (SELECT COUNT(*) FROM opinions x JOIN commitments c ON c.id = x.commitment_id
                  WHERE c.org_id = $1 AND x.status = 'pending'),
               (SELECT COUNT(*) FROM rectifications WHERE org_id = $1 AND status = 'in_progress'),
               (SELECT COUNT(*) FROM tasks WHERE issuer_org_id = $1 AND status = 'submitted'),
               (SELECT COUNT(*) FROM publications WHERE org_id = $1 AND status = 'submitted')",
        )
        .bind(org_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(BranchTodo {
            commitments_to_approve: r.try_get(0)?,
            opinions_to_moderate: r.try_get(1)?,
            rectifications_to_check: r.try_get(2)?,
            tasks_to_check: r.try_get(3)?,
            publications_to_review: r.try_get(4)?,
        })
    }

    pub async fn office_todo(&self, org: &Organisation, today: Day) -> Result<OfficeTodo> {
        let o = Bind::Id(org.id);
        let (today, end) = (today.to_string(), subtree_end(&org.path));
        let (from, to, t) = (
            Bind::Text(org.path.as_str()),
            Bind::Text(&end),
            Bind::Text(&today),
        );
        Ok(OfficeTodo {
            branches_behind: self
                .count(
                    "SELECT COUNT(DISTINCT x.org_id) FROM (
                        SELECT t.org_id FROM tasks t JOIN organisations o ON o.id = t.org_id
                        WHERE o.path >= $1 AND o.path < $2 AND t.status <> 'done' AND t.due_on < $3
                        UNION
                        SELECT r.org_id FROM rectifications r JOIN organisations o ON o.id = r.org_id
                        WHERE o.path >= $1 AND o.path < $2 AND r.status <> 'closed' AND r.due_on < $3
                     ) x",
                    &[from, to, t],
                )
                .await?,
            publicity_open: self
                .count(
                    "SELECT COUNT(*) FROM selections
                     WHERE org_id = $1 AND status = 'publicity'",
                    &[o],
                )
                .await?,
            objections_open: self
                .count(
                    "SELECT COUNT(*) FROM objections x JOIN selections s ON s.id = x.selection_id
                     WHERE s.org_id = $1 AND x.status = 'open'",
                    &[o],
                )
                .await?,
            samples_to_inspect: self
                .count(
                    "SELECT COUNT(*) FROM spot_check_samples x JOIN spot_checks c ON c.id = x.spot_check_id
                     WHERE c.org_id = $1 AND x.finding = 'pending'",
                    &[o],
                )
                .await?,
            circular_drafts: self
                .count(
                    "SELECT COUNT(*) FROM circulars WHERE org_id = $1 AND status = 'draft'",
                    &[o],
                )
                .await?,
            tasks_to_check: self.tasks_to_check(org.id).await?,
            publications_to_review: self.publications_to_review(org.id).await?,
        })
    }
}
