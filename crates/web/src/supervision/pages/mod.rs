//! Supervision's pages: the dashboard, the overdue list, the spot checks
//! (the office's and the public's).

pub mod circulars;
pub mod dashboard;
pub mod overdue;
pub mod public;
pub mod spot_check;
pub mod spot_checks;
