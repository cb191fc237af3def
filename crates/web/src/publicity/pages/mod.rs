pub mod feed;
pub mod form;
pub mod list;
pub mod public;
pub mod show;
