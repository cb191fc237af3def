//! Progress circulars, for the pages, the API and the periodic job alike:
//! the figures of a period drawn from the dashboard and the overdue list,
//! a text composed from them in the reader's language (the job writes
//! zh-CN), the office's edit and publication, and who may read them.

use crate::http::context::Ctx;
use crate::http::error::AppError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use crate::plan::rules::plan_of;
use crate::supervision::dashboard::{INDICATORS, dashboard, sort};
use crate::supervision::overdue::overdue;
use crate::supervision::rules::{is_office, may_supervise};
use domain::date::Day;
use domain::plan::{Period, SupervisionRules};
use domain::study::{Span, period_of};
use std::fmt::Write;
use store::organisation::Organisation;
use store::supervision::{Circular, CircularFigures, CircularStatus, Figure, OverdueLine};

pub const MAX_TITLE: usize = 100;
pub const MAX_BODY: usize = 20_000;
/// Branches named ahead and behind, and overdue items listed.
const NAMED: usize = 3;
const OVERDUE_LISTED: usize = 20;

/// The period of `kind` before the one holding `day`.
pub fn previous(kind: Period, day: Day) -> Span {
    period_of(kind, period_of(kind, day).first.add_days(-1))
}

/// The plan's circular period for an organisation.
pub async fn period_kind(state: &AppState, org: &Organisation) -> Result<Period, AppError> {
    let plan = plan_of(&state.store, org).await?;
    Ok(SupervisionRules::circulars(plan.supervision.as_ref()))
}

/// The figures a circular of `org` for `period` reports, as of now.
pub async fn figures(
    state: &AppState,
    t: &Tr<'_>,
    org: &Organisation,
    period: Span,
) -> Result<CircularFigures, AppError> {
    let mut board = dashboard(state, org).await?;
    let items = overdue(state, org, &board, &t.t("overdue-review-missing")).await?;
    sort(&mut board.lines, "", false);
    let average = |figures: &[Option<f64>]| {
        let v: Vec<f64> = figures.iter().flatten().copied().collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    let mut ranked: Vec<Figure> = board
        .lines
        .iter()
        .map(|l| Figure {
            name: l.org_name.clone(),
            percent: average(&l.figures),
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.percent
            .unwrap_or(-1.0)
            .total_cmp(&a.percent.unwrap_or(-1.0))
            .then(a.name.cmp(&b.name))
    });
    let indicators = INDICATORS
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let column: Vec<Option<f64>> = board.lines.iter().map(|l| l.figures[i]).collect();
            Figure {
                name: t.t(&format!("indicator-{k}")),
                percent: average(&column),
            }
        })
        .collect();
    let (mut highlights, findings) = state
        .store
        .highlights_within(org, period.first, period.last)
        .await?;
    for h in state.store.honour_roll(&org.path).await? {
        if h.decided_on >= period.first && h.decided_on <= period.last {
            highlights.push(format!("{} · {}", h.name, h.title));
        }
    }
    // As many ahead as behind, never the same branch in both.
    let named = NAMED.min(ranked.len() / 2);
    let laggards = ranked.iter().rev().take(named).cloned().collect();
    Ok(CircularFigures {
        branches: board.lines.len(),
        indicators,
        leaders: ranked.iter().take(named).cloned().collect(),
        laggards,
        overdue_count: items.len(),
        overdue: items
            .iter()
            .take(OVERDUE_LISTED)
            .map(|i| OverdueLine {
                kind: t.e("overdue-kind", &i.kind),
                title: i.title.clone(),
                org_name: i.org_name.clone(),
                owner: i.owner.clone(),
                days: i.days,
            })
            .collect(),
        highlights,
        findings: findings
            .into_iter()
            .map(|(item, f)| (item, t.t(&format!("finding-{f}"))))
            .collect(),
    })
}

fn percent(p: Option<f64>) -> String {
    p.map_or("—".into(), |v| format!("{v:.0}%"))
}

fn names(list: &[Figure]) -> String {
    list.iter()
        .map(|f| format!("{}（{}）", f.name, percent(f.percent)))
        .collect::<Vec<_>>()
        .join("、")
}

