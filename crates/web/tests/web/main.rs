//! The web crate's tests, one module per area, over the in-process router with
//! a real database (SQLite, and PostgreSQL where a test says so): pages, the
//! JSON API, the access matrix, the real start-up and the shape of the tree.
//! The browser tests are the second binary, `tests/browser`.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod access;
mod account;
mod api;
mod architecture;
mod assessment;
mod audit;
mod commendation;
mod commitment;
mod dashboard_lines;
mod demo;
mod evaluation;
mod http;
mod inbox;
mod organisation;
mod person;
mod plan;
mod programme;
mod publicity;
mod review;
mod rule;
mod servers;
mod startup;
mod study;
mod supervision;
