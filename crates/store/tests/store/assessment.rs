//! Assessments: scores recomputed from the records while open, adjusted with a
//! reason, frozen by finalising, and a reassessment as the next version.

use crate::support::*;
use chuangxian_store::StoreError;
use chuangxian_store::assessment::{Basis, IncentiveKind, NewIncentive, SubjectKind};
use chuangxian_store::person;
use chuangxian_store::testing::TestDb;
use domain::commitment::{Item, ItemStatus};
use domain::date::Day;
use domain::person::PoliticalStatus;
use domain::plan::{Assessment, GradeRule, Indicator, Phase, Source, Veto};

on_both!(scores_follow_the_records_until_frozen_and_a_reassessment_is_a_new_version,);

fn today() -> Day {
    Day(time::OffsetDateTime::now_utc().date())
}

fn basis() -> Basis {
    let ind = |key: &str, source, weight| Indicator {
        key: key.into(),
        name: key.into(),
        source: Some(source),
        weight,
    };
    let day = |n: i64| Day(today().0 + time::Duration::days(n));
    Basis {
        scheme: Assessment {
            note: None,
            indicators: vec![
                ind("commitment", Source::CommitmentFulfilment, 40),
                ind("review", Source::ReviewGrade, 30),
                ind("evaluation", Source::EvaluationGoodRate, 20),
                ind("conduct", Source::Incentives, 10),
            ],
            formula: None,
            grades: vec![
                GradeRule {
                    name: "优秀".into(),
                    min: 90,
                },
                GradeRule {
                    name: "合格".into(),
                    min: 60,
                },
                GradeRule {
                    name: "不合格".into(),
                    min: 0,
                },
            ],
            vetoes: vec![Veto {
                key: "discipline".into(),
                name: "党纪处分".into(),
                grade: "不合格".into(),
            }],
            subjects: vec![],
            phases: vec![],
        },
        phase: Phase {
            key: "now".into(),
            name: "本阶段".into(),
            starts_on: day(-30),
            ends_on: day(30),
            focus: String::new(),
            time_nodes: vec![],
        },
        quotas: vec![],
    }
}

