pub mod group;
pub mod list;
pub mod outbox;
