//! The rule library over JSON.

pub mod rules;
pub mod view;
