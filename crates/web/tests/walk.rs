//! The bugs of a walk through every role, each kept fixed: forms that keep what
//! was typed, rules that apply where they belong, rectification dates, labels
//! and confirmations, and a notice in the inbox for every step that waits for
//! someone.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use support::evaluation::local_input;
use support::{Client, TestApp};

async fn draft_and_submit(c: &mut Client, app: &TestApp) {
    let due = app.demo.first_phase.1.to_string();
    let res = c
        .post_form(
            "/commitments",
            &[
                ("key", ""),
                ("criterion", "study"),
                ("what", "每月读一本书"),
                ("target", "每月一本"),
                ("due_on", &due),
                ("weight", "2"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
}

/// The member's commitment, submitted and approved by the secretary.
async fn approved_commitment(app: &TestApp, member: &mut Client) -> store::commitment::Commitment {
    draft_and_submit(member, app).await;
    let phase = phase(app).await;
    let id = app
        .db
        .store
        .branch_commitments(app.demo.branch.id, &phase)
        .await
        .unwrap()[0]
        .id;
    let res = app
        .signed_in("secretary")
        .await
        .post_form(
            &format!("/commitments/{id}/decision"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    app.db.store.commitment(id).await.unwrap()
}

async fn inbox_of(app: &TestApp, username: &str) -> String {
    app.signed_in(username).await.get("/inbox").await.body
}

#[tokio::test]
async fn each_step_that_waits_for_someone_reaches_their_inbox_and_home() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let mut m = app.signed_in("member").await;
    draft_and_submit(&mut m, &app).await;
    let secretary = inbox_of(&app, "secretary").await;
    assert!(secretary.contains("提交了承诺，等待审批"), "{secretary}");
    assert!(secretary.contains(&format!("/organisations/{branch}/commitments#commitment-")));
    let home = app.signed_in("deputy").await.get("/").await.body;
    assert!(
        home.contains("id=\"todo\"") && home.contains("等待审批"),
        "on the to-do home"
    );

    let commitment = app
        .db
        .store
        .branch_commitments(branch, &phase(&app).await)
        .await
        .unwrap()[0]
        .id;
    let mut s = app.signed_in("secretary").await;
    let res = s
        .post_form(
            &format!("/commitments/{commitment}/decision"),
            &[("decision", "return"), ("reason", "写具体些")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = s.get(res.location()).await;
    assert!(
        page.body.contains("id=\"flash\"") && page.body.contains("已退回"),
        "a confirmation"
    );
    assert!(
        !s.get(res.location()).await.body.contains("id=\"flash\""),
        "shown once"
    );
    assert!(inbox_of(&app, "member").await.contains("被退回"));
    draft_and_submit(&mut m, &app).await;
    s.post_form(
        &format!("/commitments/{commitment}/decision"),
        &[("decision", "approve")],
    )
    .await;
    assert!(inbox_of(&app, "member").await.contains("已批准"));

    // A visitor's opinion waits for the secretary; shown, it reaches the member.
    let mut visitor = app.client();
    let res = visitor
        .post_form(
            &format!("/board/{branch}/opinions"),
            &[
                ("commitment_id", &commitment.to_string()),
                ("text", "希望多分享书单"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(inbox_of(&app, "secretary").await.contains("等待审核"));
    let opinion = app
        .db
        .store
        .branch_opinions(branch, domain::review::OpinionStatus::Pending)
        .await
        .unwrap()[0]
        .id;
    s.post_form(
        &format!("/opinions/{opinion}/moderate"),
        &[("approve", "1")],
    )
    .await;
    assert!(inbox_of(&app, "member").await.contains("可以回复"));
    let res = m
        .post_form(
            &format!("/opinions/{opinion}/reply"),
            &[("reply", "谢谢建议")],
        )
        .await;
    assert_eq!(res.location(), "/commitments", "back to 我的承诺");

    // A review reaches the reviewed; a reply and a report reach the reviewer.
    let member = app.person_id("member").await;
    let mut leader = app.signed_in("leader").await;
    let review = support::review_member(&mut leader, branch, member).await;
    assert!(inbox_of(&app, "member").await.contains("对您作了点评"));
    m.post_form(&format!("{review}/replies"), &[("text", "一定改进")])
        .await;
    assert!(inbox_of(&app, "leader").await.contains("点评收到了回复"));
    let today = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME);
    leader
        .post_form(
            &format!("{review}/rectifications"),
            &[
                ("problem", "心得偏少"),
                ("owner", &member.to_string()),
                ("due_on", &today.to_string()),
            ],
        )
        .await;
    let item = app.db.store.branch_rectifications(branch).await.unwrap()[0].id;
    m.multipart(
        &format!("/rectifications/{item}"),
        &[("note", "补写两篇")],
        None,
    )
    .await;
    assert!(inbox_of(&app, "leader").await.contains("报告了整改情况"));

    // Past its due date it is told of once, to the owner and the secretary.
    let tomorrow = domain::date::Day(today.0 + time::Duration::days(1));
    assert_eq!(
        app.db
            .store
            .tell_overdue_rectifications(tomorrow)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        app.db
            .store
            .tell_overdue_rectifications(tomorrow)
            .await
            .unwrap(),
        0
    );
    assert!(inbox_of(&app, "member").await.contains("已过期限"));
    assert!(inbox_of(&app, "secretary").await.contains("已过期限"));
    // In English, the same notices read in English.
    let mut en = app.signed_in("secretary").await;
    en.post_form("/lang", &[("lang", "en"), ("back", "/inbox")])
        .await;
    let inbox = en.get("/inbox").await.body;
    assert!(inbox.contains("waits for moderation"), "{inbox}");
}

async fn phase(app: &TestApp) -> String {
    app.db
        .store
        .current_plan(&app.demo.branch)
        .await
        .unwrap()
        .unwrap()
        .plan
        .phases[0]
        .key
        .clone()
}

#[tokio::test]
async fn a_rectification_is_due_from_today_once_per_problem_and_overdue_is_counted() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let member = app.person_id("member").await;
    let mut leader = app.signed_in("leader").await;
    let review = support::review_member(&mut leader, branch, member).await;
    let raise = |due: String| {
        vec![
            ("problem".to_string(), "心得偏少".to_string()),
            ("owner".to_string(), member.to_string()),
            ("due_on".to_string(), due),
        ]
    };
    let post = |c: &mut Client, fields: Vec<(String, String)>| {
        let path = format!("{review}/rectifications");
        let mut c = std::mem::replace(c, app.client());
        async move {
            let f: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let res = c.post_form(&path, &f).await;
            (c, res)
        }
    };
    let (l, res) = post(&mut leader, raise("2020-01-01".into())).await;
    leader = l;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("不能早于今天"));
    assert!(
        app.db
            .store
            .branch_rectifications(branch)
            .await
            .unwrap()
            .is_empty()
    );
    let today = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME).to_string();
    let (l, res) = post(&mut leader, raise(today.clone())).await;
    leader = l;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let (_, res) = post(&mut leader, raise(today)).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("已经列为整改事项"));
    assert_eq!(
        app.db
            .store
            .branch_rectifications(branch)
            .await
            .unwrap()
            .len(),
        1
    );

    // A member sees no button they may not press on someone else's item.
    let list = app
        .signed_in("demo04")
        .await
        .get(&format!("/organisations/{branch}/reviews"))
        .await
        .body;
    assert!(!list.contains("close-rectification") && !list.contains("/rectifications/"));
}

#[tokio::test]
async fn refused_attendance_keeps_every_row_as_typed() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let member = app.person_id("member").await;
    let deputy = app.person_id("deputy").await;
    let mut s = app.signed_in("secretary").await;
    let meeting = s
        .post_form(
            &format!("/organisations/{branch}/meetings"),
            &[
                ("kind", "committee"),
                ("topic", "研究推进工作"),
                ("starts_at", &local_input(0)),
                ("place", "三楼会议室"),
                ("expected", &member.to_string()),
                ("expected", &deputy.to_string()),
            ],
        )
        .await
        .location()
        .to_string();
    let res = s
        .post_form(
            &format!("{meeting}/attendance"),
            &[
                (&format!("state-{member}"), "present"),
                (&format!("state-{deputy}"), "leave"),
                (&format!("reason-{deputy}"), ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let row = |id: i64| {
        let start = res.body.find(&format!("id=\"attendee-{id}\"")).unwrap();
        res.body[start..].split("</tr>").next().unwrap().to_string()
    };
    assert!(
        row(member).contains("value=\"present\" selected"),
        "{}",
        row(member)
    );
    assert!(row(deputy).contains("value=\"leave\" selected"));
    assert!(row(deputy).contains(&format!("id=\"reason-error-{deputy}\"")));
}

#[tokio::test]
async fn a_party_group_holds_its_own_meetings_and_counts_its_members() {
    let app = TestApp::sqlite().await;
    let group = app
        .db
        .store
        .subtree(&app.demo.branch.path)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.kind == domain::organisation::OrgKind::PartyGroup)
        .unwrap();
    let mut s = app.signed_in("secretary").await;
    let page = s.get(&format!("/organisations/{}", group.id)).await.body;
    assert!(!page.contains("人员（0）"), "{page}");
    let meetings = s
        .get(&format!("/organisations/{}/meetings", group.id))
        .await
        .body;
    assert!(
        meetings.contains("党小组会") && !meetings.contains("支委会"),
        "{meetings}"
    );
    let root = s
        .get(&format!("/organisations/{}/meetings", app.demo.root.id))
        .await
        .body;
    assert!(!root.contains("支委会"));
}

#[tokio::test]
async fn the_progress_form_keeps_the_current_status_and_the_follow_button_says_so() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let mut m = app.signed_in("member").await;
    let commitment = approved_commitment(&app, &mut m).await;
    let mut s = app.signed_in("secretary").await;
    let key = app
        .db
        .store
        .commitment(commitment.id)
        .await
        .unwrap()
        .approved
        .unwrap()[0]
        .key
        .clone();
    m.multipart(
        &format!("/commitments/{}/items/{key}/progress", commitment.id),
        &[
            ("percent", "40"),
            ("status", "in_progress"),
            ("note", "读了两本"),
        ],
        None,
    )
    .await;
    let page = m.get("/commitments").await.body;
    assert!(page.contains("value=\"in_progress\" selected"), "{page}");
    // A refused file: the form again, the note as typed, the reason beside it.
    let res = m
        .multipart(
            &format!("/commitments/{}/items/{key}/progress", commitment.id),
            &[
                ("percent", "50"),
                ("status", "in_progress"),
                ("note", "附上照片"),
            ],
            Some(("照片.exe", b"MZ not a picture")),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains(&format!("id=\"evidence-error-{key}\"")),
        "{}",
        res.body
    );
    assert!(res.body.contains("value=\"附上照片\""));
    s.post_form(
        &format!("/commitments/{}/follow", commitment.id),
        &[("on", "1")],
    )
    .await;
    let list = s
        .get(&format!("/organisations/{branch}/commitments"))
        .await
        .body;
    assert!(list.contains("已关注") && list.contains("取消关注"));
}

#[tokio::test]
async fn an_empty_opinion_is_told_why() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let mut m = app.signed_in("member").await;
    let commitment = approved_commitment(&app, &mut m).await.id;
    let res = app
        .client()
        .post_form(
            &format!("/board/{branch}/opinions"),
            &[
                ("commitment_id", &commitment.to_string()),
                ("name", ""),
                ("text", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"opinion-error\"") && res.body.contains("必须填写"));
}

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
    // The secretary's to-do holds what waits: an opinion to moderate, not the
    // commitments already decided.
    let home = s.get("/").await.body;
    assert!(
        home.contains("等待审核") && !home.contains("等待审批"),
        "{home}"
    );
}

#[tokio::test]
async fn the_demo_is_a_campaign_under_way_on_sqlite() {
    the_demo_is_a_campaign_half_way_through(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_demo_is_a_campaign_under_way_on_postgres() {
    the_demo_is_a_campaign_half_way_through(TestApp::postgres().await).await;
}
