//! Completion of a programme's activities and tasks, and over the programmes.
//! An activity counts once, a recurring one by the share of its target held
//! (4 of 6: two thirds); a cancelled one not at all. A task counts once.

use serde::Serialize;

/// Work done against work due, in units (an activity or a task is one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Completion {
    pub done: f64,
    pub due: f64,
}

impl Completion {
    pub fn add(&mut self, other: Completion) {
        self.done += other.done;
        self.due += other.due;
    }

    /// Percent done, 0–100; nothing due is 0 and shown as such.
    pub fn percent(self) -> f64 {
        if self.due > 0.0 {
            (100.0 * self.done / self.due).clamp(0.0, 100.0)
        } else {
            0.0
        }
    }
}

/// One programme's completion from its activities' (done, held, target)
/// figures and its tasks' (done, assigned) counts.
pub fn programme_completion(
    activities: impl IntoIterator<Item = (bool, u32, Option<u32>)>,
    tasks_done: u64,
    tasks_assigned: u64,
) -> Completion {
    let mut c = Completion {
        done: tasks_done as f64,
        due: tasks_assigned as f64,
    };
    for (done, held, target) in activities {
        c.due += 1.0;
        c.done += match target {
            Some(t) if t > 0 => (f64::from(held) / f64::from(t)).min(1.0),
            _ if done => 1.0,
            _ => 0.0,
        };
    }
    c
}

/// The overall percent over programmes, each weighted as the plan says
/// (`None`: equally). Programmes with nothing due are left out, so a branch
/// is not marked down for a programme it has no work in.
pub fn overall(programmes: &[(Completion, Option<u32>)]) -> f64 {
    let (mut sum, mut weights) = (0.0, 0.0);
    for (c, w) in programmes {
        if c.due <= 0.0 {
            continue;
        }
        let w = f64::from(w.unwrap_or(1));
        sum += w * c.percent();
        weights += w;
    }
    if weights > 0.0 { sum / weights } else { 0.0 }
}
