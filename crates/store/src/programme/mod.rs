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
