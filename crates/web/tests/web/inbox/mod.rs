//! Notices: the inbox, and the channels behind the outbox.

mod channels;
mod group;
mod notices;
mod sinks;
