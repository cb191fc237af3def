pub mod list;
pub mod public;
pub mod show;
pub mod versions;
