//! The study compliance a branch secretary and a campaign office read: every
//! person against every quota (the laggards marked), and the same summed per
//! organisation or per direct subordinate, from the standings kept on write;
//! and reminding the laggards.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use crate::study::rules::{campaign_span, covered, rule};
use domain::date::Day;
use domain::person::PoliticalStatus;
use domain::plan::Quota;
use domain::study::{covers, due_before, period_of, prorated};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use store::organisation::Organisation;
use store::study::Reminder;

/// One person's place on one quota in the compliance table.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    pub quota_key: String,
    /// Ended periods that were due, and how many of them were met.
    pub due: u32,
    pub met: u32,
    /// The running period: done so far, and its (prorated) target; None when
    /// nothing is due in it.
    pub running: Option<(u64, u32)>,
    pub lagging: bool,
}

impl Cell {
    pub fn percent(&self) -> Option<u32> {
        domain::study::percent(self.met as u64, self.due as u64)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct PersonRow {
    pub person_id: i64,
    pub name: String,
    pub org_name: String,
    /// One per quota of the plan; None where the quota does not cover the person.
    pub cells: Vec<Option<Cell>>,
}

impl PersonRow {
    pub fn lagging(&self) -> bool {
        self.cells.iter().flatten().any(|c| c.lagging)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct BranchCompliance {
    pub today: Day,
    pub quotas: Vec<Quota>,
    pub rows: Vec<PersonRow>,
}

/// The compliance table of everyone in `org`'s subtree.
pub async fn branch_compliance(
    state: &AppState,
    org: &Organisation,
) -> Result<BranchCompliance, AppError> {
    let plan = plan_of(&state.store, org).await?;
    let offset = state.config.utc_offset;
    let campaign = campaign_span(&plan)?;
    let today = crate::http::clock::today(offset);
    let people = state.store.all_people(&org.path).await?;
    let standings: HashMap<(i64, String), (i64, Option<Day>)> = state
        .store
        .standings(&org.path)
        .await?
        .into_iter()
        .map(|s| ((s.person_id, s.quota_key), (s.met_periods, s.latest_met)))
        .collect();
    let mut running = Vec::new();
    for q in &plan.quotas {
        let span = period_of(q.period, today);
        running.push((
            span,
            state.store.amounts_in(&org.path, &rule(q), span).await?,
        ));
    }
    let rows = people
        .iter()
        .map(|p| {
            let cover = covered(
                campaign,
                crate::http::clock::local_day(&p.created_at, offset),
            );
            let cells = plan
                .quotas
                .iter()
                .zip(&running)
                .map(|(q, (span, amounts))| {
                    covers(q.covers, p.status).then(|| {
                        let (met_all, latest) = standings
                            .get(&(p.id, q.key.clone()))
                            .cloned()
                            .unwrap_or((0, None));
                        let target = prorated(q.target, span, &cover);
                        let running_met = target > 0 && latest == Some(span.first);
                        let due = due_before(q.period, q.target, cover, today);
                        let met = (met_all - running_met as i64).max(0) as u32;
                        Cell {
                            quota_key: q.key.clone(),
                            due,
                            met,
                            running: (target > 0)
                                .then(|| (amounts.get(&p.id).copied().unwrap_or(0), target)),
                            lagging: domain::study::lagging(met as u64, due as u64),
                        }
                    })
                })
                .collect();
            PersonRow {
                person_id: p.id,
                name: p.name.clone(),
                org_name: p.org_name.clone(),
                cells,
            }
        })
        .collect();
    Ok(BranchCompliance {
        today,
        quotas: plan.quotas.clone(),
        rows,
    })
}

/// How a campaign office's summary puts people on lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// A line per organisation that people belong to: a city's branches side
    /// by side, the weakest first.
    #[default]
    Organisation,
    /// A line per direct subordinate, its whole subtree summed, and one for
    /// the people of the summarised organisation itself: a province's cities,
    /// each opening into its own summary.
    Subordinate,
}

/// One organisation's line in a campaign office's summary.
#[derive(Clone, Debug, Serialize)]
pub struct OrgLine {
    pub org_id: i64,
    pub org_name: String,
    pub people: i64,
    /// Per quota of the plan: due periods and met periods, summed over people.
    pub cells: Vec<(u64, u64)>,
    /// The line sums people of organisations below this one, so its own
    /// summary breaks it down.
    pub breaks_down: bool,
}

impl OrgLine {
    fn empty(org: &Organisation, quotas: usize) -> OrgLine {
        OrgLine {
            org_id: org.id,
            org_name: org.name.clone(),
            people: 0,
            cells: vec![(0, 0); quotas],
            breaks_down: false,
        }
    }

    fn add(&mut self, other: &OrgLine) {
        self.people += other.people;
        for (mine, theirs) in self.cells.iter_mut().zip(&other.cells) {
            mine.0 += theirs.0;
            mine.1 += theirs.1;
        }
    }

    pub fn percent(&self, i: &usize) -> Option<u32> {
        self.cells
            .get(*i)
            .and_then(|(due, met)| domain::study::percent(*met, *due))
    }

    /// Whether quota `i` is met in fewer periods than a laggard's share.
    pub fn low(&self, i: &usize) -> bool {
        self.cells
            .get(*i)
            .is_some_and(|(due, met)| domain::study::lagging(*met, *due))
    }

    /// The lowest share over all quotas, for sorting the weakest first.
    pub fn weakest(&self) -> u32 {
        (0..self.cells.len())
            .filter_map(|i| self.percent(&i))
            .min()
            .unwrap_or(100)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct CitySummary {
    pub today: Day,
    pub quotas: Vec<Quota>,
    /// Weakest first.
    pub lines: Vec<OrgLine>,
    pub total: OrgLine,
}

/// Compliance summed per organisation under `root`, or per direct subordinate
/// (`grouping`), from the stored standings: one row per person and quota is
/// read, never the days themselves.
pub async fn city_summary(
    state: &AppState,
    root: &Organisation,
    grouping: Grouping,
) -> Result<CitySummary, AppError> {
    let plan = plan_of(&state.store, root).await?;
    city_summary_under(state, root, &plan, grouping).await
}

/// The same under a given plan: a superior's, when its dashboard reads one
/// branch's line.
pub async fn city_summary_under(
    state: &AppState,
    root: &Organisation,
    plan: &domain::plan::Plan,
    grouping: Grouping,
) -> Result<CitySummary, AppError> {
    let offset = state.config.utc_offset;
    let campaign = campaign_span(plan)?;
    let today = crate::http::clock::today(offset);
    let n = plan.quotas.len();
    let orgs = state.store.subtree(&root.path).await?;
    let mut lines: HashMap<i64, OrgLine> = HashMap::new();
    let mut due_memo: HashMap<(usize, Day), u32> = HashMap::new();
    for g in state.store.people_groups(&root.path).await? {
        let status = PoliticalStatus::parse(&g.status).unwrap_or(PoliticalStatus::Masses);
        let added = crate::http::clock::local_day(&format!("{}:00:00Z", g.created_hour), offset);
        let cover = covered(campaign, added);
        let line = lines.entry(g.org_id).or_insert_with(|| OrgLine {
            org_id: g.org_id,
            org_name: String::new(),
            people: 0,
            cells: vec![(0, 0); n],
            breaks_down: false,
        });
        line.people += g.count;
        for (i, q) in plan.quotas.iter().enumerate() {
            if covers(q.covers, status) {
                let due = *due_memo
                    .entry((i, cover.first))
                    .or_insert_with(|| due_before(q.period, q.target, cover, today));
                line.cells[i].0 += due as u64 * g.count as u64;
            }
        }
    }
    let running: Vec<(String, Day)> = plan
        .quotas
        .iter()
        .map(|q| (q.key.clone(), period_of(q.period, today).first))
        .collect();
    for s in state.store.standing_by_org(&root.path, &running).await? {
        if let (Some(line), Some(i)) = (
            lines.get_mut(&s.org_id),
            plan.quotas.iter().position(|q| q.key == s.quota_key),
        ) {
            line.cells[i].1 += (s.met_periods - s.met_running).max(0) as u64;
        }
    }
    let mut total = OrgLine::empty(root, n);
    // Each organisation's line goes to its own line, or to that of the direct
    // subordinate of `root` above it (root's own people keep root's line).
    let depth = root.path.ids().len();
    let head = |o: &Organisation| match grouping {
        Grouping::Organisation => o.id,
        Grouping::Subordinate => o.path.ids().get(depth).copied().unwrap_or(root.id),
    };
    let by_id: HashMap<i64, &Organisation> = orgs.iter().map(|o| (o.id, o)).collect();
    let mut merged: HashMap<i64, OrgLine> = HashMap::new();
    for o in &orgs {
        let Some(line) = lines.remove(&o.id) else {
            continue;
        };
        total.add(&line);
        let h = head(o);
        let m = merged
            .entry(h)
            .or_insert_with(|| OrgLine::empty(by_id.get(&h).copied().unwrap_or(o), n));
        m.add(&line);
        // People further down were summed in: the subordinate's own summary
        // tells them apart.
        m.breaks_down |= o.id != h;
    }
    let mut out: Vec<OrgLine> = merged.into_values().collect();
    out.sort_by_key(|l| (l.weakest(), l.org_id));
    Ok(CitySummary {
        today,
        quotas: plan.quotas.clone(),
        lines: out,
        total,
    })
}

/// Reminds the laggards of `org`; returns how many were reminded.
pub async fn remind_laggards(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
) -> Result<usize, AppError> {
    let actor = &ctx
        .require(&org.path, domain::access::Action::ManagePeople)?
        .username;
    let c = branch_compliance(state, org).await?;
    let t = ctx.tr(&state.i18n);
    let accounts: std::collections::HashMap<i64, store::person::Person> = state
        .store
        .all_people(&org.path)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let people: Vec<Reminder> = c
        .rows
        .iter()
        .filter(|r| r.lagging())
        .map(|r| {
            let behind: Vec<String> = c
                .quotas
                .iter()
                .zip(&r.cells)
                .filter(|(_, cell)| cell.as_ref().is_some_and(|c| c.lagging))
                .map(|(q, _)| q.name.clone())
                .collect();
            let person = accounts.get(&r.person_id);
            Reminder {
                person_id: r.person_id,
                quotas: behind.join("、"),
                body: t.a1("study-remind-body", "quotas", behind.join("、")),
                // Without an account the inbox goes unread: a text message instead.
                sms_to: person
                    .filter(|p| p.username.is_none())
                    .and_then(|p| p.phone.clone()),
            }
        })
        .collect();
    state
        .store
        .remind_study(actor, org.id, &t.t("study-remind-title"), &people, "/study")
        .await?;
    Ok(people.len())
}
