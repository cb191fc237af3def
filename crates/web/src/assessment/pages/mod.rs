pub mod incentives;
pub mod list;
pub mod show;
pub mod subject;
