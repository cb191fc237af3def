//! The dashboard's lines kept current on write, on both databases: a second
//! read takes every line from the store; a write to a branch's records (a
//! review, a rectification item raised, a meeting held) marks it; a read
//! with no budget left shows the line as it was and says so, the next read
//! shows the change and equals the lines computed afresh from the records.

use crate::support::TestApp;
use chuangxian_web as web;
use domain::organisation::OrgKind;
use domain::plan::MeetingKind;
use domain::review::ReviewParts;
use store::study::meeting::MeetingDraft;
use store::supervision::LineKey;
use web::plan::rules::phase_for;
use web::supervision::dashboard::{dashboard, read};
use web::supervision::figures::compute;
use web::{AppState, Config};

async fn lines_follow_every_write(app: TestApp) {
    let store = &app.db.store;
    let state = AppState::new(store.clone(), Config::default());
    let root = &app.demo.root;
    let version = store.current_plan(root).await.unwrap().unwrap();
    let before = dashboard(&state, root).await.unwrap();
    let phase = phase_for(&version.plan, before.today).unwrap();
    let key = LineKey {
        plan_id: version.id,
        as_of: before.today,
        phase_key: &phase.key,
    };
    let stored = store.dashboard_lines(root, key).await.unwrap();
    assert_eq!(stored.len(), before.lines.len());
    assert!(
        stored.iter().all(|b| b.line.is_some() && !b.stale),
        "every line kept"
    );
    assert_eq!(dashboard(&state, root).await.unwrap().lines, before.lines);

    // Writes as people make them, to the demo branch: a leader's review, an
    // item raised from it already overdue, a meeting held today.
    let branch = app.demo.branch.id;
    let leader = store
        .check_login("leader", web::demo::DEMO_PASSWORD)
        .await
        .unwrap()
        .unwrap();
    let parts = ReviewParts {
        affirmed: "班子团结".into(),
        problems: vec!["台账不全".into()],
        direction: "补齐台账".into(),
        criteria: vec![],
        grade: None,
    };
    let id = store
        .add_review("leader", (leader, "领导"), branch, None, &parts)
        .await
        .unwrap();
    let review = store.review(id).await.unwrap();
    let owner = app.demo.branch_people[0].0;
    store
        .add_rectification(
            "test",
            &review,
            "台账不全",
            owner,
            before.today.add_days(-1),
        )
        .await
        .unwrap();
    let draft = MeetingDraft {
        kind: MeetingKind::MembersAssembly,
        topic: "学习讨论".into(),
        starts_at: time::OffsetDateTime::now_utc(),
        place: "会议室".into(),
        host: String::new(),
        recorder: String::new(),
        lecturer: String::new(),
        checkin_window: 30,
        expected: vec![],
    };
    store.create_meeting("test", branch, &draft).await.unwrap();
    let marked: Vec<i64> = store
        .dashboard_lines(root, key)
        .await
        .unwrap()
        .iter()
        .filter(|b| b.stale)
        .map(|b| b.org_id)
        .collect();
    assert_eq!(
        marked,
        vec![branch],
        "the write marked its branch and no other"
    );

    // A read with no budget left shows the marked line as it was, and says so.
    let waiting = read(&state, root, 0).await.unwrap();
    assert_eq!(waiting.pending, 1);
    assert_eq!(waiting.lines, before.lines);

    let after = dashboard(&state, root).await.unwrap();
    let mut afresh: Vec<_> = compute(&state, &version.plan, phase, after.today, root)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.line)
        .collect();
    afresh.sort_by_key(|l| l.org_id);
    assert_eq!(after.lines, afresh);
    let line = |d: &web::supervision::dashboard::Dashboard| {
        d.lines.iter().find(|l| l.org_id == branch).unwrap().clone()
    };
    assert_eq!(
        line(&after).rectifications_open,
        line(&before).rectifications_open + 1
    );
    assert_eq!(
        line(&after).rectifications_overdue,
        line(&before).rectifications_overdue + 1
    );
    assert_eq!(after.pending, 0);
    assert!(
        store
            .dashboard_lines(root, key)
            .await
            .unwrap()
            .iter()
            .all(|b| b.line.is_some() && !b.stale)
    );
}

