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

/// A row of a timeline: its label, and the days it runs (one day: a dot).
pub struct Span {
    pub label: String,
    pub first: domain::date::Day,
    pub last: domain::date::Day,
}

const TIMELINE_WIDTH: u32 = 560;

/// A timeline from `first` to `last`: a bar per span, a dashed line and label
/// per mark (time nodes in `#c62828`, deadlines in `#ef6c00`), month ticks on
/// top. Fits an A4 page's width.
pub fn timeline(
    title: &str,
    first: domain::date::Day,
    last: domain::date::Day,
    spans: &[Span],
    marks: &[(String, domain::date::Day, bool)],
) -> String {
    let days = ((last.0 - first.0).whole_days().max(1)) as f64;
    let x_of = |d: domain::date::Day| {
        let off = (d.0 - first.0).whole_days().clamp(0, days as i64) as f64;
        f64::from(LABEL_WIDTH) + f64::from(TIMELINE_WIDTH) * off / days
    };
    let top = 24u32;
    let height = top + ROW_HEIGHT * spans.len() as u32 + 18 * marks.len() as u32 + 10;
    let width = LABEL_WIDTH + TIMELINE_WIDTH + 10;
    let mut svg = format!(
        "<svg class=\"chart timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        t = escape(title)
    );
    // A tick on the first of each month.
    let mut d = first.0.replace_day(1).unwrap_or(first.0);
    while d <= last.0 {
        if d >= first.0 {
            let x = x_of(domain::date::Day(d));
            let _ = write!(
                svg,
                "<line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{height}\" stroke=\"#e0e0e0\"/>\
                 <text x=\"{x:.1}\" y=\"14\" font-size=\"10\" fill=\"#666\">{}-{:02}</text>",
                top - 4,
                d.year() % 100,
                u8::from(d.month())
            );
        }
        d = d
            .replace_day(28)
            .unwrap_or(d)
            .saturating_add(time::Duration::days(5));
        d = d.replace_day(1).unwrap_or(d);
    }
    for (i, s) in spans.iter().enumerate() {
        let y = top + i as u32 * ROW_HEIGHT;
        let (x1, x2) = (x_of(s.first), x_of(s.last));
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            LABEL_WIDTH - 6,
            y + 15,
            escape(&shorten(&s.label, 12))
        );
        if s.first == s.last {
            let _ = write!(
                svg,
                "<circle cx=\"{x1:.1}\" cy=\"{}\" r=\"6\" fill=\"#1565c0\"><title>{}</title></circle>",
                y + 10,
                escape(&s.label)
            );
        } else {
            let _ = write!(
                svg,
                "<rect x=\"{x1:.1}\" y=\"{}\" width=\"{:.1}\" height=\"{}\" rx=\"3\" fill=\"#1565c0\"><title>{}</title></rect>",
                y + 3,
                (x2 - x1).max(3.0),
                ROW_HEIGHT - 10,
                escape(&s.label)
            );
        }
    }
    let base = top + ROW_HEIGHT * spans.len() as u32;
    for (i, (label, day, node)) in marks.iter().enumerate() {
        let x = x_of(*day);
        let colour = if *node { "#c62828" } else { "#ef6c00" };
        let y = base + 14 + 18 * i as u32;
        let _ = write!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{y}\" stroke=\"{colour}\" stroke-dasharray=\"4 3\"/>\
             <text x=\"{:.1}\" y=\"{y}\" font-size=\"11\" fill=\"{colour}\">{}</text>",
            x + 3.0,
            escape(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

fn shorten(s: &str, chars: usize) -> String {
    if s.chars().count() <= chars {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(chars - 1).collect();
        out.push('…');
        out
    }
}

/// The colour of a percentage against its thresholds: green at or above
/// `good`, amber at or above `fair`, red below.
pub fn threshold_colour(percent: f64, good: f64, fair: f64) -> &'static str {
    if percent >= good {
        "#2e7d32"
    } else if percent >= fair {
        "#f9a825"
    } else {
        "#c62828"
    }
}

/// One horizontal percentage bar per row, coloured by threshold, with the
/// figure at its end.
pub fn percent_bars(title: &str, rows: &[(String, f64)], good: f64, fair: f64) -> String {
    let height = ROW_HEIGHT * rows.len() as u32 + 4;
    let width = LABEL_WIDTH + BAR_WIDTH + 60;
    let mut svg = format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        t = escape(title)
    );
    for (i, (label, percent)) in rows.iter().enumerate() {
        let y = i as u32 * ROW_HEIGHT + 2;
        let w = f64::from(BAR_WIDTH) * percent.clamp(0.0, 100.0) / 100.0;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL_WIDTH}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{}\" font-size=\"13\">{percent:.0}%</text>",
            LABEL_WIDTH - 6,
            y + 16,
            escape(&shorten(label, 12)),
            ROW_HEIGHT - 6,
            threshold_colour(*percent, good, fair),
            f64::from(LABEL_WIDTH) + w + 6.0,
            y + 16
        );
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
