//! The work programmes as branches run them: activities (the plan's, or a
//! branch's own) with their status, counts, outcome and photos
//! (`activity`); tasks assigned to people or organisations, through their
//! flow with evidence, checked by whoever assigned them, and the reminders
//! before and after their due date (`task`); each programme's completion
//! (`completion`).

mod activity;
mod completion;
mod task;

pub use activity::{Activity, ActivityChange, NewActivity};
pub use completion::ProgrammeFigures;
pub use task::{NewTask, Task, TaskFilter, TaskStepInput};

use crate::{Result, StoreError};
use domain::date::Day;

pub(crate) fn day(text: Option<String>) -> Result<Option<Day>> {
    crate::commendation::day(text)
}

fn required_day(text: String) -> Result<Day> {
    Day::parse_iso(&text).ok_or_else(|| StoreError::Corrupt(format!("day {text}")))
}
