//! Where one person stands: each quota against its target (ended periods met,
//! the running period), the plan's tasks with deadlines, their reading by day
//! and their records. "My study", the ledger and the API read it.

use crate::http::chart::reading_calendar;
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::study::rules::{campaign_span, quotas_for, scope_for};
use domain::date::Day;
use domain::plan::{Plan, QuotaUnit};
use domain::study::{Span, amounts_by_period, record_kind, standing};
use std::collections::HashMap;
use store::person::Person;
use store::study::Record;
use time::Duration;

/// One quota on "my progress".
pub struct QuotaProgress {
    pub key: String,
    pub name: String,
    pub unit: QuotaUnit,
    pub period: domain::plan::Period,
    pub target: u32,
    /// The running period: its days, done so far, and its (prorated) target.
    pub running: Option<(Span, u64, u32)>,
    pub due: u32,
    pub met: u32,
}

impl QuotaProgress {
    pub fn percent(&self) -> Option<u32> {
        domain::study::percent(self.met as u64, self.due as u64)
    }

    /// How full the running period is, 0 to 100, for the bar.
    pub fn running_percent(&self) -> u32 {
        self.running.map_or(0, |(_, done, target)| {
            ((done * 100) / target.max(1) as u64).min(100) as u32
        })
    }
}

/// A task with a deadline from the plan (e.g. one article by the end of August).
pub struct TaskProgress {
    pub name: String,
    pub due_on: Day,
    pub count: u32,
    pub done: u32,
    pub late: u32,
}

/// Everything "my study" and the ledger show about one person.
pub struct StudyView {
    pub person: Person,
    pub today: Day,
    pub campaign: Span,
    pub progress: Vec<QuotaProgress>,
    pub tasks: Vec<TaskProgress>,
    pub reading: HashMap<Day, u32>,
    pub total_minutes: u64,
    pub records: Vec<Record>,
}

impl StudyView {
    pub async fn load(
        state: &AppState,
        person: Person,
        plan: &Plan,
    ) -> Result<StudyView, AppError> {
        let offset = state.config.utc_offset;
        let scope = scope_for(plan, &person, offset)?;
        let campaign = campaign_span(plan)?;
        let today = crate::http::clock::today(offset);
        let days = state.store.reading(person.id, campaign).await?;
        let records = state.store.records(person.id).await?;
        let progress = quotas_for(plan, person.status)
            .into_iter()
            .map(|q| {
                let entries: Vec<(Day, u64)> = match record_kind(q.unit) {
                    None => days.iter().map(|(d, m)| (*d, *m as u64)).collect(),
                    Some(kind) => records
                        .iter()
                        .filter(|r| r.kind == kind)
                        .map(|r| (r.day, 1))
                        .collect(),
                };
                let s = standing(
                    q.period,
                    q.target,
                    scope.covered,
                    today,
                    &amounts_by_period(q.period, entries),
                );
                QuotaProgress {
                    key: q.key.clone(),
                    name: q.name.clone(),
                    unit: q.unit,
                    period: q.period,
                    target: q.target,
                    running: s.current,
                    due: s.due,
                    met: s.met,
                }
            })
            .collect();
        let tasks = plan
            .programmes
            .iter()
            .flat_map(|p| &p.tasks)
            .filter(|t| domain::study::covers(t.covers, person.status))
            .filter_map(|t| {
                let kind = record_kind(t.unit?)?;
                let mine = records.iter().filter(|r| r.kind == kind);
                Some(TaskProgress {
                    name: t.name.clone(),
                    due_on: t.due_on,
                    count: t.count,
                    done: mine.clone().filter(|r| r.day <= t.due_on).count() as u32,
                    late: mine.filter(|r| r.day > t.due_on).count() as u32,
                })
            })
            .collect();
        Ok(StudyView {
            total_minutes: days.iter().map(|(_, m)| *m as u64).sum(),
            reading: days.into_iter().collect(),
            person,
            today,
            campaign,
            progress,
            tasks,
            records,
        })
    }

    /// The reading calendar: the last year of the campaign up to today.
    pub fn calendar(&self, title: &str) -> String {
        let last = self.today.min(self.campaign.last);
        let first = self.campaign.first.max(Day(last.0 - Duration::days(364)));
        if first > last {
            return String::new();
        }
        reading_calendar(title, first, last, &self.reading)
    }

    pub fn minutes_on(&self, day: &Day) -> u32 {
        self.reading.get(day).copied().unwrap_or(0)
    }
}