#[tokio::test]
async fn lines_follow_every_write_on_sqlite() {
    lines_follow_every_write(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn lines_follow_every_write_on_postgres() {
    lines_follow_every_write(TestApp::postgres().await).await;
}

/// Over HTTP: a secretary's meeting marks the branch, and the recount behind
/// the request takes the mark off with no read in between.
#[tokio::test]
async fn a_write_request_has_its_line_recounted_behind_it() {
    let app = TestApp::sqlite().await;
    let (root, branch) = (app.demo.root.id, app.demo.branch.id);
    let mut office = app.signed_in("office").await;
    let mut secretary = app.signed_in("secretary").await;
    assert_eq!(
        office
            .get(&format!("/organisations/{root}/supervision"))
            .await
            .status,
        axum::http::StatusCode::OK
    );
    let now = time::OffsetDateTime::now_utc().to_offset(web::CHINA_STANDARD_TIME);
    let starts = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute()
    );
    let member = app.person_id("member").await.to_string();
    let res = secretary
        .post_form(
            &format!("/organisations/{branch}/meetings"),
            &[
                ("kind", "members_assembly"),
                ("topic", "学习讨论"),
                ("starts_at", &starts),
                ("place", "会议室"),
                ("expected", &member),
            ],
        )
        .await;
    assert_eq!(
        res.status,
        axum::http::StatusCode::SEE_OTHER,
        "{}",
        res.body
    );
    let store = &app.db.store;
    let org = store.organisation(root).await.unwrap();
    let mut waited = 0;
    while !store.stale_branches(&org).await.unwrap().is_empty() {
        assert!(waited < 100, "the branch is still marked after 10 s");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waited += 1;
    }
}

/// Two servers on one database, each holding the lines it read in memory:
/// a line one server recounts after a write is in the other's next read,
/// and so is a branch added to the tree, on both databases.
async fn each_server_reads_the_others_lines(app: TestApp) {
    let store = &app.db.store;
    let (one, two) = (
        AppState::new(store.clone(), Config::default()),
        AppState::new(store.clone(), Config::default()),
    );
    let root = &app.demo.root;
    let before = dashboard(&one, root).await.unwrap();
    assert_eq!(dashboard(&two, root).await.unwrap().lines, before.lines);

    // An overdue item raised in the demo branch, recounted by server one.
    let branch = app.demo.branch.id;
    let owner = app.demo.branch_people[0].0;
    let due = before.today.add_days(-1).to_string();
    store
        .bench_rectifications(&[(branch, owner, due, "open")])
        .await
        .unwrap();
    web::supervision::line::recompute_marked(&one, root)
        .await
        .unwrap();
    let line = |d: &web::supervision::dashboard::Dashboard| {
        d.lines.iter().find(|l| l.org_id == branch).unwrap().clone()
    };
    let seen_by_two = dashboard(&two, root).await.unwrap();
    assert_eq!(
        line(&seen_by_two).rectifications_overdue,
        line(&before).rectifications_overdue + 1,
        "server two reads the line server one kept"
    );
    assert_eq!(seen_by_two.pending, 0);
    assert_eq!(
        dashboard(&one, root).await.unwrap().lines,
        seen_by_two.lines
    );

    // A branch added under the root is read by both, its line computed.
    let added = store
        .create_organisation("test", Some(root), OrgKind::Branch, "新建党支部")
        .await
        .unwrap();
    for server in [&two, &one] {
        let lines = dashboard(server, root).await.unwrap().lines;
        assert_eq!(lines.len(), before.lines.len() + 1);
        assert!(lines.iter().any(|l| l.org_id == added.id));
    }
}

#[tokio::test]
async fn each_server_reads_the_others_lines_on_sqlite() {
    each_server_reads_the_others_lines(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn each_server_reads_the_others_lines_on_postgres() {
    each_server_reads_the_others_lines(TestApp::postgres().await).await;
}
