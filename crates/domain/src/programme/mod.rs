//! The work programmes (工程) as a branch runs them: activities with their
//! status, tasks with their flow (to do → doing → submitted → sent back →
//! done, checked by whoever assigned them), and the completion they roll up
//! to, per programme and over all of them.

mod rollup;
#[cfg(test)]
mod tests;

pub use rollup::{Completion, overall, programme_completion};

use serde::{Deserialize, Serialize};

/// Where an activity stands (计划 / 进行中 / 已完成 / 取消).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    Planned,
    Running,
    Done,
    Cancelled,
}

impl ActivityStatus {
    pub const ALL: [ActivityStatus; 4] = [
        ActivityStatus::Planned,
        ActivityStatus::Running,
        ActivityStatus::Done,
        ActivityStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::Planned => "planned",
            ActivityStatus::Running => "running",
            ActivityStatus::Done => "done",
            ActivityStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<ActivityStatus> {
        ActivityStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a task stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Todo,
    Doing,
    Submitted,
    /// Sent back by whoever assigned it, with a reason.
    Returned,
    Done,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 5] = [
        TaskStatus::Todo,
        TaskStatus::Doing,
        TaskStatus::Submitted,
        TaskStatus::Returned,
        TaskStatus::Done,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Todo => "todo",
            TaskStatus::Doing => "doing",
            TaskStatus::Submitted => "submitted",
            TaskStatus::Returned => "returned",
            TaskStatus::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<TaskStatus> {
        TaskStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the task still waits for its assignee (and may fall overdue).
    pub fn is_open(self) -> bool {
        self != TaskStatus::Done
    }
}

/// A step of a task's flow, and who takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStep {
    /// The assignee starts work.
    Start,
    /// The assignee hands in the evidence.
    Submit,
    /// The assigner sends it back, with a reason.
    SendBack,
    /// The assigner accepts it as done.
    Accept,
}

impl TaskStep {
    pub const ALL: [TaskStep; 4] = [
        TaskStep::Start,
        TaskStep::Submit,
        TaskStep::SendBack,
        TaskStep::Accept,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskStep::Start => "start",
            TaskStep::Submit => "submit",
            TaskStep::SendBack => "send_back",
            TaskStep::Accept => "accept",
        }
    }

    pub fn parse(s: &str) -> Option<TaskStep> {
        TaskStep::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the assigner takes this step (else the assignee does).
    pub fn by_assigner(self) -> bool {
        matches!(self, TaskStep::SendBack | TaskStep::Accept)
    }

    /// The status the step leads to from `from`, or `None` where it does not
    /// apply: work starts or is handed in until it is checked; only a handed-in
    /// task is sent back or accepted; a done task stays done.
    pub fn from(self, from: TaskStatus) -> Option<TaskStatus> {
        use TaskStatus::*;
        match (self, from) {
            (TaskStep::Start, Todo | Returned) => Some(Doing),
            (TaskStep::Submit, Todo | Doing | Returned) => Some(Submitted),
            (TaskStep::SendBack, Submitted) => Some(Returned),
            (TaskStep::Accept, Submitted) => Some(Done),
            _ => None,
        }
    }
}
