pub mod feed;
pub mod form;
pub mod list;
pub mod plan;
pub mod public;
pub mod show;
