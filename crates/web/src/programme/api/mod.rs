//! The programmes over JSON: activities, tasks and their steps.

pub mod activities;
pub mod tasks;
pub mod view;
