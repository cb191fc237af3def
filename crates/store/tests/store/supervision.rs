//! Supervision: a spot check announced with its population fixed, drawn once,
//! its findings recorded once, a problem raising a rectification item; the
//! overdue list; the dashboard's figures against the records.

use crate::support::*;
use chuangxian_store::StoreError;
use chuangxian_store::person;
use chuangxian_store::programme::NewTask;
use chuangxian_store::supervision::{
    Finding, FindingInput, NewSpotCheck, OverdueKind, PopulationKind,
};
use chuangxian_store::testing::TestDb;
use domain::date::Day;
use domain::person::PoliticalStatus;
use domain::secret::digest;
use domain::study::Span;
use domain::supervision::{ALGORITHM, SeedKind, draw, population_hash};

on_both!(a_spot_check_is_drawn_once_and_a_problem_becomes_a_rectification,);

fn day(s: &str) -> Day {
    Day::parse_iso(s).unwrap()
}

async fn a_spot_check_is_drawn_once_and_a_problem_becomes_a_rectification(db: &TestDb) {
    let s = &db.store;
    let (root, branch, _) = tree(s).await;
    let mut tx = s.begin().await.unwrap();
    let mut people = Vec::new();
    for i in 0..8 {
        let mut d = draft(&format!("党员{i}"), None);
        d.status = Some(PoliticalStatus::Full);
        people.push(
            person::insert(&mut tx, branch.id, None, &d, false)
                .await
                .unwrap(),
        );
    }
    tx.commit().await.unwrap();
    let tasks: Vec<NewTask> = people
        .iter()
        .map(|p| NewTask {
            issuer_org_id: root.id,
            org_id: branch.id,
            assignee_person_id: Some(*p),
            assignee_org_id: None,
            programme_key: None,
            task_key: None,
            title: "调研".into(),
            text: String::new(),
            due_on: day("2026-09-01"),
        })
        .collect();
    s.add_tasks("office", &tasks).await.unwrap();

    let population = s
        .spot_population(PopulationKind::StudyLedgers, &root, "")
        .await
        .unwrap();
    assert_eq!(population.len(), 8);
    let ids: Vec<String> = population.iter().map(|p| p.id.clone()).collect();
    let secret = "秘密-20260901";
    let id = s
        .announce_spot_check(
            "office",
            &NewSpotCheck {
                org_id: root.id,
                title: "学习台账抽查".into(),
                kind: PopulationKind::StudyLedgers,
                scope_org_id: root.id,
                sample_size: 3,
                algorithm: ALGORITHM,
                population_hash: population_hash(&ids).unwrap(),
                seed_kind: SeedKind::Commit,
                seed_source: String::new(),
                draw_on: day("2026-09-01"),
                seed_hash: Some(digest(secret)),
            },
            &population,
        )
        .await
        .unwrap();
    // The fixed population reads back whole, whatever was added since.
    let fixed = s.spot_check_population(id).await.unwrap();
    assert_eq!(fixed.len(), 8);
    let check = s.spot_check(id).await.unwrap();
    let sample_ids = draw(&ids, secret, 3).unwrap();
    let sample: Vec<_> = sample_ids
        .iter()
        .map(|i| fixed.iter().find(|p| &p.id == i).unwrap().clone())
        .collect();
    s.record_draw("office", &check, secret, &sample)
        .await
        .unwrap();
    let again = s.record_draw("office", &check, secret, &sample).await;
    assert!(matches!(
        again,
        Err(StoreError::Conflict("spot-check-error-drawn"))
    ));
    let samples = s.spot_check_samples(id).await.unwrap();
    assert_eq!(
        samples
            .iter()
            .map(|x| x.item_id.clone())
            .collect::<Vec<_>>(),
        sample_ids
    );
    let owner = samples[0].person_id.unwrap();
    let raised = s
        .record_finding(
            "inspector",
            &samples[0],
            &check.title,
            &FindingInput {
                finding: Finding::Problem,
                note: "学习笔记不全".into(),
                rectify: Some((owner, day("2026-09-30"))),
                files: vec![],
            },
        )
        .await
        .unwrap()
        .unwrap();
    let item = s.rectification(raised).await.unwrap();
    assert_eq!((item.owner_person_id, item.org_id), (owner, branch.id));
    assert!(item.problem.contains("学习笔记不全"));
    let twice = s
        .record_finding(
            "inspector",
            &samples[0],
            &check.title,
            &FindingInput {
                finding: Finding::Passed,
                note: String::new(),
                rectify: None,
                files: vec![],
            },
        )
        .await;
    assert!(matches!(
        twice,
        Err(StoreError::Conflict("finding-error-recorded"))
    ));

    // Overdue on 2026-10-05: the eight tasks (34 days) and the item (5 days).
    let overdue = s
        .overdue_within(&root, day("2026-10-05"), &[], 100)
        .await
        .unwrap();
    assert_eq!(overdue.len(), 9);
    assert_eq!(overdue[0].days, 34);
    let last = overdue.last().unwrap();
    assert_eq!((last.kind, last.days), (OverdueKind::Rectification, 5));
    assert_eq!(
        s.overdue_count_within(&root, day("2026-10-05"))
            .await
            .unwrap(),
        9
    );

    // The dashboard's counts for the branch.
    let span = Span {
        first: day("2026-01-01"),
        last: day("2026-12-31"),
    };
    let figures = s
        .branch_figures(&root, "phase1", span, "2026-10-05")
        .await
        .unwrap();
    let f = &figures[&branch.id];
    assert_eq!(f.members, 8);
    assert_eq!((f.rectifications_open, f.rectifications_overdue), (1, 1));
}
