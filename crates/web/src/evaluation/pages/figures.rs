//! How a round's figures show on its pages: a target's chart, the colours of
//! the scale, and when the round ran.

use crate::http::chart::{LEVEL_COLOURS, distribution};
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use store::evaluation::{Round, Tallied};

/// The figures of a target as charts and rows, with the scale's labels.
pub struct TargetView {
    pub tallied: Tallied,
    pub chart: String,
}

pub fn target_view(round: &Round, tallied: &Tallied, t: &Tr<'_>) -> TargetView {
    let rows: Vec<(String, Vec<u64>)> = round
        .criteria
        .iter()
        .zip(&tallied.result.criteria)
        .map(|(c, f)| (c.name.clone(), f.counts.clone()))
        .collect();
    TargetView {
        chart: distribution(
            &t.a1("evaluation-chart-title", "target", &tallied.target.name),
            &rows,
        ),
        tallied: tallied.clone(),
    }
}

/// The colour of each level, for the legend under a chart.
pub fn legend(round: &Round) -> Vec<(String, &'static str)> {
    round
        .scale
        .iter()
        .enumerate()
        .map(|(i, l)| (l.label.clone(), LEVEL_COLOURS[i % LEVEL_COLOURS.len()]))
        .collect()
}

/// When the round runs, as the users read it.
pub fn period(state: &AppState, round: &Round) -> String {
    let offset = state.config.utc_offset;
    format!(
        "{} – {}",
        crate::http::clock::local_time(round.opens_at, offset),
        crate::http::clock::local_time(round.closes_at, offset)
    )
}
