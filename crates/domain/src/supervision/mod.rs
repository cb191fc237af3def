//! Supervision (督促检查): random spot checks whose draw anyone can re-run.
//! The population is fixed and its hash published when the check is
//! announced; the seed is fixed before the draw (a public figure named in
//! advance, or a secret whose hash is published first); the draw is the
//! deterministic algorithm in [`draw`], with a version number.

pub mod draw;
mod record;
#[cfg(test)]
mod tests;

pub use draw::{ALGORITHM, DrawError, draw, population_hash, seed_matches};
pub use record::{Difference, DrawRecord, PopulationItem, SeedKind, VerifyOutcome, verify};
