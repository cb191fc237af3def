pub mod list;
pub mod new;
pub mod publish;
pub mod raise;
pub mod rectification;
pub mod reply;
pub mod show;
