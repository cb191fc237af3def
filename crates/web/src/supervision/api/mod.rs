//! Supervision over JSON: the dashboard, the overdue list and spot checks.

pub mod circulars;
pub mod dashboard;
pub mod spot_checks;
pub mod view;