async fn scores_follow_the_records_until_frozen_and_a_reassessment_is_a_new_version(db: &TestDb) {
    use domain::review::check_review;
    let s = &db.store;
    let (root, branch, _) = tree(s).await;
    let mut tx = s.begin().await.unwrap();
    let full = |name: &str| {
        let mut d = draft(name, None);
        d.status = Some(PoliticalStatus::Full);
        d
    };
    let wang = person::insert(&mut tx, branch.id, None, &full("王芳"), false)
        .await
        .unwrap();
    let li = person::insert(&mut tx, branch.id, None, &full("李明"), false)
        .await
        .unwrap();
    let mut masses = draft("陈群", None);
    masses.status = Some(PoliticalStatus::Masses);
    person::insert(&mut tx, branch.id, None, &masses, false)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // 王芳: an approved commitment half done, and a review graded 好 (100).
    let item = Item {
        key: "a".into(),
        criterion: "study".into(),
        what: "读书".into(),
        target: "12本".into(),
        due_on: today(),
        weight: 1,
    };
    let cid = s
        .save_commitment_draft("w", branch.id, Some(wang), "now", &[item])
        .await
        .unwrap();
    s.submit_commitment("w", cid).await.unwrap();
    s.approve_commitment("sec", cid).await.unwrap();
    let c = s.commitment(cid).await.unwrap();
    let progress = |pct| {
        s.record_progress(
            "w",
            &c,
            "a",
            pct,
            ItemStatus::InProgress,
            "",
            None,
            ("进展", "/x"),
        )
    };
    progress(50).await.unwrap();
    let leader = person_with_account(s, "黄丽华", "leader", "pw").await;
    let mut parts = check_review("好", "少", "多", vec![]).unwrap();
    parts.grade = Some(domain::plan::ScalePoint {
        name: "好".into(),
        score: 100,
    });
    s.add_review("leader", (leader, "黄丽华"), branch.id, Some(wang), &parts)
        .await
        .unwrap();
    // 李明: nothing committed, and a constraint record that vetoes.
    s.add_incentive(
        "sec",
        &NewIncentive {
            org_id: branch.id,
            person_id: Some(li),
            kind: IncentiveKind::Constraint,
            points: -10,
            veto_key: Some("discipline".into()),
            reason: "违反工作纪律".into(),
            on_day: today(),
        },
    )
    .await
    .unwrap();

    let id = s
        .open_assessment("sec", branch.id, SubjectKind::Member, &basis())
        .await
        .unwrap();
    assert!(matches!(
        s.open_assessment("sec", branch.id, SubjectKind::Member, &basis())
            .await,
        Err(StoreError::Conflict("assessment-error-open"))
    ));
    let a = s.assessment(id).await.unwrap();
    let scores = s.assessment_scores(&a, today()).await.unwrap();
    // Only party members are assessed, best first.
    let names: Vec<&str> = scores.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["王芳", "李明"]);
    // 王芳: (50×40 + 100×30 + 100×10) / 80, the evaluation absent.
    assert_eq!(scores[0].score.total, 75.0);
    assert!(scores[0].score.reweighted);
    assert_eq!(
        scores[0].refs.iter().filter(|r| r.kind == "review").count(),
        1
    );
    // 李明: (0×40 + 90×10) / 50, graded down by the veto.
    assert_eq!(scores[1].score.total, 18.0);
    assert_eq!(scores[1].score.grade.as_deref(), Some("不合格"));
    assert_eq!(scores[1].score.veto.as_deref(), Some("党纪处分"));
    assert_eq!((scores[0].place, scores[1].place), (1, 2));

    s.adjust_score("sec", id, li, 500, "主动认错，积极整改")
        .await
        .unwrap();
    let scores = s.assessment_scores(&a, today()).await.unwrap();
    assert_eq!(scores[1].score.total, 23.0);
    assert_eq!(
        scores[1].adjustment.as_ref().unwrap().reason,
        "主动认错，积极整改"
    );

    // Frozen: later progress changes nothing; nothing more may change it.
    s.finalise_assessment("sec", id, today()).await.unwrap();
    progress(100).await.unwrap();
    let a = s.assessment(id).await.unwrap();
    assert!(a.is_final);
    let frozen = s.assessment_scores(&a, today()).await.unwrap();
    assert_eq!(frozen[0].score.total, 75.0);
    assert_eq!(frozen[1].score.total, 23.0);
    assert!(matches!(
        s.finalise_assessment("sec", id, today()).await,
        Err(StoreError::Conflict("assessment-error-final"))
    ));
    assert!(matches!(
        s.adjust_score("sec", id, li, 100, "再调").await,
        Err(StoreError::Conflict("assessment-error-final"))
    ));

    // A reassessment is the next version and reads the records afresh.
    let id2 = s
        .open_assessment("sec", branch.id, SubjectKind::Member, &basis())
        .await
        .unwrap();
    let a2 = s.assessment(id2).await.unwrap();
    assert_eq!(a2.version, 2);
    let fresh = s.assessment_scores(&a2, today()).await.unwrap();
    assert_eq!(fresh[0].score.total, 100.0);
    assert_eq!(fresh[1].score.total, 18.0);
    assert_eq!(s.assessments_of(branch.id).await.unwrap().len(), 2);

    // The superior assesses its branches on the branch's own and its members' records.
    let b = s
        .open_assessment("office", root.id, SubjectKind::Organisation, &basis())
        .await
        .unwrap();
    let b = s.assessment(b).await.unwrap();
    let branches = s.assessment_scores(&b, today()).await.unwrap();
    assert_eq!(branches.len(), 1);
    assert_eq!(branches[0].name, "机关支部");
    // Its members' commitments roll up to 100%; the reviews and records are members'.
    assert_eq!(branches[0].score.lines[0].value, Some(100.0));
    assert_eq!(branches[0].score.lines[1].value, None);
}
