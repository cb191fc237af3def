pub mod language;
pub mod login;
pub mod settings;
