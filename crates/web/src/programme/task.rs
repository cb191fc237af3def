//! Tasks, for the pages and the API alike: an organisation's leadership or
//! office assigns one to a person or an organisation in its subtree (or a
//! plan task to every member it covers in a branch); the assignee works it
//! and hands in evidence; whoever assigned it sends it back with a reason or
//! accepts it.

use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use crate::programme::rules::{is_checker, is_doer, may_run};
use domain::date::Day;
use domain::organisation::OrgKind;
use domain::person::PoliticalStatus;
use domain::programme::TaskStep;
use store::commitment::EvidenceFile;
use store::organisation::Organisation;
use store::programme::{NewTask, Task, TaskStepInput};

pub const MAX_TITLE: usize = 100;
pub const MAX_TEXT: usize = 2_000;
pub const MAX_EVIDENCE: usize = 10_000;
pub const MAX_FILES: usize = 6;

/// A task as typed: `assignee` is `person:ID` or `org:ID`.
#[derive(Clone, Debug, Default)]
pub struct TaskInput {
    pub assignee: String,
    pub programme: String,
    pub title: String,
    pub text: String,
    pub due_on: String,
}

/// Assigns a task from `issuer`; every wrong field is named.
pub async fn assign(
    state: &AppState,
    ctx: &Ctx,
    issuer: &Organisation,
    input: &TaskInput,
) -> Result<i64, AppError> {
    if !may_run(ctx, issuer) {
        return Err(ctx.refused());
    }
    let plan = plan_of(&state.store, issuer).await?;
    let mut errors = Vec::new();
    let (person, assignee_org) = match input.assignee.trim().split_once(':') {
        Some(("person", id)) => {
            let id = id
                .parse::<i64>()
                .map_err(|_| AppError::invalid("assignee", "error-bad-request"))?;
            let p = state.store.person(id).await?;
            (Some(p.id), state.store.organisation(p.org_id).await?)
        }
        Some(("org", id)) => {
            let id = id
                .parse::<i64>()
                .map_err(|_| AppError::invalid("assignee", "error-bad-request"))?;
            (None, state.store.organisation(id).await?)
        }
        _ => return Err(AppError::invalid("assignee", "task-error-assignee")),
    };
    let outside = !assignee_org.path.is_within(&issuer.path)
        || (person.is_none() && assignee_org.id == issuer.id);
    if outside {
        errors.push(FieldRefusal::new("assignee", "task-error-outside"));
    }
    let programme = match input.programme.trim() {
        "" => None,
        p if plan.programmes.iter().any(|x| x.key == p) => Some(p.to_string()),
        _ => {
            errors.push(FieldRefusal::new("programme", "activity-error-programme"));
            None
        }
    };
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        errors.push(FieldRefusal::new("title", "task-error-title"));
    }
    if input.text.trim().chars().count() > MAX_TEXT {
        errors.push(FieldRefusal::new("text", "activity-error-long"));
    }
    let today = crate::http::clock::today(state.config.utc_offset);
    let due = Day::parse_iso(input.due_on.trim());
    match (due, plan.span()) {
        (None, _) => errors.push(FieldRefusal::new("due_on", "error-bad-date")),
        (Some(d), _) if d < today => {
            errors.push(FieldRefusal::new("due_on", "task-error-due-past"))
        }
        (Some(d), Some((_, end))) if d > end => errors.push(
            FieldRefusal::new("due_on", "task-error-due-after")
                .with_args(vec![("end", end.to_string())]),
        ),
        _ => {}
    }
    let Some(due_on) = due.filter(|_| errors.is_empty()) else {
        return Err(AppError::invalid_fields("task-invalid", errors));
    };
    let actor = &ctx.user()?.username;
    let ids = state
        .store
        .add_tasks(
            actor,
            &[NewTask {
                issuer_org_id: issuer.id,
                org_id: assignee_org.id,
                assignee_person_id: person,
                assignee_org_id: person.is_none().then_some(assignee_org.id),
                programme_key: programme,
                task_key: None,
                title: title.to_string(),
                text: input.text.trim().to_string(),
                due_on,
            }],
        )
        .await?;
    ids.first()
        .copied()
        .ok_or(AppError::conflict("task-error-moved"))
}

