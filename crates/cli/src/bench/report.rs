//! The one table every benchmark reports in: a line per measure with our
//! figure, the baseline measured in the same run, their ratio, the goal and
//! whether it is met. `bench all` gathers every workload's lines into one
//! table and into `docs/performance.md`.

use std::fmt::Write;

/// One measure of a workload.
pub struct Figure {
    pub workload: String,
    pub ours: String,
    pub baseline: String,
    pub ratio: Option<f64>,
    pub goal: String,
    pub met: bool,
}

impl Figure {
    pub fn new(workload: impl Into<String>, ours: impl Into<String>) -> Figure {
        Figure {
            workload: workload.into(),
            ours: ours.into(),
            baseline: "—".into(),
            ratio: None,
            goal: "—".into(),
            met: true,
        }
    }

    /// Against a baseline measured in the same run.
    pub fn against(mut self, baseline: impl Into<String>, ratio: f64) -> Figure {
        self.baseline = baseline.into();
        self.ratio = Some(ratio);
        self
    }

    pub fn goal(mut self, goal: impl Into<String>, met: bool) -> Figure {
        self.goal = goal.into();
        self.met = met;
        self
    }

    /// A workload that could not run: the reason stands as its figure.
    /// A workload that could not finish, with the first line of why: the
    /// rest (a tool's whole output) was printed as it ran.
    pub fn failed(workload: impl Into<String>, why: &anyhow::Error) -> Figure {
        let why = format!("{why:#}");
        let first = why.lines().next().unwrap_or_default();
        Figure::new(workload, format!("failed: {first}")).goal("runs", false)
    }

    fn cells(&self) -> [String; 6] {
        [
            self.workload.clone(),
            self.ours.clone(),
            self.baseline.clone(),
            self.ratio.map_or("—".into(), |r| format!("{r:.2}")),
            self.goal.clone(),
            if self.met { "met" } else { "NOT met" }.into(),
        ]
    }
}

const HEADS: [&str; 6] = ["workload", "ours", "baseline", "ratio", "goal", "met"];

/// The table as aligned text, and a last line saying whether every goal is met.
pub fn text(figures: &[Figure]) -> String {
    let rows: Vec<[String; 6]> = figures.iter().map(Figure::cells).collect();
    let mut widths = HEADS.map(|h| h.chars().count());
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &[String]| {
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            let pad = w - c.chars().count();
            let _ = write!(
                out,
                "{}{c}{}",
                if i > 0 { "  " } else { "" },
                " ".repeat(pad)
            );
        }
        out.push('\n');
    };
    line(&mut out, &HEADS.map(String::from));
    for row in &rows {
        line(&mut out, row);
    }
    let _ = writeln!(out, "{}", verdict(figures));
    out
}

/// The table in Markdown.
pub fn markdown(figures: &[Figure]) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        HEADS.join(" | "),
        "---|".repeat(HEADS.len())
    );
    for f in figures {
        let _ = writeln!(out, "| {} |", f.cells().join(" | ").replace('\n', " "));
    }
    out
}

pub fn verdict(figures: &[Figure]) -> String {
    let missed = figures.iter().filter(|f| !f.met).count();
    if missed == 0 {
        "goal: every goal met".into()
    } else {
        format!("goal: {missed} of {} NOT met", figures.len())
    }
}

pub fn all_met(figures: &[Figure]) -> bool {
    figures.iter().all(|f| f.met)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_says_which_goal_is_missed() {
        let figures = [
            Figure::new("board", "24,000 req/s")
                .against("nginx 26,000", 0.92)
                .goal("≥ 0.75", true),
            Figure::new("board gzip", "39,000 req/s")
                .against("nginx 57,000", 0.68)
                .goal("≥ 0.75", false),
        ];
        let t = text(&figures);
        assert!(t.contains("0.92") && t.contains("NOT met"), "{t}");
        assert!(t.ends_with("goal: 1 of 2 NOT met\n"), "{t}");
        assert!(markdown(&figures).contains("| board gzip | 39,000 req/s |"));
        assert!(!all_met(&figures));
    }
}
