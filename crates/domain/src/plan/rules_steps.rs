//! The rules of the sections that set how the steps run: the review and
//! evaluation defaults, the assessment scheme, the commendation titles, and
//! the meetings' days and times. Scores, scales and shares are out of 100.

use super::rules::{Path, Seg, unique_at};
use super::*;
use crate::assessment::formula;

pub(super) fn rules(plan: &Plan, report: &mut dyn FnMut(Path, PlanProblem)) {
    use Seg::{Index, Key};
    if let Some(r) = &plan.review {
        for (i, g) in r.grades.iter().enumerate() {
            percent(
                report,
                vec![Key("review"), Key("grades"), Index(i), Key("score")],
                g.score,
            );
        }
    }
    if let Some(e) = &plan.evaluation {
        for (i, g) in e.scale.iter().enumerate() {
            percent(
                report,
                vec![Key("evaluation"), Key("scale"), Index(i), Key("score")],
                g.score,
            );
        }
        if let Some(v) = e.rectify_below {
            percent(report, vec![Key("evaluation"), Key("rectify_below")], v);
        }
        if let Some(n) = e.good_points
            && (n == 0 || n as usize > e.scale.len().max(1))
        {
            report(
                vec![Key("evaluation"), Key("good_points")],
                PlanProblem::OutOfRange {
                    value: n.into(),
                    min: 1,
                    max: e.scale.len().max(1) as i64,
                },
            );
        }
    }
    if let Some(a) = &plan.assessment {
        assessment(plan, a, report);
    }
    if let Some(c) = &plan.commendation {
        unique_at(
            report,
            vec![Key("commendation"), Key("titles")],
            c.titles.iter().map(|t| &t.key),
        );
        if !(1..=60).contains(&c.publicity_days) {
            report(
                vec![Key("commendation"), Key("publicity_days")],
                PlanProblem::OutOfRange {
                    value: c.publicity_days.into(),
                    min: 1,
                    max: 60,
                },
            );
        }
        for (i, t) in c.titles.iter().enumerate() {
            if let Some(p) = t.quota_percent {
                percent(
                    report,
                    vec![
                        Key("commendation"),
                        Key("titles"),
                        Index(i),
                        Key("quota_percent"),
                    ],
                    p,
                );
            }
        }
    }
    for (i, m) in plan.meetings.iter().enumerate() {
        if let Some(w) = m.weekday
            && !(1..=7).contains(&w)
        {
            report(
                vec![Key("meetings"), Index(i), Key("weekday")],
                PlanProblem::OutOfRange {
                    value: w.into(),
                    min: 1,
                    max: 7,
                },
            );
        }
        if let Some(t) = &m.time
            && !is_clock_time(t)
        {
            report(
                vec![Key("meetings"), Index(i), Key("time")],
                PlanProblem::BadTime { time: t.clone() },
            );
        }
        if let Some(w) = &m.held_with
            && (w == &m.key || !plan.meetings.iter().any(|o| &o.key == w))
        {
            report(
                vec![Key("meetings"), Index(i), Key("held_with")],
                PlanProblem::UnknownMeeting { key: w.clone() },
            );
        }
    }
    unique_at(
        report,
        vec![Key("leadership"), Key("committee")],
        plan.leadership.committee.iter().map(|c| &c.key),
    );
}

fn assessment(plan: &Plan, a: &Assessment, report: &mut dyn FnMut(Path, PlanProblem)) {
    use Seg::{Index, Key};
    let at = |rest: Vec<Seg>| {
        let mut p = vec![Key("assessment")];
        p.extend(rest);
        p
    };
    unique_at(
        report,
        at(vec![Key("indicators")]),
        a.indicators.iter().map(|w| &w.key),
    );
    for (i, ind) in a.indicators.iter().enumerate() {
        if ind.source.is_none() {
            report(
                at(vec![Key("indicators"), Index(i)]),
                PlanProblem::NoSource {
                    indicator: ind.key.clone(),
                },
            );
        }
    }
    let sum: u32 = a.indicators.iter().map(|w| w.weight).sum();
    if sum != 100 && a.formula.is_none() {
        report(
            at(vec![Key("indicators")]),
            PlanProblem::WeightsNot100 { sum },
        );
    }
    if let Some(f) = &a.formula {
        let known: Vec<&str> = a.indicators.iter().map(|i| i.key.as_str()).collect();
        if let Err(e) = formula::parse(f, &known) {
            report(
                at(vec![Key("formula")]),
                PlanProblem::Formula {
                    at: e.at,
                    message_id: e.problem.message_id(),
                    detail: e.problem.detail(),
                },
            );
        }
    }
    let mut previous: Option<u32> = None;
    for (i, g) in a.grades.iter().enumerate() {
        percent(report, at(vec![Key("grades"), Index(i), Key("min")]), g.min);
        if previous.is_some_and(|p| g.min >= p) {
            report(
                at(vec![Key("grades"), Index(i), Key("min")]),
                PlanProblem::GradesOutOfOrder {
                    grade: g.name.clone(),
                },
            );
        }
        previous = Some(g.min);
    }
    if a.grades.last().is_some_and(|g| g.min != 0) {
        report(at(vec![Key("grades")]), PlanProblem::NoFloorGrade);
    }
    unique_at(
        report,
        at(vec![Key("vetoes")]),
        a.vetoes.iter().map(|v| &v.key),
    );
    for (i, v) in a.vetoes.iter().enumerate() {
        if !a.grades.iter().any(|g| g.name == v.grade) {
            report(
                at(vec![Key("vetoes"), Index(i), Key("grade")]),
                PlanProblem::UnknownGrade {
                    grade: v.grade.clone(),
                },
            );
        }
    }
    for (i, key) in a.phases.iter().enumerate() {
        if !plan.phases.iter().any(|p| &p.key == key) {
            report(
                at(vec![Key("phases"), Index(i)]),
                PlanProblem::UnknownPhase { phase: key.clone() },
            );
        }
    }
}

/// Reports a score, share or threshold above 100.
fn percent(report: &mut dyn FnMut(Path, PlanProblem), path: Path, value: u32) {
    if value > 100 {
        report(path, PlanProblem::Above100 { value });
    }
}

/// `HH:MM` on a 24-hour clock.
fn is_clock_time(t: &str) -> bool {
    let Some((h, m)) = t.split_once(':') else {
        return false;
    };
    h.len() == 2
        && m.len() == 2
        && h.parse::<u8>().is_ok_and(|h| h < 24)
        && m.parse::<u8>().is_ok_and(|m| m < 60)
}
