//! The rules a plan must keep beyond its schema: non-empty texts, unique keys,
//! phases in order, dates inside their phase; the sections that set how the
//! steps run are checked in `rules_steps`. Each problem is reported with the
//! path to the value it stands at.

use super::*;
use std::collections::HashSet;

/// A step in a path to a value: a table key or an array index.
#[derive(Clone, Debug)]
pub(super) enum Seg {
    Key(&'static str),
    Index(usize),
}

pub(super) type Path = Vec<Seg>;

pub(super) fn rules(plan: &Plan, report: &mut dyn FnMut(Path, PlanProblem)) {
    use Seg::{Index, Key};
    let empty = |report: &mut dyn FnMut(Path, PlanProblem), path: Path, field: &str, v: &str| {
        if v.trim().is_empty() {
            report(
                path,
                PlanProblem::Empty {
                    field: field.to_string(),
                },
            );
        }
    };
    let h = &plan.header;
    empty(
        report,
        vec![Key("header"), Key("code")],
        "header.code",
        &h.code,
    );
    empty(
        report,
        vec![Key("header"), Key("title")],
        "header.title",
        &h.title,
    );
    empty(
        report,
        vec![Key("header"), Key("issuer")],
        "header.issuer",
        &h.issuer,
    );
    empty(
        report,
        vec![Key("theme"), Key("main")],
        "theme.main",
        &plan.theme.main,
    );

    // Phases: at least one, each in order, none overlapping.
    if plan.phases.is_empty() {
        report(vec![], PlanProblem::NoPhases);
    }
    unique(report, "phases", plan.phases.iter().map(|p| &p.key));
    let mut previous_end: Option<Day> = None;
    for (i, p) in plan.phases.iter().enumerate() {
        if p.ends_on < p.starts_on {
            report(
                vec![Key("phases"), Index(i), Key("ends_on")],
                PlanProblem::PhaseEndsBeforeStart {
                    phase: p.name.clone(),
                },
            );
        }
        if previous_end.is_some_and(|end| p.starts_on <= end) {
            report(
                vec![Key("phases"), Index(i), Key("starts_on")],
                PlanProblem::PhasesOverlap {
                    phase: p.name.clone(),
                },
            );
        }
        previous_end = Some(p.ends_on);
        for (j, node) in p.time_nodes.iter().enumerate() {
            if node.on < p.starts_on || node.on > p.ends_on {
                report(
                    vec![
                        Key("phases"),
                        Index(i),
                        Key("time_nodes"),
                        Index(j),
                        Key("on"),
                    ],
                    PlanProblem::DateOutsidePhase {
                        date: node.on,
                        phase: p.name.clone(),
                    },
                );
            }
        }
    }

    unique(report, "standards", plan.standards.iter().map(|s| &s.key));
    for (i, s) in plan.standards.iter().enumerate() {
        if s.criteria.is_empty() {
            report(
                vec![Key("standards"), Index(i)],
                PlanProblem::NoCriteria {
                    standard: s.name.clone(),
                },
            );
        }
        unique_at(
            report,
            vec![Key("standards"), Index(i), Key("criteria")],
            s.criteria.iter().map(|c| &c.key),
        );
    }
    unique(report, "steps", plan.steps.items.iter().map(|s| &s.key));

    unique(report, "programmes", plan.programmes.iter().map(|p| &p.key));
    let span = plan.span();
    for (i, prog) in plan.programmes.iter().enumerate() {
        let at = |rest: Vec<Seg>| {
            let mut p = vec![Key("programmes"), Index(i)];
            p.extend(rest);
            p
        };
        unique_at(
            report,
            at(vec![Key("activities")]),
            prog.activities.iter().map(|a| &a.key),
        );
        unique_at(
            report,
            at(vec![Key("tasks")]),
            prog.tasks.iter().map(|t| &t.key),
        );
        for (j, a) in prog.activities.iter().enumerate() {
            let Some(phase) = plan.phases.iter().find(|p| p.key == a.phase) else {
                report(
                    at(vec![Key("activities"), Index(j), Key("phase")]),
                    PlanProblem::UnknownPhase {
                        phase: a.phase.clone(),
                    },
                );
                continue;
            };
            for (field, date) in [("starts_on", a.starts_on), ("ends_on", a.ends_on)] {
                if let Some(date) = date
                    && (date < phase.starts_on || date > phase.ends_on)
                {
                    report(
                        at(vec![Key("activities"), Index(j), Key(field)]),
                        PlanProblem::DateOutsidePhase {
                            date,
                            phase: phase.name.clone(),
                        },
                    );
                }
            }
            if let (Some(s), Some(e)) = (a.starts_on, a.ends_on)
                && e < s
            {
                report(
                    at(vec![Key("activities"), Index(j), Key("ends_on")]),
                    PlanProblem::PhaseEndsBeforeStart {
                        phase: a.name.clone(),
                    },
                );
            }
            if a.times == Some(0) {
                report(
                    at(vec![Key("activities"), Index(j), Key("times")]),
                    PlanProblem::ZeroCount {
                        field: a.key.clone(),
                    },
                );
            }
        }
        for (j, t) in prog.tasks.iter().enumerate() {
            if t.count == 0 {
                report(
                    at(vec![Key("tasks"), Index(j), Key("count")]),
                    PlanProblem::ZeroCount {
                        field: t.key.clone(),
                    },
                );
            }
            if let Some((start, end)) = span
                && (t.due_on < start || t.due_on > end)
            {
                report(
                    at(vec![Key("tasks"), Index(j), Key("due_on")]),
                    PlanProblem::DateOutsideCampaign { date: t.due_on },
                );
            }
        }
    }

    unique(report, "quotas", plan.quotas.iter().map(|q| &q.key));
    for (i, q) in plan.quotas.iter().enumerate() {
        if q.target == 0 {
            report(
                vec![Key("quotas"), Index(i), Key("target")],
                PlanProblem::ZeroCount {
                    field: q.key.clone(),
                },
            );
        }
    }
    unique(report, "meetings", plan.meetings.iter().map(|m| &m.key));
    for (i, m) in plan.meetings.iter().enumerate() {
        if m.times == 0 {
            report(
                vec![Key("meetings"), Index(i), Key("times")],
                PlanProblem::ZeroCount {
                    field: m.key.clone(),
                },
            );
        }
    }
    let l = &plan.leadership;
    unique_at(
        report,
        vec![Key("leadership"), Key("duties")],
        l.duties.iter().map(|d| &d.key),
    );
    unique_at(
        report,
        vec![Key("leadership"), Key("publicity_channels")],
        l.publicity_channels.iter().map(|c| &c.key),
    );
    unique_at(
        report,
        vec![Key("leadership"), Key("supervision_methods")],
        l.supervision_methods.iter().map(|m| &m.key),
    );
    super::rules_steps::rules(plan, report);
}

pub(super) fn unique<'a>(
    report: &mut dyn FnMut(Path, PlanProblem),
    array: &'static str,
    keys: impl Iterator<Item = &'a String>,
) {
    unique_at(report, vec![Seg::Key(array)], keys);
}

/// Reports every key of the array at `path` that an earlier element already used.
pub(super) fn unique_at<'a>(
    report: &mut dyn FnMut(Path, PlanProblem),
    path: Path,
    keys: impl Iterator<Item = &'a String>,
) {
    let mut seen = HashSet::new();
    for (i, key) in keys.enumerate() {
        if key.trim().is_empty() {
            let mut p = path.clone();
            p.extend([Seg::Index(i), Seg::Key("key")]);
            report(
                p,
                PlanProblem::Empty {
                    field: "key".to_string(),
                },
            );
        } else if !seen.insert(key.as_str()) {
            let mut p = path.clone();
            p.extend([Seg::Index(i), Seg::Key("key")]);
            report(p, PlanProblem::DuplicateKey { key: key.clone() });
        }
    }
}
