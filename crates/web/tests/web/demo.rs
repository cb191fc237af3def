//! The demo: a campaign half-way through, on both databases.

use crate::support::TestApp;
use axum::http::StatusCode;

async fn the_demo_is_a_campaign_half_way_through(app: TestApp) {
    let today = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME);
    let approved = chuangxian_web::demo::campaign::campaign(
        &app.db.store,
        &app.demo,
        today,
        chuangxian_web::CHINA_STANDARD_TIME,
    )
    .await
    .unwrap()
    .approved;
    assert!(approved >= 30, "{approved}");
    let branch = app.demo.branch.id;
    let mut visitor = app.client();
    // The portal links to the board, the plan in full and the published results.
    let portal = visitor.get(&format!("/p/{branch}")).await.body;
    for link in [
        format!("/board/{branch}"),
        format!("/p/{branch}/plan"),
        "/public".to_string(),
    ] {
        assert!(portal.contains(&link), "{link}");
    }
    assert!(
        portal.contains("id=\"portal-reviews\""),
        "a published review"
    );
    let plan = visitor.get(&format!("/p/{branch}/plan")).await;
    assert_eq!(plan.status, StatusCode::OK);
    let board = visitor.get(&format!("/board/{branch}")).await.body;
    assert!(!board.contains("本阶段还没有已批准的承诺"));
    assert!(board.contains("谢谢您的建议"), "an opinion answered");
    // Three branches under the superior.
    let branches = app
        .db
        .store
        .subtree(&app.demo.root.path)
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.kind == domain::organisation::OrgKind::Branch)
        .count();
    assert_eq!(branches, 3);
    // Reviews, an overdue item, a closed round with results and an open one.
    let mut s = app.signed_in("secretary").await;
    let page = s.get(&format!("/organisations/{branch}")).await.body;
    assert!(page.contains("id=\"overdue-rectifications\""), "{page}");
    let reviews = s
        .get(&format!("/organisations/{branch}/reviews"))
        .await
        .body;
    assert!(reviews.contains("已销号") && reviews.contains("overdue"));
    let rounds = app.db.store.rounds_of(branch).await.unwrap();
    let now = time::OffsetDateTime::now_utc();
    assert!(
        rounds
            .iter()
            .any(|r| r.state(now) == domain::evaluation::RoundState::Closed
                && r.publication.published)
    );
    assert!(
        rounds
            .iter()
            .any(|r| r.state(now) == domain::evaluation::RoundState::Open)
    );
    // The demo accounts keep their quotas.
    let table = s.get(&format!("/organisations/{branch}/study")).await.body;
    for (pid, _) in app.demo.branch_people.iter().take(3) {
        let row = table
            .split(&format!("<tr id=\"person-{pid}\""))
            .nth(1)
            .unwrap()
            .split("</tr>")
            .next()
            .unwrap();
        assert!(!row.contains("lagging"), "{row}");
    }
    // The secretary's to-do holds what waits: opinions to moderate and tasks
    // to check, not the commitments already decided; the office's, the
    // branches behind, the objections, the items to inspect.
    let home = s.get("/").await.body;
    assert!(
        home.contains("条群众留言待审核")
            && home.contains("项任务待验收")
            && !home.contains("份承诺待审批"),
        "{home}"
    );
    let home = app.signed_in("office").await.get("/").await.body;
    for waiting in [
        "个支部有逾期事项",
        "条公示异议待处理",
        "个抽查样本待登记结果",
    ] {
        assert!(home.contains(waiting), "{waiting}: {home}");
    }
    // News on the branch's portal, a member's report waiting for the
    // secretary, the office's bulletins 第1期 and 第2期 on its portal.
    let news = visitor.get(&format!("/p/{branch}/news")).await.body;
    assert!(news.contains("党员志愿服务队走进社区"), "{news}");
    assert!(!news.contains("读书分享会"), "not before review");
    let home = s.get("/").await.body;
    assert!(home.contains("篇新闻或简报待审核"), "{home}");
    let root = app.demo.root.id;
    let portal = visitor.get(&format!("/p/{root}")).await.body;
    assert!(portal.contains("第1期") && portal.contains("第2期") && !portal.contains("第3期"));
    let feed = visitor.get(&format!("/p/{root}/news.atom")).await.body;
    assert_eq!(feed.matches("<entry>").count(), 2, "{feed}");
    // The branch's publicity plan has an item overdue.
    let plan = s
        .get(&format!("/organisations/{branch}/publicity-plan"))
        .await
        .body;
    assert!(plan.contains("已逾期") && plan.contains("已完成"), "{plan}");
    // Notices wait in the outbox for the channels the accounts chose.
    let (pending, _, _) = app.db.store.outbox_counts("email").await.unwrap();
    assert!(pending > 0, "e-mail waiting");
    let (pending, _, _) = app.db.store.outbox_counts("sms").await.unwrap();
    assert!(pending > 0, "SMS waiting");
    let groups = app.db.store.children(branch).await.unwrap();
    let group = groups
        .iter()
        .find(|o| o.kind == domain::organisation::OrgKind::PartyGroup)
        .unwrap();
    let sms = app.db.store.outbox(Some("pending"), 500).await.unwrap();
    assert!(
        sms.iter()
            .any(|m| m.channel == "sms" && m.subject == group.name),
        "the party group's call to its study"
    );
    // The branch's rules: 三会一课 in its second version, from the case; the
    // internal draft off the portal.
    let rules = visitor.get(&format!("/p/{branch}/rules")).await.body;
    assert!(
        rules.contains("三会一课制度") && rules.contains("第2版"),
        "{rules}"
    );
    assert!(!rules.contains("党员志愿服务管理办法"));
}

#[tokio::test]
async fn the_demo_is_a_campaign_under_way_on_sqlite() {
    the_demo_is_a_campaign_half_way_through(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_demo_is_a_campaign_under_way_on_postgres() {
    the_demo_is_a_campaign_half_way_through(TestApp::postgres().await).await;
}

#[tokio::test]
async fn the_demo_runs_on_postgresql_too() {
    let app = TestApp::postgres().await;
    let mut c = app.signed_in("secretary").await;
    let page = c
        .get(&format!("/organisations/{}/plan", app.demo.branch.id))
        .await;
    assert!(page.body.contains("带头弘扬正气"));
    let people = c
        .get(&format!("/organisations/{}/people", app.demo.branch.id))
        .await;
    assert!(people.body.contains("陈秀英"));
    app.db.drop_db().await;
}
