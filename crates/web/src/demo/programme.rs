//! The demo's programmes, made as the secretaries, members and the office make
//! them: in every branch the plan's activities of each programme started,
//! some done with photos and counts, some running or planned; the 机关支部's
//! own 义诊 and a recurring volunteer service; the plan's research article
//! assigned to every member, handed in, accepted, one sent back; the office's
//! tasks to the branches, one of them overdue.

use super::photo::picture;
use domain::date::Day;
use domain::person::PoliticalStatus;
use domain::plan::Plan;
use domain::programme::{ActivityStatus, TaskStatus, TaskStep};
use store::commitment::EvidenceFile;
use store::organisation::Organisation;
use store::programme::{ActivityChange, NewActivity, NewTask, TaskStepInput};
use store::{Store, StoreError};

/// The hills of the demo's photos, one colour per branch.
const HILLS: [[u8; 3]; 3] = [[0x66, 0xBB, 0x6A], [0x8D, 0x6E, 0x63], [0x42, 0xA5, 0xF5]];

fn photo(name: &str, b: usize) -> EvidenceFile {
    EvidenceFile {
        filename: format!("{name}.png"),
        content_type: "image/png".into(),
        body: picture(HILLS[b % HILLS.len()]),
    }
}

/// A day `days` before today, not before the phase starts.
fn back(today: Day, days: i64, first: Day) -> Day {
    today.add_days(-days).max(first)
}

pub(super) async fn programmes(
    store: &Store,
    root: &Organisation,
    branches: &[(Organisation, Vec<(i64, PoliticalStatus)>)],
    plan: &Plan,
    today: Day,
) -> Result<(), StoreError> {
    let phase = &plan.phases[0];
    for (b, (branch, people)) in branches.iter().enumerate() {
        for (p, prog) in plan.programmes.iter().enumerate() {
            for (a, act) in prog.activities.iter().take(3).enumerate() {
                let id = store
                    .add_activity(
                        "secretary",
                        &NewActivity {
                            org_id: branch.id,
                            programme_key: prog.key.clone(),
                            activity_key: Some(act.key.clone()),
                            phase_key: act.phase.clone(),
                            name: act.name.clone(),
                            when_text: act.when.clone(),
                            starts_on: act.starts_on,
                            ends_on: act.ends_on,
                            times_target: act.times,
                            participants: act.participants.clone().unwrap_or_default(),
                        },
                    )
                    .await?;
                // The first of each programme is done, the second under way;
                // the 直属联合支部 is behind on its third programme.
                let status = match (a + b + p) % 3 {
                    _ if b == 2 && p == 2 => ActivityStatus::Planned,
                    0 => ActivityStatus::Done,
                    1 => ActivityStatus::Running,
                    _ => ActivityStatus::Planned,
                };
                let done = status == ActivityStatus::Done;
                let held = back(today, 12 + 9 * a as i64 + 5 * p as i64, phase.starts_on);
                store
                    .change_activity(
                        "secretary",
                        id,
                        &ActivityChange {
                            status,
                            owner_person_id: Some(people[(a + p) % people.len()].0),
                            place: ["市妇联五楼会议室", "丰泽区东湖社区", "市妇女儿童活动中心"]
                                [a % 3]
                                .into(),
                            starts_on: act.starts_on.or(Some(held)),
                            ends_on: act.ends_on.or(Some(held)),
                            participants: act.participants.clone().unwrap_or_default(),
                            participant_count: if done { 18 + 3 * a as i64 } else { 0 },
                            served_count: 0,
                            times_held: 0,
                            outcome: if done {
                                format!(
                                    "{}已按计划完成，参加党员干部{}人，形成简报一期。",
                                    act.name,
                                    18 + 3 * a
                                )
                            } else {
                                String::new()
                            },
                            commitment_id: None,
                            meeting_id: None,
                            files: if done {
                                vec![photo(&act.name, b)]
                            } else {
                                vec![]
                            },
                        },
                    )
                    .await?;
            }
        }
        if b == 0 {
            own_activities(store, branch, people, plan, today).await?;
        }
    }
    tasks(store, root, branches, plan, today).await
}

/// The 机关支部's own: a free clinic (义诊) that served 32 people, and a
/// volunteer service held 4 of its 6 times.
async fn own_activities(
    store: &Store,
    branch: &Organisation,
    people: &[(i64, PoliticalStatus)],
    plan: &Plan,
    today: Day,
) -> Result<(), StoreError> {
    let phase = &plan.phases[0];
    let livelihood = plan
        .programmes
        .iter()
        .find(|p| p.key == "livelihood")
        .or(plan.programmes.first())
        .map(|p| p.key.clone())
        .unwrap_or_default();
    let clinic_day = back(today, 16, phase.starts_on);
    // The clinic carries out the branch's own commitment, where it has one approved.
    let own_commitment = store
        .branch_commitments(branch.id, &phase.key)
        .await?
        .into_iter()
        .find(|c| c.person_id.is_none() && c.approved.is_some())
        .map(|c| c.id);
    for (name, target, status, held, served) in [
        ("“巾帼送健康”社区义诊", None, ActivityStatus::Done, 0, 32),
        (
            "巾帼志愿服务（全年不少于6次）",
            Some(6),
            ActivityStatus::Running,
            4,
            0,
        ),
    ] {
        let id = store
            .add_activity(
                "secretary",
                &NewActivity {
                    org_id: branch.id,
                    programme_key: livelihood.clone(),
                    activity_key: None,
                    phase_key: phase.key.clone(),
                    name: name.into(),
                    when_text: None,
                    starts_on: Some(clinic_day),
                    ends_on: target.map_or(Some(clinic_day), |_| Some(phase.ends_on)),
                    times_target: target,
                    participants: "机关支部党员志愿者".into(),
                },
            )
            .await?;
        store
            .change_activity(
                "secretary",
                id,
                &ActivityChange {
                    status,
                    owner_person_id: Some(people[3].0),
                    place: "丰泽区东湖社区卫生服务站".into(),
                    starts_on: Some(clinic_day),
                    ends_on: target.map_or(Some(clinic_day), |_| Some(phase.ends_on)),
                    participants: "机关支部党员志愿者".into(),
                    participant_count: 9,
                    served_count: served,
                    times_held: held,
                    outcome: if served > 0 {
                        "联合社区卫生服务站开展义诊，为社区妇女测量血压、讲解“两癌”筛查知识，服务群众32人次。".into()
                    } else {
                        "已开展4次，分别为关爱留守儿童、敬老院慰问、社区环境整治和反家暴宣传。".into()
                    },
                    commitment_id: own_commitment.filter(|_| served > 0),
                    meeting_id: None,
                    files: vec![photo(name, 0)],
                },
            )
            .await?;
    }
    Ok(())
}

