//! The programmes' pages: an organisation's programmes with their activities
//! and plan tasks, one activity, the tasks lists, one task, and the timeline.

pub mod activity;
pub mod programmes;
pub mod task;
pub mod tasks;
pub mod timeline;
