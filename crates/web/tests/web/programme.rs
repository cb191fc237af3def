//! The programmes through the router, each role at its boundary: the
//! secretary starts a plan activity and records it with a photo (dates
//! outside the phase refused beside their field); the plan's task assigned to
//! the members; a member hands it in, the secretary sends it back, it comes
//! back and is accepted, each step in the other side's inbox; a task due in
//! the past or outside the subtree refused; the workbooks are real xlsx.

use crate::support::TestApp;
use axum::http::StatusCode;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n photo";

#[tokio::test]
async fn a_branch_runs_an_activity_and_a_task_goes_round_its_checks() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let plan = &app.demo.plan;
    let phase = &plan.phases[0];
    let mut sec = app.signed_in("secretary").await;
    let mut member = app.signed_in("member").await;

    // The programmes page shows the plan's programmes and their activities.
    let page = sec
        .get(&format!("/organisations/{branch}/programmes"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("素质工程") && page.body.contains("id=\"start-"));
    let key = &plan.programmes[0].activities[0].key;
    // A member may read but not start.
    let res = member
        .post_form(
            &format!("/organisations/{branch}/activities"),
            &[("plan_activity", key)],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = sec
        .post_form(
            &format!("/organisations/{branch}/activities"),
            &[("plan_activity", key)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let activity = res.location().to_string();

    // A date outside the phase is refused beside its field, what was typed kept.
    let outside = phase.ends_on.add_days(3).to_string();
    let fields = |starts: &str| {
        vec![
            ("status", "done".to_string()),
            ("place", "市妇联会议室".to_string()),
            ("starts_on", starts.to_string()),
            ("ends_on", starts.to_string()),
            ("participant_count", "21".to_string()),
            ("outcome", "学习讨论热烈".to_string()),
        ]
    };
    let typed = fields(&outside);
    let as_refs: Vec<(&str, &str)> = typed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = sec
        .multipart_with(&activity, &as_refs, "photos", Some(("照片.png", PNG)))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"starts_on-error\""), "{}", res.body);
    assert!(res.body.contains("学习讨论热烈"));
    let inside = phase.starts_on.add_days(10).to_string();
    let typed = fields(&inside);
    let as_refs: Vec<(&str, &str)> = typed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = sec
        .multipart_with(&activity, &as_refs, "photos", Some(("照片.png", PNG)))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = sec.get(&activity).await;
    assert!(page.body.contains("已完成") && page.body.contains("/activity-files/"));
    // Another branch's commitment cannot be linked.
    let other = app
        .db
        .store
        .create_organisation(
            "test",
            Some(&app.demo.root),
            domain::organisation::OrgKind::Branch,
            "别的支部",
        )
        .await
        .unwrap();
    let mut tx = app.db.store.begin().await.unwrap();
    let stranger = store::person::insert(
        &mut tx,
        other.id,
        None,
        &domain::person::PersonDraft {
            name: "外支部党员".into(),
            ..Default::default()
        },
        false,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let theirs = app
        .db
        .store
        .save_commitment_draft("test", other.id, Some(stranger), &phase.key, &[])
        .await
        .unwrap();
    let mut typed = fields(&inside);
    typed.push(("commitment", theirs.to_string()));
    let as_refs: Vec<(&str, &str)> = typed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = sec
        .multipart_with(&activity, &as_refs, "photos", None)
        .await;
    assert!(res.body.contains("id=\"commitment-error\""), "{}", res.body);
    let sheet = sec
        .get(&format!("/organisations/{branch}/activities.xlsx"))
        .await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert!(sheet.bytes.starts_with(b"PK"));

    // The plan's task, assigned to every member; the member hands it in.
    let task_key = &plan.programmes[0].tasks[0].key;
    let res = sec
        .post_form(
            &format!("/organisations/{branch}/plan-tasks"),
            &[("task", task_key)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let person = app.person_id("member").await;
    let mine = app.db.store.tasks_of_person(person).await.unwrap();
    assert_eq!(mine.len(), 1);
    let task = format!("/tasks/{}", mine[0].id);
    let home = member.get("/").await.body;
    assert!(home.contains("我的任务：1 项待办"));
    assert!(
        home.contains("href=\"/tasks\" id=\"nav-tasks\""),
        "every page links to my tasks"
    );
    let steps = format!("{task}/steps");
    let res = member
        .multipart_with(
            &steps,
            &[("step", "submit"), ("evidence", "")],
            "files",
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"evidence-error\""));
    let res = member
        .multipart_with(
            &steps,
            &[("step", "submit"), ("evidence", "调研文章已完成")],
            "files",
            Some(("文章.png", PNG)),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // The member cannot accept their own; the secretary is told and sends it back.
    let res = member
        .multipart_with(&steps, &[("step", "accept")], "files", None)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(sec.get("/inbox").await.body.contains("已提交，待验收"));
    let res = sec
        .multipart_with(
            &steps,
            &[("step", "send_back"), ("reason", "")],
            "files",
            None,
        )
        .await;
    assert!(res.body.contains("id=\"reason-error\""));
    let res = sec
        .multipart_with(
            &steps,
            &[("step", "send_back"), ("reason", "请补充数据")],
            "files",
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(member.get("/inbox").await.body.contains("请补充数据"));
    assert!(member.get(&task).await.body.contains("请补充数据"));
    member
        .multipart_with(
            &steps,
            &[("step", "submit"), ("evidence", "已补充")],
            "files",
            None,
        )
        .await;
    let res = sec
        .multipart_with(&steps, &[("step", "accept")], "files", None)
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(member.get(&task).await.body.contains("已完成"));
    // Once done, no step applies.
    let res = sec
        .multipart_with(&steps, &[("step", "accept")], "files", None)
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);

    // A task due yesterday, or to someone outside the branch, is refused.
    let yesterday = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME)
        .add_days(-1)
        .to_string();
    let res = sec
        .post_form(
            &format!("/organisations/{branch}/tasks"),
            &[
                ("assignee", &format!("person:{person}")),
                ("title", "写心得"),
                ("due_on", &yesterday),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"due_on-error\"") && res.body.contains("写心得"));
    let office = app.person_id("office").await;
    let next_week = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME)
        .add_days(7)
        .to_string();
    let res = sec
        .post_form(
            &format!("/organisations/{branch}/tasks"),
            &[
                ("assignee", &format!("person:{office}")),
                ("title", "写心得"),
                ("due_on", &next_week),
            ],
        )
        .await;
    assert!(res.body.contains("id=\"assignee-error\""));
    let sheet = sec
        .get(&format!("/organisations/{branch}/tasks.xlsx"))
        .await;
    assert!(sheet.bytes.starts_with(b"PK"));
    // The timeline draws the phase.
    let timeline = member
        .get(&format!("/organisations/{branch}/timeline"))
        .await;
    assert!(timeline.body.contains("<svg class=\"chart timeline\""));
}
