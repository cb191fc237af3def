//! The programmes: a task's flow checked from the status it was read in, the
//! reminders told once, and each branch's completion figures equal to a
//! recount from the records after random operations.

use crate::support::*;
use chuangxian_store::StoreError;
use chuangxian_store::organisation::Organisation;
use chuangxian_store::person;
use chuangxian_store::programme::{
    ActivityChange, NewActivity, NewTask, TaskFilter, TaskStepInput,
};
use chuangxian_store::testing::TestDb;
use domain::date::Day;
use domain::organisation::OrgKind;
use domain::programme::{ActivityStatus, TaskStatus, TaskStep, programme_completion};
use std::collections::HashMap;

on_both!(
    a_task_flows_through_its_checks_and_is_reminded_once,
    the_completion_figures_equal_a_recount_after_random_operations,
);

fn day(s: &str) -> Day {
    Day::parse_iso(s).unwrap()
}

fn task_for(issuer: i64, org: i64, person: i64, due: &str, programme: &str) -> NewTask {
    NewTask {
        issuer_org_id: issuer,
        org_id: org,
        assignee_person_id: Some(person),
        assignee_org_id: None,
        programme_key: Some(programme.into()),
        task_key: None,
        title: "调研文章".into(),
        text: "完成1篇调研文章".into(),
        due_on: day(due),
    }
}

fn step(step: TaskStep) -> TaskStepInput {
    TaskStepInput {
        step,
        evidence: "已完成，见附件".into(),
        reason: "材料不全".into(),
        files: vec![],
    }
}

async fn a_task_flows_through_its_checks_and_is_reminded_once(db: &TestDb) {
    let s = &db.store;
    let (branch, pid) = member(s).await;
    let ids = s
        .add_tasks(
            "secretary",
            &[task_for(branch.id, branch.id, pid, "2026-08-31", "quality")],
        )
        .await
        .unwrap();
    let id = ids[0];
    // A plan task is assigned to a person once.
    let mut plan_task = task_for(branch.id, branch.id, pid, "2026-08-31", "quality");
    plan_task.task_key = Some("research_article".into());
    assert_eq!(
        s.add_tasks("s", &[plan_task.clone()]).await.unwrap().len(),
        1
    );
    assert!(s.add_tasks("s", &[plan_task]).await.unwrap().is_empty());

    let t = s.task(id).await.unwrap();
    let to = TaskStep::Submit.from(t.status).unwrap();
    s.step_task("member", &t, to, &step(TaskStep::Submit))
        .await
        .unwrap();
    // A step from the status read before the submit is refused.
    let err = s.step_task("member", &t, to, &step(TaskStep::Submit)).await;
    assert!(matches!(err, Err(StoreError::Conflict("task-error-moved"))));
    let t = s.task(id).await.unwrap();
    assert_eq!(
        (t.status, t.evidence.as_str()),
        (TaskStatus::Submitted, "已完成，见附件")
    );
    s.step_task(
        "secretary",
        &t,
        TaskStatus::Returned,
        &step(TaskStep::SendBack),
    )
    .await
    .unwrap();
    let t = s.task(id).await.unwrap();
    assert_eq!(t.reason.as_deref(), Some("材料不全"));
    let t2 = s.task(id).await.unwrap();
    s.step_task(
        "member",
        &t2,
        TaskStatus::Submitted,
        &step(TaskStep::Submit),
    )
    .await
    .unwrap();
    let t3 = s.task(id).await.unwrap();
    s.step_task("secretary", &t3, TaskStatus::Done, &step(TaskStep::Accept))
        .await
        .unwrap();
    assert!(s.task(id).await.unwrap().done_at.is_some());

    // The plan task is open: reminded three days before, told once overdue.
    assert_eq!(
        s.tell_due_tasks(day("2026-08-20"), 3).await.unwrap(),
        (0, 0)
    );
    assert_eq!(
        s.tell_due_tasks(day("2026-08-29"), 3).await.unwrap(),
        (1, 0)
    );
    assert_eq!(
        s.tell_due_tasks(day("2026-08-30"), 3).await.unwrap(),
        (0, 0)
    );
    assert_eq!(
        s.tell_due_tasks(day("2026-09-01"), 3).await.unwrap(),
        (0, 1)
    );
    assert_eq!(
        s.tell_due_tasks(day("2026-09-02"), 3).await.unwrap(),
        (0, 0)
    );
    let overdue = s
        .tasks_within(
            &branch,
            TaskFilter {
                overdue_on: Some(day("2026-09-02")),
                ..Default::default()
            },
            100,
        )
        .await
        .unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(s.tasks_of_person(pid).await.unwrap().len(), 2);
}

/// A small generator, so that each seed gives the same operations on both databases.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

