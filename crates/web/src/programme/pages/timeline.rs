//! The timeline of an organisation's programmes (SVG, prints on A4): the
//! activities of each phase with their dates, the phase's time nodes
//! (建党90周年 …) and the plan's task deadlines; signed in, and on the
//! public portal.

use crate::http::chart::{Span, timeline};
use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::extract::ReadOrg;
use crate::http::i18n::Tr;
use crate::http::page::{Base, base, html};
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use store::organisation::Organisation;

/// One phase's chart.
pub struct PhaseLine {
    pub name: String,
    pub svg: String,
    /// Activities the plan gives no dates for, listed under the chart.
    pub undated: Vec<String>,
}

#[derive(Template)]
#[template(path = "programme/timeline.html")]
struct TimelinePage<'a> {
    t: Tr<'a>,
    base: Base,
    org: Organisation,
    phases: Vec<PhaseLine>,
    /// Read on the public portal: its crumbs lead back there.
    public: bool,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    ReadOrg(org): ReadOrg,
) -> Result<Response, AppError> {
    page(state, ctx, org, false).await
}

/// The same on the organisation's public portal, for anyone.
pub async fn public(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = state.store.organisation(id).await?;
    page(state, ctx, org, true).await
}

async fn page(
    state: AppState,
    ctx: Ctx,
    org: Organisation,
    public: bool,
) -> Result<Response, AppError> {
    let plan = plan_of(&state.store, &org).await?;
    let records = state.store.activities(org.id).await?;
    let t = ctx.tr(&state.i18n);
    let mut phases = Vec::new();
    for ph in &plan.phases {
        let mut spans = Vec::new();
        let mut undated = Vec::new();
        let in_phase = plan
            .programmes
            .iter()
            .flat_map(|p| p.activities.iter())
            .filter(|a| a.phase == ph.key)
            .map(|a| {
                // The branch's own dates, where it recorded them, else the plan's.
                let rec = records
                    .iter()
                    .find(|r| r.activity_key.as_deref() == Some(&a.key));
                let first = rec.and_then(|r| r.starts_on).or(a.starts_on);
                let last = rec.and_then(|r| r.ends_on).or(a.ends_on);
                (a.name.clone(), first, last)
            })
            .chain(
                records
                    .iter()
                    .filter(|r| r.activity_key.is_none() && r.phase_key == ph.key)
                    .map(|r| (r.name.clone(), r.starts_on, r.ends_on)),
            );
        for (label, first, last) in in_phase {
            match (first, last) {
                (Some(f), Some(l)) => spans.push(Span {
                    label,
                    first: f,
                    last: l,
                }),
                (Some(d), None) | (None, Some(d)) => spans.push(Span {
                    label,
                    first: d,
                    last: d,
                }),
                (None, None) => undated.push(label),
            }
        }
        let mut marks: Vec<(String, domain::date::Day, bool)> = ph
            .time_nodes
            .iter()
            .map(|n| (n.name.clone(), n.on, true))
            .collect();
        for task in plan.programmes.iter().flat_map(|p| p.tasks.iter()) {
            if task.due_on >= ph.starts_on && task.due_on <= ph.ends_on {
                marks.push((
                    t.a1("timeline-deadline", "task", &task.name),
                    task.due_on,
                    false,
                ));
            }
        }
        spans.sort_by_key(|s| s.first);
        phases.push(PhaseLine {
            name: ph.name.clone(),
            svg: timeline(&ph.name, ph.starts_on, ph.ends_on, &spans, &marks),
            undated,
        });
    }
    html(&TimelinePage {
        base: base(
            &state,
            &ctx,
            t.a1("timeline-title", "org", &org.name),
            &if public {
                format!("/p/{}/timeline", org.id)
            } else {
                format!("/organisations/{}/timeline", org.id)
            },
        )
        .await,
        t,
        org,
        phases,
        public,
    })
}