fn step(step: TaskStep, text: &str) -> TaskStepInput {
    TaskStepInput {
        step,
        evidence: if step == TaskStep::Submit {
            text.into()
        } else {
            String::new()
        },
        reason: if step == TaskStep::SendBack {
            text.into()
        } else {
            String::new()
        },
        files: vec![],
    }
}

/// Takes `steps` of task `id` in turn, each as its actor.
async fn walk(store: &Store, id: i64, steps: &[(&str, TaskStep, &str)]) -> Result<(), StoreError> {
    for (actor, s, text) in steps {
        let t = store.task(id).await?;
        let to: TaskStatus = s
            .from(t.status)
            .ok_or(StoreError::Conflict("task-error-moved"))?;
        store.step_task(actor, &t, to, &step(*s, text)).await?;
    }
    Ok(())
}

async fn tasks(
    store: &Store,
    root: &Organisation,
    branches: &[(Organisation, Vec<(i64, PoliticalStatus)>)],
    plan: &Plan,
    today: Day,
) -> Result<(), StoreError> {
    // The plan's task, assigned to every member of the 机关支部.
    let (branch, people) = &branches[0];
    if let Some((prog, task)) = plan
        .programmes
        .iter()
        .find_map(|p| p.tasks.first().map(|t| (p, t)))
    {
        let assigned: Vec<NewTask> = people
            .iter()
            .filter(|(_, s)| *s != PoliticalStatus::Masses)
            .map(|&(pid, _)| NewTask {
                issuer_org_id: branch.id,
                org_id: branch.id,
                assignee_person_id: Some(pid),
                assignee_org_id: None,
                programme_key: Some(prog.key.clone()),
                task_key: Some(task.key.clone()),
                title: task.name.clone(),
                text: task.text.clone(),
                due_on: task.due_on.max(today.add_days(20)),
            })
            .collect();
        let ids = store.add_tasks("secretary", &assigned).await?;
        let article =
            "调研文章《泉州市城乡妇女创业就业现状与对策》已完成，约6000字，附调研问卷统计。";
        for (k, (t, &id)) in assigned.iter().zip(&ids).enumerate().take(8) {
            let pid = t.assignee_person_id.unwrap_or_default();
            let who = store.person(pid).await?.username.unwrap_or_default();
            let who = who.as_str();
            let steps: &[(&str, TaskStep, &str)] = match k {
                0..=3 => &[
                    (who, TaskStep::Submit, article),
                    ("secretary", TaskStep::Accept, ""),
                ],
                4 => &[
                    (who, TaskStep::Submit, "已写初稿。"),
                    (
                        "secretary",
                        TaskStep::SendBack,
                        "请补充调研数据和对策建议部分，篇幅不少于3000字。",
                    ),
                ],
                5 | 6 => &[(who, TaskStep::Submit, article)],
                _ => &[(who, TaskStep::Start, "")],
            };
            walk(store, id, steps).await?;
        }
    }
    // The office's tasks to the branches.
    let summary: Vec<NewTask> = branches
        .iter()
        .map(|(b, _)| NewTask {
            issuer_org_id: root.id,
            org_id: b.id,
            assignee_person_id: None,
            assignee_org_id: Some(b.id),
            programme_key: None,
            task_key: None,
            title: "报送创先争优活动阶段小结".into(),
            text: "总结本阶段“素质·宣传·惠民·强基”工程开展情况，附活动照片，1500字以内。".into(),
            due_on: today.add_days(10),
        })
        .collect();
    let ids = store.add_tasks("office", &summary).await?;
    walk(
        store,
        ids[1],
        &[
            (
                "secretary2",
                TaskStep::Submit,
                "阶段小结已上传，共开展活动9场。",
            ),
            ("office", TaskStep::Accept, ""),
        ],
    )
    .await?;
    walk(store, ids[0], &[("secretary", TaskStep::Start, "")]).await?;
    // Assigned three weeks ago and not done: overdue by five days.
    let late = NewTask {
        issuer_org_id: root.id,
        org_id: branches[2].0.id,
        assignee_person_id: None,
        assignee_org_id: Some(branches[2].0.id),
        programme_key: plan.programmes.last().map(|p| p.key.clone()),
        task_key: None,
        title: "上报“强基工程”党建阵地建设情况".into(),
        text: "上报支部活动室、党员电教设备和党建宣传栏建设情况。".into(),
        due_on: today.add_days(-5),
    };
    store.add_tasks("office", &[late]).await?;
    Ok(())
}
