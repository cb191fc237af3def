//! The to-do home: what waits for the signed-in person now, each a count and
//! a link, by what they are: their own tasks and overdue items and unread
//! messages; for a branch they lead, the commitments to approve, opinions to
//! moderate, rectifications and tasks to check, meetings due this period and
//! the laggards in study; for an office, the branches behind, open 公示 and
//! objections, spot-check items to inspect, the circular drafts to publish
//! and tasks to check.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use domain::access::Role;
use domain::organisation::OrgKind;

/// One line: a message id (with `$count`, and `$org` where it names one), the
/// count and where to go.
pub struct TodoLine {
    pub message: &'static str,
    pub count: i64,
    pub org: String,
    pub link: String,
}

pub async fn todo(state: &AppState, ctx: &Ctx) -> Result<Vec<TodoLine>, AppError> {
    let Some(account) = &ctx.account else {
        return Ok(Vec::new());
    };
    let today = crate::http::clock::today(state.config.utc_offset);
    let mut lines = Vec::new();
    let mut add = |message: &'static str, count: i64, org: &str, link: String| {
        if count > 0 {
            lines.push(TodoLine {
                message,
                count,
                org: org.to_string(),
                link,
            });
        }
    };
    let me = state.store.person_todo(account.person_id, today).await?;
    add("todo-tasks", me.tasks_open, "", "/tasks".into());
    add("todo-tasks-overdue", me.tasks_overdue, "", "/tasks".into());
    add(
        "todo-rectifications-overdue",
        me.rectifications_overdue,
        "",
        format!("/organisations/{}/reviews", account.org_id),
    );
    add("todo-unread", me.unread, "", "/inbox".into());
    let plan = format!("/organisations/{}/publicity-plan", account.org_id);
    add("todo-publicity-items", me.publicity_open, "", plan.clone());
    add(
        "todo-publicity-items-overdue",
        me.publicity_overdue,
        "",
        plan,
    );
    for g in &account.grants {
        let org = state.store.organisation(g.org_id).await?;
        let id = org.id;
        let name = org.name.as_str();
        match g.role {
            Role::Secretary | Role::Deputy if org.kind == OrgKind::Branch => {
                let b = state.store.branch_todo(id).await?;
                let list = format!("/organisations/{id}/commitments");
                add(
                    "todo-commitments",
                    b.commitments_to_approve,
                    name,
                    list.clone(),
                );
                add("todo-opinions", b.opinions_to_moderate, name, list);
                let reviews = format!("/organisations/{id}/reviews");
                add(
                    "todo-rectifications",
                    b.rectifications_to_check,
                    name,
                    reviews,
                );
                let tasks = format!("/organisations/{id}/tasks?status=submitted");
                add("todo-tasks-to-check", b.tasks_to_check, name, tasks);
                add(
                    "todo-publications",
                    b.publications_to_review,
                    name,
                    format!("/organisations/{id}/publications"),
                );
                // Rules whose running period still lacks meetings, and the
                // people behind on study; both need the plan, which a branch
                // without one does not have yet.
                if let Ok(rules) = crate::study::meeting::compliance(state, &org).await {
                    let due = rules
                        .iter()
                        .filter(|r| {
                            r.periods
                                .last()
                                .is_some_and(|p| !p.ended && p.held < p.required)
                        })
                        .count();
                    add(
                        "todo-meetings",
                        due as i64,
                        name,
                        format!("/organisations/{id}/meetings"),
                    );
                }
                if let Ok(c) = crate::study::standing::branch_compliance(state, &org).await {
                    let laggards = c.rows.iter().filter(|r| r.lagging()).count();
                    add(
                        "todo-laggards",
                        laggards as i64,
                        name,
                        format!("/organisations/{id}/study"),
                    );
                }
            }
            Role::CampaignOffice => {
                let o = state.store.office_todo(&org, today).await?;
                add(
                    "todo-branches-behind",
                    o.branches_behind,
                    name,
                    format!("/organisations/{id}/overdue"),
                );
                let selections = format!("/organisations/{id}/selections");
                add("todo-publicity", o.publicity_open, name, selections.clone());
                add("todo-objections", o.objections_open, name, selections);
                add(
                    "todo-inspect",
                    o.samples_to_inspect,
                    name,
                    format!("/organisations/{id}/spot-checks"),
                );
                add(
                    "todo-circulars",
                    o.circular_drafts,
                    name,
                    format!("/organisations/{id}/circulars"),
                );
                add(
                    "todo-tasks-to-check",
                    o.tasks_to_check,
                    name,
                    format!("/organisations/{id}/tasks?status=submitted"),
                );
                add(
                    "todo-publications",
                    o.publications_to_review,
                    name,
                    format!("/organisations/{id}/publications"),
                );
            }
            Role::Leader => {
                let o = state.store.office_todo(&org, today).await?;
                add(
                    "todo-branches-behind",
                    o.branches_behind,
                    name,
                    format!("/organisations/{id}/supervision"),
                );
            }
            _ => {}
        }
    }
    Ok(lines)
}
