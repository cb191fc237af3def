//! Supervision (督促检查): the figures of every branch in a subtree for the
//! office's dashboard (`dashboard`), every overdue item in one list
//! (`overdue`), and random spot checks with their published draw and the
//! inspectors' findings (`spot_check`, `finding`); and the progress
//! circulars drafted from the figures (`circular`). The dashboard's lines
//! are kept current on write (`line`).

#[cfg(feature = "bench")]
pub mod bench;
mod circular;
mod dashboard;
mod finding;
mod line;
mod overdue;
mod population;
mod spot_check;

pub use circular::{Circular, CircularFigures, CircularStatus, Figure, OverdueLine};
pub use dashboard::{BranchFigures, MeetingHeld};
pub use finding::{Finding, FindingInput, Sample};
pub use line::{BranchLine, BranchMissed, LineKey, MissedText, StoredLine};
pub use overdue::{OverdueItem, OverdueKind};
pub use spot_check::{NewSpotCheck, PopulationKind, SpotCheck, SpotCheckStatus, SpotItem};
