pub mod list;
pub mod outbox;
