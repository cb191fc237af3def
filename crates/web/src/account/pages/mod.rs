pub mod language;
pub mod login;
pub mod notifications;
pub mod settings;
