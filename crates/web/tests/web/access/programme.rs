//! The ids the programme and supervision routes are asked with: each side's
//! activity with its photo; the member's task and one of another branch,
//! each handed in with a file; the demo's drawn spot check with a pending
//! item and a finding's photo, and the same made in another tree by its own
//! office.

use crate::support::TestApp;
use domain::date::Day;
use domain::programme::{TaskStatus, TaskStep};
use domain::secret::digest;
use domain::supervision::{ALGORITHM, SeedKind, draw, population_hash};
use store::commitment::EvidenceFile;
use store::organisation::Organisation;
use store::programme::{NewTask, TaskStepInput};
use store::supervision::{Finding, FindingInput, NewSpotCheck, PopulationKind};

fn file() -> EvidenceFile {
    EvidenceFile {
        filename: "照片.png".into(),
        content_type: "image/png".into(),
        body: b"\x89PNG\r\n\x1a\n fixture".to_vec(),
    }
}

/// A task handed in with a file; its id and the file's.
async fn handed_in(app: &TestApp, t: NewTask) -> (String, String) {
    let store = &app.db.store;
    let id = store.add_tasks("test", &[t]).await.unwrap()[0];
    let task = store.task(id).await.unwrap();
    let input = TaskStepInput {
        step: TaskStep::Submit,
        evidence: "已完成".into(),
        reason: String::new(),
        files: vec![file()],
    };
    store
        .step_task("test", &task, TaskStatus::Submitted, &input)
        .await
        .unwrap();
    let f = store.task(id).await.unwrap().files[0].0;
    (id.to_string(), f.to_string())
}

pub async fn ids(
    app: &TestApp,
    own_branch: &Organisation,
    other_branch: &Organisation,
    tree: &Organisation,
    member: i64,
    other_office: i64,
    today: Day,
) -> Vec<(&'static str, (String, String))> {
    let store = &app.db.store;
    let mut out = Vec::new();
    // Each side's done activity with its photo, from the demo.
    let mut activity = Vec::new();
    for b in [own_branch, other_branch] {
        let list = store.activities(b.id).await.unwrap();
        let mut found = None;
        for a in &list {
            let a = store.activity(a.id).await.unwrap();
            if let Some((f, _)) = a.files.first() {
                found = Some((a.id.to_string(), f.to_string()));
                break;
            }
        }
        activity.push(found.expect("a demo activity with a photo"));
    }
    out.push(("activity", (activity[0].0.clone(), activity[1].0.clone())));
    out.push((
        "activity_file",
        (activity[0].1.clone(), activity[1].1.clone()),
    ));
    let task = |issuer: i64, org: i64, person: Option<i64>| NewTask {
        issuer_org_id: issuer,
        org_id: org,
        assignee_person_id: person,
        assignee_org_id: person.is_none().then_some(org),
        programme_key: None,
        task_key: None,
        title: "检查材料".into(),
        text: String::new(),
        due_on: today.add_days(7),
    };
    let own = handed_in(app, task(own_branch.id, own_branch.id, Some(member))).await;
    let other = handed_in(app, task(app.demo.root.id, other_branch.id, None)).await;
    out.push(("task", (own.0, other.0)));
    out.push(("task_file", (own.1, other.1)));

    // The demo's drawn check: its pending item and a finding's photo.
    let own_check = store
        .spot_checks(app.demo.root.id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.seed.is_some())
        .unwrap();
    let samples = store.spot_check_samples(own_check.id).await.unwrap();
    let own_pending = samples
        .iter()
        .find(|s| s.finding == Finding::Pending)
        .unwrap();
    let own_photo = samples.iter().find_map(|s| s.files.first()).unwrap().0;
    // Another tree's check, drawn by its office, with a finding's photo.
    let population = store
        .spot_population(PopulationKind::StudyLedgers, tree, "")
        .await
        .unwrap();
    assert!(population.iter().any(|p| p.person_id == Some(other_office)));
    let list: Vec<String> = population.iter().map(|p| p.id.clone()).collect();
    let id = store
        .announce_spot_check(
            "otheroffice",
            &NewSpotCheck {
                org_id: tree.id,
                title: "抽查".into(),
                kind: PopulationKind::StudyLedgers,
                scope_org_id: tree.id,
                sample_size: 1,
                algorithm: ALGORITHM,
                population_hash: population_hash(&list).unwrap(),
                seed_kind: SeedKind::Commit,
                seed_source: String::new(),
                draw_on: today,
                seed_hash: Some(digest("s")),
            },
            &population,
        )
        .await
        .unwrap();
    let check = store.spot_check(id).await.unwrap();
    let sample = draw(&list, "s", 1).unwrap();
    let items: Vec<_> = population
        .iter()
        .filter(|p| sample.contains(&p.id))
        .cloned()
        .collect();
    store
        .record_draw("otheroffice", &check, "s", &items)
        .await
        .unwrap();
    let other_sample = store.spot_check_samples(id).await.unwrap().remove(0);
    store
        .record_finding(
            "otheroffice",
            &other_sample,
            "抽查",
            &FindingInput {
                finding: Finding::Passed,
                note: String::new(),
                rectify: None,
                files: vec![file()],
            },
        )
        .await
        .unwrap();
    let other_photo = store.spot_check_samples(id).await.unwrap()[0].files[0].0;
    out.push(("spot_check", (own_check.id.to_string(), id.to_string())));
    out.push((
        "spot_check_sample",
        (own_pending.id.to_string(), other_sample.id.to_string()),
    ));
    out.push((
        "spot_check_file",
        (own_photo.to_string(), other_photo.to_string()),
    ));
    // The demo's published circular, and one the other tree's office drafted.
    let own_circular = store.circulars(app.demo.root.id).await.unwrap()[0].id;
    let period = (today.add_days(-40), today.add_days(-10));
    let other_circular = store
        .draft_circular(
            "otheroffice",
            tree.id,
            period,
            "通报",
            "正文",
            &Default::default(),
        )
        .await
        .unwrap();
    out.push((
        "circular",
        (own_circular.to_string(), other_circular.to_string()),
    ));
    out
}