/// Assigns one of the plan's tasks to every person it covers in a branch,
/// with the plan's due day; those who have it already are skipped. Returns
/// how many were assigned.
pub async fn assign_plan_task(
    state: &AppState,
    ctx: &Ctx,
    branch: &Organisation,
    key: &str,
) -> Result<usize, AppError> {
    if !may_run(ctx, branch) {
        return Err(ctx.refused());
    }
    if branch.kind != OrgKind::Branch {
        return Err(AppError::invalid("task", "task-error-branch"));
    }
    let plan = plan_of(&state.store, branch).await?;
    let Some((prog, t)) = plan
        .programmes
        .iter()
        .find_map(|p| p.tasks.iter().find(|t| t.key == key).map(|t| (p, t)))
    else {
        return Err(AppError::invalid("task", "task-error-unknown"));
    };
    let tasks: Vec<NewTask> = state
        .store
        .all_people(&branch.path)
        .await?
        .into_iter()
        .filter(|p| {
            p.status != PoliticalStatus::Masses || t.covers == domain::plan::Coverage::AllStaff
        })
        .map(|p| NewTask {
            issuer_org_id: branch.id,
            org_id: p.org_id,
            assignee_person_id: Some(p.id),
            assignee_org_id: None,
            programme_key: Some(prog.key.clone()),
            task_key: Some(t.key.clone()),
            title: t.name.clone(),
            text: t.text.clone(),
            due_on: t.due_on,
        })
        .collect();
    let actor = &ctx.user()?.username;
    Ok(state.store.add_tasks(actor, &tasks).await?.len())
}

/// A step as typed.
#[derive(Clone, Debug, Default)]
pub struct StepInput {
    pub step: String,
    pub evidence: String,
    pub reason: String,
}

/// Takes a step of a task: the assignee starts or hands in, whoever assigned
/// it sends it back (with a reason) or accepts.
pub async fn step(
    state: &AppState,
    ctx: &Ctx,
    t: &Task,
    input: &StepInput,
    files: Vec<EvidenceFile>,
) -> Result<(), AppError> {
    let issuer = state.store.organisation(t.issuer_org_id).await?;
    let assignee_org = match t.assignee_org_id {
        Some(id) => Some(state.store.organisation(id).await?),
        None => None,
    };
    let Some(step) = TaskStep::parse(&input.step) else {
        return Err(AppError::invalid("step", "task-error-step"));
    };
    let allowed = if step.by_assigner() {
        is_checker(ctx, &issuer)
    } else {
        is_doer(ctx, t, assignee_org.as_ref())
    };
    if !allowed {
        return Err(ctx.refused());
    }
    let Some(to) = step.from(t.status) else {
        return Err(AppError::conflict("task-error-moved"));
    };
    let evidence = input.evidence.trim();
    let reason = input.reason.trim();
    match step {
        TaskStep::Submit if evidence.is_empty() && files.is_empty() && t.files.is_empty() => {
            return Err(AppError::invalid("evidence", "task-error-evidence"));
        }
        TaskStep::Submit if evidence.chars().count() > MAX_EVIDENCE => {
            return Err(AppError::invalid("evidence", "activity-error-long"));
        }
        TaskStep::Submit if files.len() + t.files.len() > MAX_FILES => {
            return Err(AppError::invalid("files", "activity-error-photos"));
        }
        TaskStep::SendBack if reason.is_empty() || reason.chars().count() > MAX_TEXT => {
            return Err(AppError::invalid("reason", "task-error-reason"));
        }
        _ => {}
    }
    let actor = &ctx.user()?.username;
    state
        .store
        .step_task(
            actor,
            t,
            to,
            &TaskStepInput {
                step,
                evidence: evidence.to_string(),
                reason: reason.to_string(),
                files,
            },
        )
        .await?;
    Ok(())
}

/// Who may read a task: its doers and checkers, and whoever leads the
/// organisation where it is done.
pub async fn may_read(state: &AppState, ctx: &Ctx, t: &Task) -> Result<bool, AppError> {
    let issuer = state.store.organisation(t.issuer_org_id).await?;
    let org = state.store.organisation(t.org_id).await?;
    let assignee_org = match t.assignee_org_id {
        Some(id) => Some(state.store.organisation(id).await?),
        None => None,
    };
    Ok(is_checker(ctx, &issuer) || may_run(ctx, &org) || is_doer(ctx, t, assignee_org.as_ref()))
}
