pub mod import;
pub mod list;
