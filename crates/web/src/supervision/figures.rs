//! A dashboard's lines computed from the records: a handful of grouped
//! queries over the scope (`Store::branch_figures`, the programmes' figures,
//! the meetings and reviews held, the study standings), never one query per
//! branch, each indicator set against what the plan asks for in the phase.

use crate::http::clock::local_day;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::study::standing::{Grouping, city_summary_under};
use domain::date::Day;
use domain::organisation::OrgKind;
use domain::plan::{Phase, Plan};
use domain::programme::{Completion, overall};
use domain::study::{MeetingPeriod, Span, meeting_compliance};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use store::organisation::Organisation;
use store::supervision::BranchFigures;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    pub org_id: i64,
    pub org_name: String,
    pub members: i64,
    /// One per indicator, in the dashboard's column order.
    pub figures: Vec<Option<f64>>,
    pub tasks_overdue: i64,
    pub rectifications_open: i64,
    pub rectifications_overdue: i64,
    /// Meeting periods ended short of the rule.
    pub meetings_missed: i64,
    /// Review periods ended with no review of the branch.
    pub reviews_missed: i64,
}

impl Line {
    /// Overdue tasks and rectification items, missed meeting and review periods.
    pub fn overdue_count(&self) -> i64 {
        self.tasks_overdue
            + self.rectifications_overdue
            + self.meetings_missed
            + self.reviews_missed
    }

    /// The lowest figure, for "the laggards first".
    pub fn weakest(&self) -> f64 {
        self.figures.iter().flatten().copied().fold(100.0, f64::min)
    }
}

/// A line as computed, with the periods it missed.
#[derive(Clone, Debug, PartialEq)]
pub struct Computed {
    pub line: Line,
    pub missed: Missed,
}

/// The meeting periods a branch held short (with the rule's name) and the
/// review periods that passed without a review of it, all ended.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Missed {
    pub meetings: Vec<(String, MeetingPeriod)>,
    pub reviews: Vec<Span>,
}

impl Missed {
    /// The last day of the earliest period missed.
    pub fn since(&self) -> Option<Day> {
        let meetings = self.meetings.iter().map(|(_, p)| p.span.last);
        meetings.chain(self.reviews.iter().map(|s| s.last)).min()
    }
}

