//! Activities, tasks and completion as the API answers them.

use serde::Serialize;
use store::programme::{Activity, Task};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ActivityView {
    pub id: i64,
    pub org_id: i64,
    pub programme_key: String,
    /// The plan's activity it records; absent for the branch's own.
    pub activity_key: Option<String>,
    pub phase_key: String,
    pub name: String,
    /// `planned`, `running`, `done` or `cancelled`.
    pub status: String,
    pub owner_person_id: Option<i64>,
    pub owner_name: Option<String>,
    pub place: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub when_text: Option<String>,
    pub participants: String,
    pub participant_count: i64,
    pub served_count: i64,
    pub times_target: Option<i64>,
    pub times_held: i64,
    pub outcome: String,
    pub meeting_id: Option<i64>,
    pub commitment_id: Option<i64>,
    pub updated_at: String,
    /// Paths of its photos and files.
    pub files: Vec<String>,
}

impl From<&Activity> for ActivityView {
    fn from(a: &Activity) -> ActivityView {
        ActivityView {
            id: a.id,
            org_id: a.org_id,
            programme_key: a.programme_key.clone(),
            activity_key: a.activity_key.clone(),
            phase_key: a.phase_key.clone(),
            name: a.name.clone(),
            status: a.status.as_str().into(),
            owner_person_id: a.owner_person_id,
            owner_name: a.owner_name.clone(),
            place: a.place.clone(),
            starts_on: a.starts_on.map(|d| d.to_string()),
            ends_on: a.ends_on.map(|d| d.to_string()),
            when_text: a.when_text.clone(),
            participants: a.participants.clone(),
            participant_count: a.participant_count,
            served_count: a.served_count,
            times_target: a.times_target,
            times_held: a.times_held,
            outcome: a.outcome.clone(),
            meeting_id: a.meeting_id,
            commitment_id: a.commitment_id,
            updated_at: a.updated_at.clone(),
            files: a
                .files
                .iter()
                .map(|(id, _)| format!("/activity-files/{id}"))
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TaskView {
    pub id: i64,
    pub issuer_org_id: i64,
    pub issuer_name: String,
    /// Where it is done.
    pub org_id: i64,
    pub assignee_person_id: Option<i64>,
    pub assignee_org_id: Option<i64>,
    pub assignee: String,
    pub programme_key: Option<String>,
    pub task_key: Option<String>,
    pub title: String,
    pub text: String,
    pub due_on: String,
    /// `todo`, `doing`, `submitted`, `returned` or `done`.
    pub status: String,
    pub evidence: String,
    /// Why it was sent back, when it was.
    pub reason: Option<String>,
    pub done_at: Option<String>,
    pub files: Vec<String>,
}

impl From<&Task> for TaskView {
    fn from(t: &Task) -> TaskView {
        TaskView {
            id: t.id,
            issuer_org_id: t.issuer_org_id,
            issuer_name: t.issuer_name.clone(),
            org_id: t.org_id,
            assignee_person_id: t.assignee_person_id,
            assignee_org_id: t.assignee_org_id,
            assignee: t.assignee.clone(),
            programme_key: t.programme_key.clone(),
            task_key: t.task_key.clone(),
            title: t.title.clone(),
            text: t.text.clone(),
            due_on: t.due_on.to_string(),
            status: t.status.as_str().into(),
            evidence: t.evidence.clone(),
            reason: t.reason.clone(),
            done_at: t.done_at.clone(),
            files: t
                .files
                .iter()
                .map(|(id, _)| format!("/task-files/{id}"))
                .collect(),
        }
    }
}