async fn the_completion_figures_equal_a_recount_after_random_operations(db: &TestDb) {
    let s = &db.store;
    let (root, first, _) = tree(s).await;
    let second = s
        .create_organisation("test", Some(&root), OrgKind::Branch, "第二支部")
        .await
        .unwrap();
    let branches: [&Organisation; 2] = [&first, &second];
    let mut people = Vec::new();
    let mut tx = s.begin().await.unwrap();
    for b in branches {
        people.push(
            person::insert(&mut tx, b.id, None, &draft("党员", None), false)
                .await
                .unwrap(),
        );
    }
    tx.commit().await.unwrap();
    let today = day("2026-09-15");
    for seed in 1..=6u64 {
        let mut g = Lcg(seed);
        for i in 0..12 {
            let b = g.below(2) as usize;
            let programme = ["quality", "publicity", "livelihood"][g.below(3) as usize];
            if g.below(2) == 0 {
                let target = (g.below(3) == 0).then(|| 1 + g.below(6) as u32);
                let id = s
                    .add_activity(
                        "s",
                        &NewActivity {
                            org_id: branches[b].id,
                            programme_key: programme.into(),
                            activity_key: None,
                            phase_key: "phase1".into(),
                            name: format!("活动{seed}-{i}"),
                            when_text: None,
                            starts_on: None,
                            ends_on: None,
                            times_target: target,
                            participants: String::new(),
                        },
                    )
                    .await
                    .unwrap();
                let status = ActivityStatus::ALL[g.below(4) as usize];
                s.change_activity(
                    "s",
                    id,
                    &ActivityChange {
                        status,
                        owner_person_id: None,
                        place: String::new(),
                        starts_on: None,
                        ends_on: None,
                        participants: String::new(),
                        participant_count: 10,
                        served_count: 0,
                        times_held: g.below(8) as i64,
                        outcome: String::new(),
                        commitment_id: None,
                        meeting_id: None,
                        files: vec![],
                    },
                )
                .await
                .unwrap();
            } else {
                let due = ["2026-09-01", "2026-10-01"][g.below(2) as usize];
                let id = s
                    .add_tasks(
                        "s",
                        &[task_for(root.id, branches[b].id, people[b], due, programme)],
                    )
                    .await
                    .unwrap()[0];
                for st in [TaskStep::Submit, TaskStep::Accept]
                    .iter()
                    .take(g.below(3) as usize)
                {
                    let t = s.task(id).await.unwrap();
                    s.step_task("s", &t, st.from(t.status).unwrap(), &step(*st))
                        .await
                        .unwrap();
                }
            }
        }
        // The recount: every record read one by one, through the domain's maths.
        let figures = s.programme_figures(&root, today).await.unwrap();
        for b in branches {
            let activities = s.activities(b.id).await.unwrap();
            let tasks = s
                .tasks_within(b, TaskFilter::default(), 10_000)
                .await
                .unwrap();
            let mut keys: Vec<String> =
                activities.iter().map(|a| a.programme_key.clone()).collect();
            keys.extend(
                tasks
                    .iter()
                    .filter(|t| t.org_id == b.id)
                    .filter_map(|t| t.programme_key.clone()),
            );
            keys.sort();
            keys.dedup();
            let mut found: HashMap<String, (f64, f64, i64)> = HashMap::new();
            for f in figures.iter().filter(|f| f.org_id == b.id) {
                let c = f.completion();
                found.insert(f.programme_key.clone(), (c.done, c.due, f.tasks_overdue));
            }
            assert_eq!(found.len(), keys.len(), "seed {seed}");
            for k in keys {
                let mine: Vec<_> = activities
                    .iter()
                    .filter(|a| a.programme_key == k && a.status != ActivityStatus::Cancelled)
                    .collect();
                let my_tasks: Vec<_> = tasks
                    .iter()
                    .filter(|t| t.org_id == b.id && t.programme_key.as_deref() == Some(&k))
                    .collect();
                let done = my_tasks
                    .iter()
                    .filter(|t| t.status == TaskStatus::Done)
                    .count() as u64;
                let overdue = my_tasks
                    .iter()
                    .filter(|t| t.status != TaskStatus::Done && t.due_on < today)
                    .count() as i64;
                let recount = programme_completion(
                    mine.iter().map(|a| {
                        (
                            a.status == ActivityStatus::Done,
                            a.times_held as u32,
                            a.times_target.map(|t| t as u32),
                        )
                    }),
                    done,
                    my_tasks.len() as u64,
                );
                let (d, due, o) = found[&k];
                assert!(
                    (d - recount.done).abs() < 1e-9,
                    "seed {seed} {k}: {d} vs {}",
                    recount.done
                );
                assert_eq!((due, o), (recount.due, overdue), "seed {seed} {k}");
            }
        }
    }
}
