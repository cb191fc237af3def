//! Publications over JSON; images go with the page's form.

pub mod plan;
pub mod publications;
pub mod view;
