pub mod account;
pub mod import;
pub mod list;
pub mod new;
pub mod roles;
pub mod show;
