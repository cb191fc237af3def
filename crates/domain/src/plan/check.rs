//! Reading a plan file: TOML syntax, then the schema, then the rules a plan must keep
//! (unique keys, phases in order, dates inside their phase, weights adding to 100).
//! Every problem is reported with the line and column it stands at, and all rule
//! problems are reported at once, so an author fixes a file in one pass.

use super::*;
use std::collections::HashSet;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// One problem in a plan file, located at `line`:`column` (both from 1).
#[derive(Clone, Debug, PartialEq)]
pub struct PlanError {
    pub line: usize,
    pub column: usize,
    pub problem: PlanProblem,
}

/// What is wrong. The web and CLI layers translate these through the locale files.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanProblem {
    /// Not TOML; the detail is the parser's own words.
    Syntax(String),
    /// TOML, but not a plan: a missing field, a wrong type, an unknown key.
    Schema(String),
    Empty {
        field: String,
    },
    DuplicateKey {
        key: String,
    },
    NoPhases,
    PhaseEndsBeforeStart {
        phase: String,
    },
    PhasesOverlap {
        phase: String,
    },
    UnknownPhase {
        phase: String,
    },
    DateOutsidePhase {
        date: Day,
        phase: String,
    },
    DateOutsideCampaign {
        date: Day,
    },
    NoCriteria {
        standard: String,
    },
    ZeroCount {
        field: String,
    },
    WeightsNot100 {
        sum: u32,
    },
}

impl PlanProblem {
    /// The message id in the locale files.
    pub fn message_id(&self) -> &'static str {
        match self {
            PlanProblem::Syntax(_) => "plan-error-syntax",
            PlanProblem::Schema(_) => "plan-error-schema",
            PlanProblem::Empty { .. } => "plan-error-empty",
            PlanProblem::DuplicateKey { .. } => "plan-error-duplicate-key",
            PlanProblem::NoPhases => "plan-error-no-phases",
            PlanProblem::PhaseEndsBeforeStart { .. } => "plan-error-phase-order",
            PlanProblem::PhasesOverlap { .. } => "plan-error-phase-overlap",
            PlanProblem::UnknownPhase { .. } => "plan-error-unknown-phase",
            PlanProblem::DateOutsidePhase { .. } => "plan-error-date-outside-phase",
            PlanProblem::DateOutsideCampaign { .. } => "plan-error-date-outside-campaign",
            PlanProblem::NoCriteria { .. } => "plan-error-no-criteria",
            PlanProblem::ZeroCount { .. } => "plan-error-zero",
            PlanProblem::WeightsNot100 { .. } => "plan-error-weights",
        }
    }

    /// The message arguments, by name.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            PlanProblem::Syntax(d) | PlanProblem::Schema(d) => vec![("detail", d.clone())],
            PlanProblem::Empty { field } | PlanProblem::ZeroCount { field } => {
                vec![("field", field.clone())]
            }
            PlanProblem::DuplicateKey { key } => vec![("key", key.clone())],
            PlanProblem::NoPhases => vec![],
            PlanProblem::PhaseEndsBeforeStart { phase }
            | PlanProblem::PhasesOverlap { phase }
            | PlanProblem::UnknownPhase { phase } => vec![("phase", phase.clone())],
            PlanProblem::DateOutsidePhase { date, phase } => {
                vec![("date", date.to_string()), ("phase", phase.clone())]
            }
            PlanProblem::DateOutsideCampaign { date } => vec![("date", date.to_string())],
            PlanProblem::NoCriteria { standard } => vec![("standard", standard.clone())],
            PlanProblem::WeightsNot100 { sum } => vec![("sum", sum.to_string())],
        }
    }
}

/// Parses and checks a plan file. On failure, every problem found, in file order.
pub fn parse_plan(source: &str) -> Result<Plan, Vec<PlanError>> {
    let doc = DeTable::parse(source).map_err(|e| {
        vec![error_at(
            source,
            e.span().map_or(0, |s| s.start),
            PlanProblem::Syntax(e.message().trim().to_string()),
        )]
    })?;
    let plan: Plan = toml::from_str(source).map_err(|e| {
        vec![error_at(
            source,
            e.span().map_or(0, |s| s.start),
            PlanProblem::Schema(e.message().trim().to_string()),
        )]
    })?;
    let mut found = Vec::new();
    rules(&plan, &mut |path, problem| found.push((path, problem)));
    if found.is_empty() {
        return Ok(plan);
    }
    let root = doc.get_ref();
    let mut errors: Vec<PlanError> = found
        .into_iter()
        .map(|(path, problem)| {
            let offset = span_of(root, &path).map_or(0, |s| s.start);
            error_at(source, offset, problem)
        })
        .collect();
    errors.sort_by_key(|e| (e.line, e.column));
    Err(errors)
}

/// A step in a path to a value: a table key or an array index.
#[derive(Clone, Debug)]
enum Seg {
    Key(&'static str),
    Index(usize),
}

type Path = Vec<Seg>;

fn error_at(source: &str, offset: usize, problem: PlanProblem) -> PlanError {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    PlanError {
        line,
        column,
        problem,
    }
}

/// The source span of the value at `path`, or of the nearest ancestor that exists.
fn span_of(root: &DeTable<'_>, path: &[Seg]) -> Option<Range<usize>> {
    let mut best = None;
    let mut table = Some(root);
    let mut array: Option<&[toml::Spanned<DeValue<'_>>]> = None;
    for seg in path {
        let value = match (seg, table, array) {
            (Seg::Key(k), Some(t), _) => t
                .iter()
                .find(|(key, _)| key.get_ref().as_ref() == *k)
                .map(|(_, v)| v),
            (Seg::Index(i), _, Some(a)) => a.get(*i),
            _ => None,
        }?;
        best = Some(value.span());
        table = None;
        array = None;
        match value.get_ref() {
            DeValue::Table(t) => table = Some(t),
            DeValue::Array(a) => array = Some(a.as_ref()),
            _ => {}
        }
    }
    best
}

fn rules(plan: &Plan, report: &mut dyn FnMut(Path, PlanProblem)) {
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
    if let Some(a) = &plan.assessment {
        unique_at(
            report,
            vec![Key("assessment"), Key("weights")],
            a.weights.iter().map(|w| &w.key),
        );
        let sum: u32 = a.weights.iter().map(|w| w.weight).sum();
        if sum != 100 {
            report(
                vec![Key("assessment"), Key("weights")],
                PlanProblem::WeightsNot100 { sum },
            );
        }
    }
}

fn unique<'a>(
    report: &mut dyn FnMut(Path, PlanProblem),
    array: &'static str,
    keys: impl Iterator<Item = &'a String>,
) {
    unique_at(report, vec![Seg::Key(array)], keys);
}

/// Reports every key of the array at `path` that an earlier element already used.
fn unique_at<'a>(
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
