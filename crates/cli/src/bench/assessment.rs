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

use super::median;
use super::report::Figure;
use crate::generate::{Scale, generate};
use anyhow::Context;
use domain::date::Day;
use domain::study::{Span, due_before};
use std::time::Instant;
use store::assessment::{Basis, SubjectKind};
use store::testing::TestDb;
use time::Duration;

#[derive(clap::Args)]
pub struct AssessmentBench {
    #[arg(long, value_enum, default_value = "province")]
    scale: Scale,
    /// Timed runs of each; the median is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

pub async fn assessment(b: AssessmentBench) -> anyhow::Result<Vec<Figure>> {
    let db = TestDb::postgres()
        .await
        .context("PostgreSQL at CX_TEST_POSTGRES")?;
    let result = run(&b, &db).await;
    db.drop_db().await;
    result
}

async fn run(b: &AssessmentBench, db: &TestDb) -> anyhow::Result<Vec<Figure>> {
    let store = &db.store;
    let shape = b.scale.shape();
    println!(
        "assessment: {} branches × {} members on PostgreSQL, the source plan's indicators",
        shape.branches, shape.per_branch
    );
    let loading = Instant::now();
    let g = generate(store, &db.url, b.scale, 20_110_701, true).await?;
    println!(
        "generated {} members and their records in {:.1} s",
        g.people.len(),
        loading.elapsed().as_secs_f64()
    );
    let (root, plan, phase, today) = (&g.root, &g.plan, &g.phase, g.today);
    let sample = &g.sample_branch;
    let scheme = plan.assessment.clone().context("the plan's assessment")?;
    let asof = Day(phase.ends_on.0 + Duration::days(1)).min(today);
    let covered = Span::new(phase.starts_on, phase.ends_on);

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
            scores.len() == shape.per_branch,
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
            province.len() == shape.branches && plain.len() == shape.branches,
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
    Ok(vec![
        Figure::new(
            format!(
                "assessment of one branch's {} members, PostgreSQL",
                shape.per_branch
            ),
            format!("{ob:.1} ms"),
        )
        .goal("< 100 ms", ob < 100.0),
        Figure::new(
            format!("assessment of {} branches, PostgreSQL", shape.branches),
            format!("{op:.2} s"),
        )
        .against(format!("plain SQL aggregate {pp:.2} s"), op / pp)
        .goal("< 10 s and ≤ 2.0", op < 10.0 && op / pp <= 2.0),
    ])
}
