//! `chuangxian bench study`: a city of 1,000 branches and 50,000 people with a
//! year of daily reading (about 18 million rows), books and reflections. Times
//! the branch compliance table and the city-wide summary exactly as the pages
//! compute them, against the same aggregate written as one plain SQL query over
//! the log, on SQLite or PostgreSQL, in the same run. Prints medians and ratios.

use super::report::Figure;
use super::{On, median};
use crate::generate::{Lcg, Scale, tree_with_members};
use anyhow::Context;
use domain::date::Day;
use domain::plan::parse_plan;
use domain::study::{RecordKind, Span, amounts_by_period, period_of, record_kind, standing};
use std::time::Instant;
use store::bulk::{Bulk, Cell};
use store::testing::TestDb;
use time::Duration;
use web::study::rules::covered;
use web::study::standing::{Grouping, branch_compliance, city_summary};

#[derive(clap::Args)]
pub struct StudyBench {
    #[arg(long, value_enum, default_value = "sqlite")]
    on: On,
    /// The tree and its people, as `chuangxian gen` makes them (a city: 1,000
    /// branches of 50).
    #[arg(long, value_enum, default_value = "city")]
    scale: Scale,
    /// Days of reading before today.
    #[arg(long, default_value_t = 365)]
    days: i64,
    /// Timed runs of each; the median is reported.
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

/// Rows generated before they are written, to keep memory flat.
const FLUSH: usize = 200_000;

pub async fn study(b: StudyBench) -> anyhow::Result<Vec<Figure>> {
    let db = b.on.fresh().await?;
    let result = run(&b, &db).await;
    db.drop_db().await;
    result
}

async fn run(b: &StudyBench, db: &TestDb) -> anyhow::Result<Vec<Figure>> {
    let store = &db.store;
    let config = web::Config::default();
    let today = web::http::clock::today(config.utc_offset);
    let start = Day(today.0 - Duration::days(b.days));
    // The source plan, moved so that its campaign holds the whole year.
    let source = web::demo::SOURCE_PLAN;
    let plan = parse_plan(source).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let (shift, plan) = (0..40)
        .map(|y| (y, plan.shifted_by_years(y)))
        .find(|(_, p)| p.span().is_some_and(|(a, z)| a <= start && today <= z))
        .context("no shift of the plan holds the year")?;
    let (first, last) = plan.span().context("plan has phases")?;
    let campaign = Span::new(first, last);
    let shape = b.scale.shape();
    println!(
        "study: {} branches × {} people, {} days of reading, on {}",
        shape.branches,
        shape.per_branch,
        b.days,
        b.on.name()
    );

    let loading = Instant::now();
    let (tree, people) = tree_with_members(store, &db.url, shape, start, 20_110_701).await?;
    let (root, branches) = (tree.root, tree.branches);
    store
        .import_plan("bench", &root, source, &plan, shift)
        .await?;
    let mut bulk = Bulk::open(store, &db.url).await?;
    let cover = covered(campaign, Some(start));
    let rules: Vec<_> = plan.quotas.iter().map(web::study::rules::rule).collect();
    let mut rng = Lcg(20_100_701);
    let (mut reading, mut records, mut standings) = (Vec::new(), Vec::new(), Vec::new());
    let mut rows = 0usize;
    for &(person, org) in &people {
        let mut mine: Vec<(Day, u64)> = Vec::with_capacity(b.days as usize);
        for d in 0..b.days {
            let day = Day(start.0 + Duration::days(d));
            let minutes = 20 + rng.next(100) as u32;
            reading.push((person, day, minutes));
            mine.push((day, minutes as u64));
        }
        let mut mine_records: Vec<(RecordKind, Day)> = Vec::new();
        let mut month = period_of(domain::plan::Period::Month, start).first;
        while month < today {
            let finished = Day(month.0 + Duration::days(14));
            if finished >= start && finished < today && rng.next(10) < 7 {
                mine_records.push((RecordKind::Book, finished));
            }
            if u8::from(month.0.month()) % 3 == 2
                && finished >= start
                && finished < today
                && rng.next(10) < 6
            {
                mine_records.push((RecordKind::Reflection, finished));
            }
            month = period_of(
                domain::plan::Period::Month,
                Day(month.0 + Duration::days(31)),
            )
            .first;
        }
        for rule in &rules {
            let entries: Vec<(Day, u64)> = match record_kind(rule.unit) {
                None => mine.clone(),
                Some(k) => mine_records
                    .iter()
                    .filter(|(kind, _)| *kind == k)
                    .map(|(_, d)| (*d, 1))
                    .collect(),
            };
            let s = standing(
                rule.period,
                rule.target,
                cover,
                today,
                &amounts_by_period(rule.period, entries),
            );
            standings.push((person, rule.key.clone(), s.met_all as i64, s.latest_met));
        }
        records.extend(mine_records.into_iter().map(|(k, d)| (person, org, k, d)));
        if reading.len() >= FLUSH {
            rows += load_reading(&mut bulk, &mut reading).await?;
        }
    }
    rows += load_reading(&mut bulk, &mut reading).await?;
    let now = store::now_text();
    let records_rows = records.iter().map(|(p, o, k, d)| {
        [
            Cell::Int(*p),
            Cell::Int(*o),
            k.as_str().into(),
            k.as_str().into(),
            d.to_string().into(),
            now.as_str().into(),
        ]
    });
    bulk.load(
        "study_records",
        ["person_id", "org_id", "kind", "title", "day", "created_at"],
        records_rows,
    )
    .await?;
    let standing_rows = standings.iter().map(|(p, key, met, latest)| {
        [
            Cell::Int(*p),
            key.as_str().into(),
            Cell::Int(*met),
            latest.map(|d| d.to_string()).into(),
        ]
    });
    bulk.load(
        "study_standing",
        ["person_id", "quota_key", "met_periods", "latest_met"],
        standing_rows,
    )
    .await?;
    store.bench_analyze().await?;
    println!(
        "loaded {rows} reading rows, {} records, {} standings in {:.1} s",
        records.len(),
        standings.len(),
        loading.elapsed().as_secs_f64()
    );

    let state = web::AppState::new(store.clone(), config);
    let branch = &branches[branches.len() / 2];
    let daily = plan
        .quotas
        .iter()
        .position(|q| q.key == "daily_reading")
        .context("the plan's daily reading quota")?;
    let minutes = plan.quotas[daily].target;
    let month_start = period_of(domain::plan::Period::Month, today).first;
    let (mut ours_b, mut plain_b, mut ours_c, mut plain_c) = (vec![], vec![], vec![], vec![]);
    for run in 0..=b.runs {
        let t = Instant::now();
        let table = branch_compliance(&state, branch)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let ours_branch = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let plain = store
            .plain_study(&branch.path, false, minutes, start, today, month_start)
            .await?;
        let plain_branch = t.elapsed().as_secs_f64() * 1000.0;
        // Both count the same days met.
        let ours_days: u64 = table
            .rows
            .iter()
            .filter_map(|r| r.cells[daily].as_ref())
            .map(|c| c.met as u64)
            .sum();
        let plain_days: i64 = plain.iter().map(|r| r.1).sum();
        anyhow::ensure!(
            ours_days as i64 == plain_days,
            "branch: {ours_days} days met, plain {plain_days}"
        );

        let t = Instant::now();
        let summary = city_summary(&state, &root, Grouping::Organisation)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let ours_city = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let plain = store
            .plain_study(&root.path, true, minutes, start, today, month_start)
            .await?;
        let plain_city = t.elapsed().as_secs_f64() * 1000.0;
        let plain_days: i64 = plain.iter().map(|r| r.1).sum();
        anyhow::ensure!(
            summary.total.cells[daily].1 as i64 == plain_days
                && summary.lines.len() == branches.len(),
            "city: {} days met, plain {plain_days}",
            summary.total.cells[daily].1
        );
        if run == 0 {
            continue; // warm-up
        }
        ours_b.push(ours_branch);
        plain_b.push(plain_branch);
        ours_c.push(ours_city);
        plain_c.push(plain_city);
    }
    let (ob, pb, oc, pc) = (
        median(ours_b),
        median(plain_b),
        median(ours_c),
        median(plain_c),
    );
    println!(
        "branch table ({} people): {ob:.1} ms; plain SQL over the log: {pb:.1} ms; ratio {:.2}",
        shape.per_branch,
        ob / pb
    );
    println!(
        "city summary ({} people): {oc:.1} ms; plain SQL over the log: {pc:.1} ms; ratio {:.2}",
        people.len(),
        oc / pc
    );
    let on = b.on.name();
    Ok(vec![
        Figure::new(
            format!(
                "study, a branch's table ({} people), {on}",
                shape.per_branch
            ),
            format!("{ob:.1} ms"),
        )
        .against(format!("plain SQL {pb:.1} ms"), ob / pb)
        .goal("< 200 ms", ob < 200.0),
        Figure::new(
            format!("study, the city summary ({} people), {on}", people.len()),
            format!("{oc:.1} ms"),
        )
        .against(format!("plain SQL {pc:.1} ms"), oc / pc)
        .goal("< 200 ms", oc < 200.0),
    ])
}

/// Writes the reading days gathered so far and empties them; how many.
async fn load_reading(
    bulk: &mut Bulk,
    reading: &mut Vec<(i64, Day, u32)>,
) -> anyhow::Result<usize> {
    let n = reading.len();
    let rows = reading
        .drain(..)
        .map(|(p, d, m)| [Cell::Int(p), d.to_string().into(), Cell::Int(i64::from(m))]);
    bulk.load("study_reading", ["person_id", "day", "minutes"], rows)
        .await?;
    Ok(n)
}
