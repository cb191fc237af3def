//! The rules of a 创先争优 campaign as plain Rust: plans, organisations, people,
//! roles, the audit chain. Nothing here touches a database, the network or a clock
//! it was not handed.

pub mod access;
pub mod assessment;
pub mod audit;
pub mod commendation;
pub mod commitment;
pub mod date;
pub mod evaluation;
pub mod organisation;
pub mod person;
pub mod plan;
pub mod programme;
pub mod publicity;
pub mod review;
pub mod roster;
pub mod rule;
pub mod secret;
pub mod study;
pub mod supervision;
pub mod text;
