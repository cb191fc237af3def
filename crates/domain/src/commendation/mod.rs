//! 评选表彰: how many may be nominated under a quota, and when a 公示 of some
//! working days ends.

mod calendar;

pub use calendar::{Calendar, publicity_end};

use crate::plan::Rounding;

/// The most that may hold a title among `population` members (or branches):
/// `percent` of them made whole by `rounding`, and at most `number`; with
/// neither, everyone.
pub fn quota(
    population: u32,
    percent: Option<u32>,
    number: Option<u32>,
    rounding: Rounding,
) -> u32 {
    let by_share = percent.map(|p| {
        let (num, den) = (u64::from(population) * u64::from(p.min(100)), 100u64);
        (match rounding {
            Rounding::Down => num / den,
            Rounding::Nearest => (2 * num + den) / (2 * den),
            Rounding::Up => num.div_ceil(den),
        }) as u32
    });
    match (by_share, number) {
        (Some(s), Some(n)) => s.min(n),
        (Some(s), None) => s,
        (None, Some(n)) => n.min(population),
        (None, None) => population,
    }
}

#[cfg(test)]
mod tests;
