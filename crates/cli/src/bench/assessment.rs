//! `chuangxian bench assessment`: a province on PostgreSQL (by default 50,000
//! branches under 10 cities and 100 counties, 60 members each: 3,000,000
//! members) with a phase of records for every indicator of the source plan:
//! an approved commitment each with its progress, a graded review of each
//! branch and of the sample branch's members, a province round's results
//! for every branch and a branch round's for the sample's members, and the
//! study standings of every member on every quota. Times the full recompute of
//! one branch's members and of all the province's branches, exactly as the
//! assessment page computes them, against one plain SQL aggregate of the same
//! weighted score in the same run, and checks that both give the same scores.

use super::load::{Lcg, closed_round, median, reviewer, round_draft, standings};
use anyhow::Context;
use domain::date::Day;
use domain::evaluation::RoundKind;
use domain::plan::parse_plan;
use domain::study::{Span, due_before};
use std::time::Instant;
use store::assessment::{Basis, SubjectKind};
use store::evaluation::NewTarget;
use store::testing::TestDb;
use time::Duration;

#[derive(clap::Args)]
pub struct AssessmentBench {
    #[arg(long, default_value_t = 50_000)]
    branches: usize,
    #[arg(long, default_value_t = 60)]
    per_branch: usize,
    /// Timed runs of each; the median is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

pub async fn assessment(b: AssessmentBench) -> anyhow::Result<std::process::ExitCode> {
    let db = TestDb::postgres()
        .await
        .context("PostgreSQL at CX_TEST_POSTGRES")?;
    let result = run(&b, &db).await;
    db.drop_db().await;
    result
}

async fn run(b: &AssessmentBench, db: &TestDb) -> anyhow::Result<std::process::ExitCode> {
    let store = &db.store;
    let today = web::http::clock::today(web::CHINA_STANDARD_TIME);
    // The source plan, moved so that today lies in its first phase.
    let source = web::demo::SOURCE_PLAN;
    let plan = parse_plan(source).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let shift = plan
        .years_to_reach(today)
        .context("no shift reaches today")?;
    let plan = plan.shifted_by_years(shift);
    let phase = plan.phases[0].clone();
    let scheme = plan.assessment.clone().context("the plan's assessment")?;
    println!(
        "assessment: {} branches × {} members on PostgreSQL, the source plan's {} indicators",
        b.branches,
        b.per_branch,
        scheme.indicators.len()
    );

    let loading = Instant::now();
    let (root, branches) = store.bench_province(10, 10, b.branches).await?;
    store
        .import_plan("bench", &root, source, &plan, shift)
        .await?;
    let added = phase.starts_on;
    let people = store
        .bench_people(&branches, b.per_branch, &format!("{added}T00:00:00Z"))
        .await?;
    let mut rng = Lcg(20_110_701);
    // Commitments: every member's and every branch's own, 3–5 items of weight 1–3.
    let mut commitments = Vec::with_capacity(people.len() + branches.len());
    for &(person, org) in &people {
        let w = 3 + rng.next(10) as i64;
        commitments.push((org, Some(person), w, w * rng.next(101) as i64));
    }
    for br in &branches {
        let w = 5 + rng.next(5) as i64;
        commitments.push((br.id, None, w, w * rng.next(101) as i64));
    }
    store.bench_commitments(&phase.key, &commitments).await?;
    // Reviews: each branch's own, and the sample branch's members.
    let sample = &branches[branches.len() / 2];
    let grades = [("好", 100), ("较好", 85), ("一般", 70), ("差", 40)];
    let (_, reviewer_account) = reviewer(store, &root).await?;
    let mut reviews = Vec::new();
    for br in &branches {
        let (g, s) = grades[rng.next(4) as usize];
        reviews.push((br.id, None, g, s));
    }
    for &(person, org) in people.iter().filter(|(_, o)| *o == sample.id) {
        let (g, s) = grades[rng.next(4) as usize];
        reviews.push((org, Some(person), g, s));
    }
    store.bench_reviews(reviewer_account, &reviews).await?;
    // Evaluation: the province's round of its branches, the sample's of its members.
    let draft = |kind| round_draft(kind, &phase.key);
    let targets: Vec<NewTarget> = branches
        .iter()
        .map(|br| NewTarget {
            org_id: Some(br.id),
            person_id: None,
            name: br.name.clone(),
        })
        .collect();
    let province_round = store
        .create_round("bench", root.id, &draft(RoundKind::Branches), &targets)
        .await?;
    let members: Vec<i64> = people
        .iter()
        .filter(|(_, o)| *o == sample.id)
        .map(|(p, _)| *p)
        .collect();
    let member_targets: Vec<NewTarget> = members
        .iter()
        .map(|p| NewTarget {
            org_id: None,
            person_id: Some(*p),
            name: format!("党员{p}"),
        })
        .collect();
    let branch_round = store
        .create_round(
            "bench",
            sample.id,
            &draft(RoundKind::Members),
            &member_targets,
        )
        .await?;
    for round in [province_round, branch_round] {
        closed_round(store, round, &mut rng).await?;
    }
    // Study: every member's standing on every quota, at most what is due.
    let asof = Day(phase.ends_on.0 + Duration::days(1)).min(today);
    let covered = Span::new(phase.starts_on.max(added), phase.ends_on);
    let standings = standings(store, &people, &plan.quotas, covered, asof, &mut rng).await?;
    store.bench_analyze().await?;
    println!(
        "loaded {} people, {} commitments, {} reviews, {} standings in {:.1} s",
        people.len(),
        commitments.len(),
        reviews.len(),
        standings,
        loading.elapsed().as_secs_f64()
    );

    let basis = Basis {
        scheme: scheme.clone(),
        phase: phase.clone(),
        quotas: plan.quotas.clone(),
    };
    let of_branch = store
        .open_assessment("bench", sample.id, SubjectKind::Member, &basis)
        .await?;
    let of_branch = store.assessment(of_branch).await?;
    let of_province = store
        .open_assessment("bench", root.id, SubjectKind::Organisation, &basis)
        .await?;
    let of_province = store.assessment(of_province).await?;
    let weights: Vec<i64> = ["commitment", "review", "evaluation", "study"]
        .iter()
        .map(|k| {
            scheme
                .indicators
                .iter()
                .find(|i| i.key == *k)
                .map_or(0, |i| i64::from(i.weight))
        })
        .collect();
    let due_total: i64 = plan
        .quotas
        .iter()
        .map(|q| i64::from(due_before(q.period, q.target, covered, asof)))
        .sum();
    let (mut ours_b, mut ours_p, mut plain_p) = (vec![], vec![], vec![]);
    for run in 0..=b.runs {
        let t = Instant::now();
        let scores = store.assessment_scores(&of_branch, today).await?;
        let branch_ms = t.elapsed().as_secs_f64() * 1000.0;
        anyhow::ensure!(
            scores.len() == b.per_branch,
            "{} members scored",
            scores.len()
        );
        let t = Instant::now();
        let province = store.assessment_scores(&of_province, today).await?;
        let province_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let plain = store
            .plain_assessment(
                &root.path,
                &phase.key,
                phase.starts_on,
                phase.ends_on.min(today),
                due_total,
                [weights[0], weights[1], weights[2], weights[3]],
            )
            .await?;
        let plain_s = t.elapsed().as_secs_f64();
        // Both give every branch the same score.
        anyhow::ensure!(
            province.len() == b.branches && plain.len() == b.branches,
            "{} and {} branches",
            province.len(),
            plain.len()
        );
        let ours: std::collections::HashMap<i64, f64> = province
            .iter()
            .map(|s| (s.subject_id, s.score.total))
            .collect();
        let worst = plain
            .iter()
            .map(|p| (ours[&p.branch_id] - p.score).abs())
            .fold(0.0, f64::max);
        anyhow::ensure!(worst < 0.011, "the scores differ by up to {worst}");
        if run > 0 {
            ours_b.push(branch_ms);
            ours_p.push(province_s);
            plain_p.push(plain_s);
        }
    }
    let (ob, op, pp) = (median(ours_b), median(ours_p), median(plain_p));
    println!("one branch's {} members: {ob:.1} ms", b.per_branch);
    println!(
        "the province's {} branches: {op:.2} s; one plain SQL aggregate: {pp:.2} s; ratio {:.2}",
        b.branches,
        op / pp
    );
    let ok = ob < 100.0 && op < 10.0 && op / pp <= 2.0;
    println!(
        "goal: a branch under 100 ms, the province under 10 s and within 2× the plain aggregate: {}",
        if ok { "met" } else { "NOT met" }
    );
    Ok(if ok {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    })
}
