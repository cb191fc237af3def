//! A phase of records for every area of a generated campaign: commitments
//! with their progress, leaders' reviews, closed rounds with their figures and
//! study standings here, then the programmes' records (`programmes`); each
//! step draws from the same generator in the same order.

use super::people::Tree;
use super::{Lcg, Steps};
use domain::date::Day;
use domain::evaluation::{RoundCriterion, RoundDraft, RoundKind, default_scale};
use domain::plan::{Phase, Plan};
use domain::study::{Span, due_before};
use store::Store;
use store::bulk::{Bulk, Cell};
use store::evaluation::NewTarget;
use time::OffsetDateTime;

pub struct Context<'a> {
    pub store: &'a Store,
    pub tree: &'a Tree,
    pub people: &'a [(i64, i64)],
    pub plan: &'a Plan,
    pub phase: &'a Phase,
    pub today: Day,
    pub reviewer_account: i64,
}

/// Loads every area's records.
pub async fn load(
    c: &Context<'_>,
    bulk: &mut Bulk,
    rng: &mut Lcg,
    steps: &Steps,
) -> anyhow::Result<()> {
    let now = store::now_text();
    let (people, branches) = (c.people, &c.tree.branches);
    let sample = &branches[branches.len() / 2];
    let bar = steps.bar("commitments", (people.len() + branches.len()) as u64);
    let phase = c.phase.key.as_str();
    // Every member's and every branch's own: 3–12 and 5–9 weights, 0–100 % done.
    let owners = people
        .iter()
        .map(|&(person, org)| (org, Some(person), 3, 10))
        .chain(branches.iter().map(|b| (b.id, None, 5, 5)));
    let rows = owners.map(|(org, person, least, spread)| {
        let w = least + rng.next(spread) as i64;
        commitment(org, person, phase, w, w * rng.next(101) as i64, &now)
    });
    bar.inc(bulk.load("commitments", COMMITMENT_COLUMNS, rows).await?);
    bar.finish();

    // Reviews: each branch's own, and the middle branch's members.
    let grades = [("好", 100), ("较好", 85), ("一般", 70), ("差", 40)];
    let mut rows = Vec::new();
    let sample_members: Vec<i64> = people
        .iter()
        .filter(|(_, o)| *o == sample.id)
        .map(|(p, _)| *p)
        .collect();
    let reviewed = branches
        .iter()
        .map(|b| (b.id, None))
        .chain(sample_members.iter().map(|p| (sample.id, Some(*p))));
    for (org, person) in reviewed {
        let (grade, score) = grades[rng.next(4) as usize];
        rows.push([
            Cell::Int(c.reviewer_account),
            "省委领导".into(),
            org.into(),
            person.into(),
            "工作扎实".into(),
            "[]".into(),
            "继续努力".into(),
            "[]".into(),
            grade.into(),
            Cell::Int(score),
            now.as_str().into(),
        ]);
    }
    bulk.load(
        "reviews",
        [
            "reviewer_account_id",
            "reviewer_name",
            "org_id",
            "person_id",
            "affirmed",
            "problems",
            "direction",
            "criteria",
            "grade",
            "grade_score",
            "created_at",
        ],
        rows,
    )
    .await?;

    // Evaluation: the province's round of its branches, the middle branch's
    // of its members, both closed with their figures.
    let targets: Vec<NewTarget> = branches
        .iter()
        .map(|br| NewTarget {
            org_id: Some(br.id),
            person_id: None,
            name: br.name.clone(),
        })
        .collect();
    let round = c
        .store
        .create_round(
            "gen",
            c.tree.root.id,
            &round_draft(RoundKind::Branches, phase),
            &targets,
        )
        .await?;
    let member_targets: Vec<NewTarget> = sample_members
        .iter()
        .map(|p| NewTarget {
            org_id: None,
            person_id: Some(*p),
            name: format!("党员{p}"),
        })
        .collect();
    let branch_round = c
        .store
        .create_round(
            "gen",
            sample.id,
            &round_draft(RoundKind::Members, phase),
            &member_targets,
        )
        .await?;
    for r in [round, branch_round] {
        closed_round(c.store, r, rng).await?;
    }

    standings(c, bulk, rng, steps).await?;
    super::programmes::load(c, bulk, rng, &now).await?;
    Ok(())
}