/// The title and text of a circular, composed from its figures.
pub fn compose(
    t: &Tr<'_>,
    org: &Organisation,
    period: Span,
    f: &CircularFigures,
) -> (String, String) {
    let span = format!("{} – {}", t.date(period.first), t.date(period.last));
    let title = t.a1("circular-title-draft", "org", &org.name);
    let mut body = String::new();
    let _ = writeln!(
        body,
        "{}",
        t.a2("circular-opening", "period", &span, "branches", f.branches)
    );
    let overall: Vec<String> = f
        .indicators
        .iter()
        .filter(|i| i.percent.is_some())
        .map(|i| format!("{} {}", i.name, percent(i.percent)))
        .collect();
    let _ = writeln!(body, "\n{}{}", t.t("circular-overall"), overall.join("，"));
    if !f.leaders.is_empty() {
        let _ = writeln!(body, "\n{}{}", t.t("circular-leaders"), names(&f.leaders));
        let _ = writeln!(body, "{}{}", t.t("circular-laggards"), names(&f.laggards));
    }
    let _ = writeln!(
        body,
        "\n{}",
        t.a1("circular-overdue", "count", f.overdue_count)
    );
    for o in &f.overdue {
        let _ = writeln!(
            body,
            "  · {}：{}（{}，{}，{}）",
            o.kind,
            o.title,
            o.org_name,
            o.owner,
            t.a1("circular-days", "days", o.days)
        );
    }
    if !f.highlights.is_empty() {
        let _ = writeln!(body, "\n{}", t.t("circular-highlights"));
        for h in &f.highlights {
            let _ = writeln!(body, "  · {h}");
        }
    }
    if !f.findings.is_empty() {
        let _ = writeln!(body, "\n{}", t.t("circular-findings"));
        for (item, finding) in &f.findings {
            let _ = writeln!(body, "  · {item}：{finding}");
        }
    }
    let _ = writeln!(body, "\n{}", t.t("circular-closing"));
    (title, body)
}

/// Drafts `org`'s circular for `period`; a second for the period is refused.
pub async fn draft(
    state: &AppState,
    t: &Tr<'_>,
    actor: &str,
    org: &Organisation,
    period: Span,
) -> Result<i64, AppError> {
    let f = figures(state, t, org, period).await?;
    let (title, body) = compose(t, org, period, &f);
    Ok(state
        .store
        .draft_circular(
            actor,
            org.id,
            (period.first, period.last),
            &title,
            &body,
            &f,
        )
        .await?)
}

/// Drafts the circular of the period holding `first` (a day as typed).
pub async fn draft_for(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    first: &str,
) -> Result<i64, AppError> {
    if !is_office(ctx, org) {
        return Err(ctx.refused());
    }
    let day = Day::parse_iso(first.trim()).ok_or(AppError::invalid("period", "error-bad-date"))?;
    let today = crate::http::clock::today(state.config.utc_offset);
    if day > today {
        return Err(AppError::invalid("period", "circular-error-future"));
    }
    let kind = period_kind(state, org).await?;
    let period = domain::study::period_of(kind, day);
    let t = ctx.tr(&state.i18n);
    draft(state, &t, &ctx.user()?.username, org, period).await
}

/// The periodic job: for each organisation above branches, the circular of
/// the period just ended at its plan's frequency, in zh-CN. Returns how many
/// were drafted. Several servers may run it: the period's unique draft keeps
/// one.
pub async fn draft_due(state: &AppState, today: Day) -> Result<usize, AppError> {
    let t = Tr {
        i18n: &state.i18n,
        locale: crate::http::i18n::Locale::ZhCn,
    };
    let mut drafted = 0;
    for kind in [
        Period::Week,
        Period::Month,
        Period::Quarter,
        Period::HalfYear,
        Period::Year,
    ] {
        let period = previous(kind, today);
        for org in state.store.circulars_due(period.first).await? {
            let Ok(plan) = plan_of(&state.store, &org).await else {
                continue;
            };
            let in_campaign = plan
                .span()
                .is_some_and(|(first, last)| period.last >= first && period.first <= last);
            if SupervisionRules::circulars(plan.supervision.as_ref()) != kind || !in_campaign {
                continue;
            }
            match draft(state, &t, "system", &org, period).await {
                Ok(_) => drafted += 1,
                Err(AppError::Refused(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(drafted)
}

/// Who reads a circular: its supervisors always; once published, anyone
/// holding a role within the organisation's subtree.
pub fn may_read(ctx: &Ctx, org: &Organisation, c: &Circular) -> bool {
    may_supervise(ctx, org)
        || (c.status == CircularStatus::Published
            && ctx
                .account
                .as_ref()
                .is_some_and(|a| a.grants.iter().any(|g| g.org_path.is_within(&org.path))))
}

/// The office edits a draft.
pub async fn edit(
    state: &AppState,
    ctx: &Ctx,
    c: &Circular,
    title: &str,
    body: &str,
) -> Result<(), AppError> {
    let org = state.store.organisation(c.org_id).await?;
    if !is_office(ctx, &org) {
        return Err(ctx.refused());
    }
    let (title, body) = (title.trim(), body.trim());
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        return Err(AppError::invalid("title", "circular-error-title"));
    }
    if body.is_empty() || body.chars().count() > MAX_BODY {
        return Err(AppError::invalid("body", "circular-error-body"));
    }
    let actor = &ctx.user()?.username;
    Ok(state.store.edit_circular(actor, c.id, title, body).await?)
}

/// The office numbers and publishes a draft.
pub async fn publish(state: &AppState, ctx: &Ctx, c: &Circular) -> Result<i64, AppError> {
    let org = state.store.organisation(c.org_id).await?;
    if !is_office(ctx, &org) {
        return Err(ctx.refused());
    }
    let actor = &ctx.user()?.username;
    Ok(state.store.publish_circular(actor, c, &org).await?)
}
