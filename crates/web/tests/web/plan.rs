//! The plan as data: the whole source plan on the page, and another
//! organisation's plan rendered without code changes.

use crate::support::TestApp;
use axum::http::StatusCode;

#[tokio::test]
async fn the_secretary_sees_the_whole_plan() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    let page = c
        .get(&format!("/organisations/{}/plan", app.demo.branch.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "泉妇支〔2010〕2号",
        "泉委〔2010〕52号",
        "领导班子好",
        "带头弘扬正气",
        "公开承诺",
        "评选表彰",
        "素质工程",
        "强基工程",
        "第19期全市妇女干部岗位培训班",
        "每天读书一小时",
        "支委会",
        "每周政治业务学习例会",
        "支部书记负总责全面抓",
        "泉州妇联网",
        "随机抽查",
    ] {
        assert!(page.body.contains(text), "the plan page shows {text}");
    }
    assert!(
        page.body
            .contains(&format!("平移了 {} 年", app.demo.shift_years))
    );
}

#[tokio::test]
async fn another_organisations_plan_renders_without_code_changes() {
    let app = TestApp::sqlite().await;
    let source = include_str!("../../../../plans/examples/hospital-branch.toml");
    let plan = domain::plan::parse_plan(source).unwrap();
    let hospital = app
        .db
        .store
        .create_organisation(
            "test",
            Some(&app.demo.root),
            domain::organisation::OrgKind::Branch,
            "某医院护理党支部",
        )
        .await
        .unwrap();
    app.db
        .store
        .import_plan("test", &hospital, source, &plan, 0)
        .await
        .unwrap();
    let mut office = app.signed_in("office").await;
    let page = office
        .get(&format!("/organisations/{}/plan", hospital.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "某医院护理党支部创先争优活动实施方案（示例）",
        "带头安全执业",
        "每周学习两小时",
        "急救技能演练",
        // The plan's rules as data, shown as the plan words them.
        "每周四 14:30",
        "与“支部党员大会”合并召开",
        "宣传委员",
        "满意率低于 80% 的须整改",
        "患者、职工",
        "优秀护理党员",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    // A new evaluation round starts with the plan's scale, its top point good.
    let new = office
        .get(&format!(
            "/organisations/{}/evaluations/new?kind=members",
            hospital.id
        ))
        .await;
    assert_eq!(new.status, StatusCode::OK, "{}", new.body);
    assert!(new.body.contains("value=\"基本满意\"") && new.body.contains("value=\"不满意\""));
}

#[tokio::test]
async fn a_target_below_the_plans_rectification_threshold_is_told_to_rectify() {
    use domain::evaluation::{RoundCriterion, RoundDraft, RoundKind};
    use store::evaluation::NewTarget;
    use store::evaluation::bench::LoadBallot;
    let app = TestApp::sqlite().await;
    let store = &app.db.store;
    let source = include_str!("../../../../plans/examples/hospital-branch.toml");
    let plan = domain::plan::parse_plan(source).unwrap();
    let ward = store
        .create_organisation(
            "test",
            Some(&app.demo.root),
            domain::organisation::OrgKind::Branch,
            "外科护理支部",
        )
        .await
        .unwrap();
    store
        .import_plan("test", &ward, source, &plan, 0)
        .await
        .unwrap();
    let nurse = store
        .add_person(
            "test",
            &ward,
            None,
            &domain::person::PersonDraft {
                name: "护士甲".into(),
                status: Some(domain::person::PoliticalStatus::Full),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // The plan's scale: 满意 (good) / 基本满意 / 不满意.
    let e = plan.evaluation.as_ref().unwrap();
    let now = time::OffsetDateTime::now_utc();
    let draft = RoundDraft {
        title: "患者评议".into(),
        kind: RoundKind::Members,
        standard_key: "nurse".into(),
        standard_name: "三带头".into(),
        criteria: vec![RoundCriterion {
            key: "c".into(),
            name: "服务".into(),
            text: String::new(),
        }],
        scale: e
            .scale
            .iter()
            .enumerate()
            .map(|(i, p)| domain::evaluation::Level {
                label: p.name.clone(),
                score: p.score,
                good: i == 0,
            })
            .collect(),
        opens_at: now - time::Duration::hours(2),
        closes_at: now + time::Duration::days(1),
        min_ballots: 5,
        phase_key: "autumn".into(),
    };
    let target = NewTarget {
        org_id: None,
        person_id: Some(nurse),
        name: "护士甲".into(),
    };
    let round = store
        .create_round("test", ward.id, &draft, &[target])
        .await
        .unwrap();
    let tid = store.round_targets(round).await.unwrap()[0].id;
    // 6 of 10 satisfied: 60%, below the plan's 80%.
    let ballots: Vec<LoadBallot> = (0..10)
        .map(|i| LoadBallot {
            id: format!("b{i:02}"),
            receipt: format!("r{i:02}"),
            marks: vec![(tid, 0, if i < 6 { 0 } else { 1 }, i)],
        })
        .collect();
    store.load_ballots(round, &ballots).await.unwrap();
    store.close_round("test", round, now, "").await.unwrap();
    let mut office = app.signed_in("office").await;
    let page = office
        .get(&format!("/evaluations/{round}/targets/{tid}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"must-rectify\""), "{}", page.body);
    assert!(page.body.contains("60.0%") && page.body.contains("80%"));
}