const COMMITMENT_COLUMNS: [&str; 10] = [
    "org_id",
    "person_id",
    "phase_key",
    "owner_key",
    "status",
    "draft",
    "approved",
    "weight_total",
    "weighted_done",
    "updated_at",
];

/// An approved commitment with its roll-up kept.
fn commitment<'a>(
    org: i64,
    person: Option<i64>,
    phase: &'a str,
    weights: i64,
    done: i64,
    now: &'a str,
) -> [Cell<'a>; 10] {
    let owner = match person {
        Some(p) => format!("p{p}:{phase}"),
        None => format!("o{org}:{phase}"),
    };
    [
        org.into(),
        person.into(),
        phase.into(),
        owner.into(),
        "approved".into(),
        "[]".into(),
        "[]".into(),
        weights.into(),
        done.into(),
        now.into(),
    ]
}

/// A round of `kind` in `phase_key` that closed yesterday.
pub fn round_draft(kind: RoundKind, phase_key: &str) -> RoundDraft {
    let now = OffsetDateTime::now_utc();
    RoundDraft {
        title: "群众评议".into(),
        kind,
        standard_key: "five_goods".into(),
        standard_name: "五个好".into(),
        criteria: vec![RoundCriterion {
            key: "c".into(),
            name: "总体".into(),
            text: String::new(),
        }],
        scale: default_scale(["好", "较好", "一般", "差"].map(String::from)),
        opens_at: now - time::Duration::days(2),
        closes_at: now - time::Duration::days(1),
        min_ballots: 5,
        phase_key: phase_key.to_string(),
    }
}

/// Each target's figures of `round`, closed: 20–99 marks, half or more good.
async fn closed_round(store: &Store, round: i64, rng: &mut Lcg) -> anyhow::Result<()> {
    let figures: Vec<(i64, i64, i64, i64)> = store
        .round_targets(round)
        .await?
        .iter()
        .map(|t| {
            let marks = 20 + rng.next(80) as i64;
            let good = marks * (50 + rng.next(51) as i64) / 100;
            (t.id, marks, good, good * 100 + (marks - good) * 60)
        })
        .collect();
    store.bench_figures(round, &figures).await?;
    Ok(())
}

/// Every member's standing on every quota, at most what is due by today.
async fn standings(
    c: &Context<'_>,
    bulk: &mut Bulk,
    rng: &mut Lcg,
    steps: &Steps,
) -> anyhow::Result<()> {
    let covered = Span::new(c.phase.starts_on, c.phase.ends_on);
    let due: Vec<(&str, u64)> = c
        .plan
        .quotas
        .iter()
        .map(|q| {
            let d = due_before(q.period, q.target, covered, c.today);
            (q.key.as_str(), u64::from(d) + 1)
        })
        .collect();
    let bar = steps.bar("study", (c.people.len() * due.len()) as u64);
    // Made as they are sent: a province's rows would not fit in memory at once.
    let rows = c.people.iter().flat_map(|&(person, _)| {
        due.iter()
            .map(|&(key, d)| {
                [
                    Cell::Int(person),
                    key.into(),
                    Cell::Int(rng.next(d) as i64),
                    Cell::Null,
                ]
            })
            .collect::<Vec<_>>()
    });
    let loaded = bulk
        .load(
            "study_standing",
            ["person_id", "quota_key", "met_periods", "latest_met"],
            rows,
        )
        .await?;
    bar.inc(loaded);
    bar.finish();
    Ok(())
}
