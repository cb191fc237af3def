//! The storage suite: one test binary, a module per area, each test run on a
//! fresh SQLite file and on a fresh PostgreSQL database (`on_both!`).

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;

mod account;
mod assessment;
mod audit;
mod commendation;
mod commitment;
mod evaluation;
mod inbox;
mod job;
mod organisation;
mod person;
mod plan;
mod programme;
mod review;
mod schema;
mod study;
mod supervision;
