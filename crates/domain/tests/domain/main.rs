//! The domain's tests: one binary, a module per area.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod commitment;
mod evaluation;
mod plan;
mod roster;
