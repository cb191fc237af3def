//! Charts drawn on the server as SVG: they print, and need no script.

use std::fmt::Write;

/// A colour per level of a scale, from the best to the worst.
pub const LEVEL_COLOURS: [&str; 7] = [
    "#2e7d32", "#8bc34a", "#fbc02d", "#ef6c00", "#c62828", "#6d4c41", "#546e7a",
];

const LABEL_WIDTH: u32 = 150;
const BAR_WIDTH: u32 = 400;
const ROW_HEIGHT: u32 = 26;

/// Text for an SVG document.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One horizontal bar per row, split by level in proportion to its count, with
/// the row's label on the left and its total on the right. `title` is read out
/// by screen readers.
pub fn distribution(title: &str, rows: &[(String, Vec<u64>)]) -> String {
    let height = ROW_HEIGHT * rows.len() as u32 + 4;
    let width = LABEL_WIDTH + BAR_WIDTH + 60;
    let mut svg = format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        escape(title),
        escape(title)
    );
    for (i, (label, counts)) in rows.iter().enumerate() {
        let y = i as u32 * ROW_HEIGHT + 2;
        let total: u64 = counts.iter().sum();
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"end\">{}</text>",
            LABEL_WIDTH - 6,
            y + 16,
            escape(label)
        );
        let mut x = f64::from(LABEL_WIDTH);
        for (level, n) in counts.iter().enumerate() {
            if *n == 0 || total == 0 {
                continue;
            }
            let w = f64::from(BAR_WIDTH) * (*n as f64) / (total as f64);
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"{}\"><title>{n}</title></rect>",
                ROW_HEIGHT - 6,
                LEVEL_COLOURS[level % LEVEL_COLOURS.len()]
            );
            x += w;
        }
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\">{total}</text>",
            LABEL_WIDTH + BAR_WIDTH + 6,
            y + 16
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Reading minutes a heat-map cell turns darker at, and the colours from none up.
const HEAT_STEPS: [u32; 4] = [1, 30, 60, 120];
const HEAT_COLOURS: [&str; 5] = ["#ebedf0", "#c6e48b", "#7bc96f", "#239a3b", "#196127"];
const CELL: u32 = 12;

/// A calendar of reading minutes, one column per week (Monday on top), from
/// `first` to `last`. `title` names it; each cell's tooltip gives day and minutes.
pub fn reading_calendar(
    title: &str,
    first: domain::date::Day,
    last: domain::date::Day,
    minutes: &std::collections::HashMap<domain::date::Day, u32>,
) -> String {
    let start = first.0 - time::Duration::days(first.0.weekday().number_days_from_monday() as i64);
    let weeks = ((last.0 - start).whole_days() / 7 + 1).max(1) as u32;
    let (width, height) = (weeks * CELL + 24, 7 * CELL + 18);
    let mut svg = format!(
        "<svg class=\"chart heatmap\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        escape(title),
        escape(title)
    );
    let mut day = first.0;
    while day <= last.0 {
        let week = ((day - start).whole_days() / 7) as u32;
        let row = day.weekday().number_days_from_monday() as u32;
        let m = minutes.get(&domain::date::Day(day)).copied().unwrap_or(0);
        let level = HEAT_STEPS.iter().filter(|s| m >= **s).count();
        let (x, y) = (week * CELL, 16 + row * CELL);
        if day.day() == 1 {
            let _ = write!(
                svg,
                "<text x=\"{x}\" y=\"11\" font-size=\"10\">{}</text>",
                u8::from(day.month())
            );
        }
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{}\" data-day=\"{}\" data-minutes=\"{m}\"><title>{} · {m}</title></rect>",
            CELL - 2,
            CELL - 2,
            HEAT_COLOURS[level],
            domain::date::Day(day),
            domain::date::Day(day),
        );
        day = match day.next_day() {
            Some(d) => d,
            None => break,
        };
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_split_in_proportion_and_labels_are_escaped() {
        let svg = distribution(
            "<标题>",
            &[
                ("领导班子好".into(), vec![3, 1, 0, 0]),
                ("A&B".into(), vec![0, 0, 0, 0]),
            ],
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("width=\"300.0\""), "{svg}");
        assert!(svg.contains("width=\"100.0\""));
        assert!(svg.contains("A&amp;B"));
        assert!(svg.contains("&lt;标题&gt;"));
        assert_eq!(svg.matches("<rect").count(), 2, "no bar for a zero");
    }

    #[test]
    fn the_reading_calendar_has_a_cell_per_day_darker_for_more_minutes() {
        let day = |s: &str| domain::date::Day::parse_iso(s).unwrap();
        let minutes = [
            (day("2012-02-28"), 0),
            (day("2012-02-29"), 45),
            (day("2012-03-01"), 150),
        ]
        .into_iter()
        .collect();
        let svg = super::reading_calendar("阅读", day("2012-02-27"), day("2012-03-04"), &minutes);
        assert_eq!(svg.matches("<rect").count(), 7);
        assert!(svg.contains("data-day=\"2012-02-29\" data-minutes=\"45\""));
        // 45 minutes passes the 1 and 30 minute steps: the third colour.
        assert!(svg.contains("fill=\"#7bc96f\" data-day=\"2012-02-29\""));
        assert!(svg.contains("fill=\"#196127\" data-day=\"2012-03-01\""));
        assert!(svg.contains("fill=\"#ebedf0\" data-day=\"2012-02-28\""));
    }
}