/// The lines of every branch under (or being) `scope`, computed from the
/// records as `plan`'s `phase` has them on `today`. `scope` is the viewing
/// office for a whole dashboard, or one branch whose line went stale; the
/// plan is the office's either way.
pub async fn compute(
    state: &AppState,
    plan: &Plan,
    phase: &Phase,
    today: Day,
    scope: &Organisation,
) -> Result<Vec<Computed>, AppError> {
    let offset = state.config.utc_offset;
    let span = Span {
        first: phase.starts_on,
        last: phase.ends_on,
    };
    let since = format!("{}T00:00:00Z", phase.starts_on.add_days(-1));
    let until = format!("{}T23:59:59Z", today.add_days(1));
    let branches: Vec<Organisation> = state
        .store
        .subtree(&scope.path)
        .await?
        .into_iter()
        .filter(|o| o.kind == OrgKind::Branch)
        .collect();
    let figures: HashMap<i64, BranchFigures> = state
        .store
        .branch_figures(scope, &phase.key, span, &today.to_string())
        .await?;
    let programmes = state.store.programme_figures(scope, today).await?;
    let meetings = state.store.meetings_within(scope, &since, &until).await?;
    let reviews = state
        .store
        .branch_reviews_within(scope, &since, &until)
        .await?;
    let study = city_summary_under(state, scope, plan, Grouping::Organisation).await?;
    let study: HashMap<i64, (u64, u64)> = study
        .lines
        .iter()
        .map(|l| {
            let (due, met) = l
                .cells
                .iter()
                .fold((0, 0), |(d, m), (cd, cm)| (d + cd, m + cm));
            (l.org_id, (due, met))
        })
        .collect();
    let weights: HashMap<&str, Option<u32>> = plan
        .programmes
        .iter()
        .map(|p| (p.key.as_str(), p.weight))
        .collect();
    // Each record grouped by its branch once, so that a line reads its own.
    let mut by_branch: HashMap<i64, Vec<&store::programme::ProgrammeFigures>> = HashMap::new();
    for p in &programmes {
        by_branch.entry(p.org_id).or_default().push(p);
    }
    let rules: Vec<&domain::plan::MeetingRule> = plan
        .meetings
        .iter()
        .filter(|r| r.kind.held_by(OrgKind::Branch))
        .collect();
    let mut held_on: HashMap<(i64, usize), Vec<Day>> = HashMap::new();
    for m in &meetings {
        if let Some(i) = rules.iter().position(|r| r.kind == m.kind)
            && let Some(d) = local_day(&m.starts_at, offset)
        {
            held_on.entry((m.org_id, i)).or_default().push(d);
        }
    }
    let mut reviewed_on: HashMap<i64, Vec<Day>> = HashMap::new();
    for (o, at) in &reviews {
        if let Some(d) = local_day(at, offset) {
            reviewed_on.entry(*o).or_default().push(d);
        }
    }
    // The periods each rule asks for are the same for every branch.
    let rule_periods: Vec<Vec<MeetingPeriod>> = rules
        .iter()
        .map(|r| meeting_compliance(r.period, r.times, span, today, &[]))
        .collect();
    let review_period = plan.review.as_ref().and_then(|r| r.period);
    let review_periods = review_period.map(|p| meeting_compliance(p, 1, span, today, &[]));
    let none = Vec::new();
    let mut lines = Vec::with_capacity(branches.len());
    for b in &branches {
        let f = figures.get(&b.id).cloned().unwrap_or_default();
        let (mut tasks_done, mut tasks_assigned, mut tasks_overdue) = (0, 0, 0);
        let mut by_programme: Vec<(Completion, Option<u32>)> = Vec::new();
        for p in by_branch.get(&b.id).unwrap_or(&Vec::new()) {
            tasks_done += p.tasks_done;
            tasks_assigned += p.tasks_assigned;
            tasks_overdue += p.tasks_overdue;
            by_programme.push((
                p.completion(),
                weights.get(p.programme_key.as_str()).copied().flatten(),
            ));
        }
        let programme_figure = by_programme
            .iter()
            .any(|(c, _)| c.due > 0.0)
            .then(|| overall(&by_programme));
        // Meetings: every rule a branch holds, ended periods and the running one.
        let mut required = 0u32;
        let mut held = 0u32;
        let mut missed_meetings = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let days = held_on.get(&(b.id, i)).unwrap_or(&none);
            for template in &rule_periods[i] {
                let p = MeetingPeriod {
                    held: days.iter().filter(|d| template.span.contains(**d)).count() as u32,
                    ..*template
                };
                if p.ended {
                    required += p.required;
                    held += p.held.min(p.required);
                    if p.missed() {
                        missed_meetings.push((rule.name.clone(), p));
                    }
                } else {
                    // The running period counts what it has so far.
                    required += p.held.min(p.required);
                    held += p.held.min(p.required);
                }
            }
        }
        let review_days = reviewed_on.get(&b.id).unwrap_or(&none);
        let (reviews_due, reviews_done, missed_reviews) = match &review_periods {
            Some(templates) => {
                let (mut due, mut done, mut missed) = (0.0, 0.0, Vec::new());
                for t in templates {
                    let any = review_days.iter().any(|d| t.span.contains(*d));
                    if t.ended || any {
                        due += 1.0;
                    }
                    if any {
                        done += 1.0;
                    } else if t.ended {
                        missed.push(t.span);
                    }
                }
                (due, done, missed)
            }
            // 适时: one review in the phase is what is due.
            None => (1.0, review_days.len().min(1) as f64, Vec::new()),
        };
        let (study_due, study_met) = study.get(&b.id).copied().unwrap_or((0, 0));
        let line = Line {
            org_id: b.id,
            org_name: b.name.clone(),
            members: f.members,
            figures: vec![
                share(f.commitments_approved as f64, f.members as f64),
                share(
                    f.commitment_done as f64,
                    100.0 * f.commitment_weights as f64,
                ),
                share(reviews_done, reviews_due),
                share(f.codes_used as f64, f.codes_issued as f64),
                share(f.good_marks as f64, f.marks as f64),
                share(study_met as f64, study_due as f64),
                share(f64::from(held), f64::from(required)),
                programme_figure,
                share(tasks_done as f64, tasks_assigned as f64),
            ],
            tasks_overdue,
            rectifications_open: f.rectifications_open,
            rectifications_overdue: f.rectifications_overdue,
            meetings_missed: missed_meetings.len() as i64,
            reviews_missed: missed_reviews.len() as i64,
        };
        lines.push(Computed {
            line,
            missed: Missed {
                meetings: missed_meetings,
                reviews: missed_reviews,
            },
        });
    }
    Ok(lines)
}

fn share(done: f64, due: f64) -> Option<f64> {
    (due > 0.0).then(|| (100.0 * done / due).clamp(0.0, 100.0))
}
