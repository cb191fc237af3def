pub mod assessments;
pub mod incentives;
pub mod view;
