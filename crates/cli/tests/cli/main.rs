//! The binary as a person runs it from a shell, one module per area: set up an
//! organisation, import a plan and a roster, export, verify the audit log, back
//! up and restore, build the demo; and ballots that survive the server killed.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod audit;
mod backup;
mod crash;
mod demo;
#[cfg(feature = "bench")]
mod generate;
mod person;
mod plan;
mod servers;
mod spot_check;
