//! The outbox for the campaign office over the API: the messages by status,
//! and a dead one sent again.

pub mod outbox;
