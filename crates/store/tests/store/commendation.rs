//! Selection and commendation: quotas held under concurrent nominations, the
//! levels of a nomination, the 公示 with objections, and the honours made.

use crate::support::*;
use chuangxian_store::StoreError;
use chuangxian_store::commendation::{
    Decision, NewNomination, NewObjection, NominationStatus, SelectionRule,
};
use chuangxian_store::person;
use chuangxian_store::testing::TestDb;
use domain::date::Day;
use domain::person::PoliticalStatus;
use domain::plan::{Decider, Nominator, Rounding, StandardTarget, Title};

on_both!(
    concurrent_nominations_at_the_quota_take_exactly_the_quota,
    a_nomination_climbs_its_levels_through_publicity_to_an_honour,
);

fn rule(percent: u32) -> SelectionRule {
    SelectionRule {
        title: Title {
            key: "excellent_member".into(),
            name: "优秀共产党员".into(),
            applies_to: StandardTarget::Member,
            probationary: false,
            quota_percent: Some(percent),
            quota_number: None,
            rounding: Rounding::Down,
            nominated_by: Nominator::Branch,
            self_nomination: true,
            decided_by: Decider::LeadingGroup,
        },
        phase_name: "第一阶段".into(),
        publicity_days: 5,
        holidays: vec![],
        workdays: vec![],
    }
}

fn candidate(branch: i64, person: i64, status: NominationStatus) -> NewNomination {
    NewNomination {
        nominator_org_id: branch,
        person_id: Some(person),
        subject_org_id: None,
        name: format!("党员{person}"),
        org_name: "机关支部".into(),
        position: "干部".into(),
        deeds: "带头学习，成绩突出".into(),
        score: None,
        self_nominated: false,
        status,
        files: vec![],
    }
}

async fn members(db: &TestDb, branch: i64, n: usize) -> Vec<i64> {
    let mut tx = db.store.begin().await.unwrap();
    let mut ids = Vec::new();
    for i in 0..n {
        let mut d = draft(&format!("党员{i}"), None);
        d.status = Some(PoliticalStatus::Full);
        ids.push(
            person::insert(&mut tx, branch, None, &d, false)
                .await
                .unwrap(),
        );
    }
    tx.commit().await.unwrap();
    ids
}

async fn concurrent_nominations_at_the_quota_take_exactly_the_quota(db: &TestDb) {
    let (root, branch, _) = tree(&db.store).await;
    // 15% of 20, rounded down: 3.
    let people = members(db, branch.id, 20).await;
    let sid = db
        .store
        .open_selection("office", root.id, "p1", &rule(15))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for &p in people.iter().take(8) {
        let store = db.store.clone();
        let n = candidate(branch.id, p, NominationStatus::Proposed);
        tasks.push(tokio::spawn(
            async move { store.nominate("sec", sid, &n).await },
        ));
    }
    let mut accepted = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => accepted += 1,
            Err(StoreError::Conflict("nomination-error-quota")) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(accepted, 3);
    // A member's own proposal waits outside the quota until the branch takes it up.
    let mut own = candidate(branch.id, people[10], NominationStatus::SelfProposed);
    own.self_nominated = true;
    let id = db.store.nominate("p10", sid, &own).await.unwrap();
    assert!(matches!(
        db.store
            .move_nomination(
                "sec",
                id,
                NominationStatus::SelfProposed,
                NominationStatus::Proposed,
                None
            )
            .await,
        Err(StoreError::Conflict("nomination-error-quota"))
    ));
}

async fn a_nomination_climbs_its_levels_through_publicity_to_an_honour(db: &TestDb) {
    let s = &db.store;
    let (root, branch, _) = tree(s).await;
    let people = members(db, branch.id, 10).await;
    let sid = s
        .open_selection("office", root.id, "p1", &rule(20))
        .await
        .unwrap();
    assert!(matches!(
        s.open_selection("office", root.id, "p1", &rule(20)).await,
        Err(StoreError::Conflict("selection-error-running"))
    ));
    let a = s
        .nominate(
            "sec",
            sid,
            &candidate(branch.id, people[0], NominationStatus::Proposed),
        )
        .await
        .unwrap();
    let b = s
        .nominate(
            "sec",
            sid,
            &candidate(branch.id, people[1], NominationStatus::Proposed),
        )
        .await
        .unwrap();
    assert!(matches!(
        s.nominate(
            "sec",
            sid,
            &candidate(branch.id, people[0], NominationStatus::Proposed)
        )
        .await,
        Err(StoreError::Conflict("nomination-error-twice"))
    ));
    use NominationStatus::*;
    s.move_nomination("office", a, Proposed, Reviewed, None)
        .await
        .unwrap();
    s.move_nomination("office", b, Proposed, Returned, Some("事迹不够具体"))
        .await
        .unwrap();
    assert_eq!(
        s.nomination(b).await.unwrap().reason.as_deref(),
        Some("事迹不够具体")
    );
    // A step already taken is refused.
    assert!(matches!(
        s.move_nomination("office", a, Proposed, Reviewed, None)
            .await,
        Err(StoreError::Conflict("nomination-error-state"))
    ));
    s.move_nomination("leader", a, Reviewed, Approved, None)
        .await
        .unwrap();

    let day = |t: &str| Day::parse_iso(t).unwrap();
    s.open_publicity("office", sid, day("2011-06-20"), day("2011-06-24"))
        .await
        .unwrap();
    let objection = |text: &str, source: &str| NewObjection {
        nomination_id: a,
        text: text.into(),
        name: None,
        contact: None,
        source: source.into(),
    };
    assert!(matches!(
        s.raise_objection(sid, &objection("晚了", "v1"), day("2011-06-25"))
            .await,
        Err(StoreError::Conflict("objection-error-ended"))
    ));
    let o = s
        .raise_objection(sid, &objection("事迹有出入", "v1"), day("2011-06-22"))
        .await
        .unwrap();
    for _ in 0..5 {
        s.raise_objection(sid, &objection("又一条", "v2"), day("2011-06-22"))
            .await
            .unwrap();
    }
    assert!(matches!(
        s.raise_objection(sid, &objection("第六条", "v2"), day("2011-06-22"))
            .await,
        Err(StoreError::Conflict("objection-error-rate"))
    ));
    let decision = Decision {
        title: "关于表彰优秀共产党员的决定".into(),
        code: "泉妇组〔2011〕9号".into(),
        decided_on: day("2011-06-28"),
    };
    // Not before the 公示 ends; not while an objection is open.
    assert!(matches!(
        s.commend("office", sid, &decision, day("2011-06-24")).await,
        Err(StoreError::Conflict("commendation-error-publicity"))
    ));
    assert!(matches!(
        s.commend("office", sid, &decision, day("2011-06-28")).await,
        Err(StoreError::Conflict("commendation-error-objection"))
    ));
    for x in s.objections(sid).await.unwrap() {
        s.handle_objection("office", x.id, false, "经核实，事迹属实")
            .await
            .unwrap();
    }
    assert!(matches!(
        s.handle_objection("office", o, true, "again").await,
        Err(StoreError::Conflict("objection-error-handled"))
    ));
    assert_eq!(
        s.commend("office", sid, &decision, day("2011-06-28"))
            .await
            .unwrap(),
        1
    );
    let honours = s.honours_of_person(people[0]).await.unwrap();
    assert_eq!(honours.len(), 1);
    assert_eq!(honours[0].decision_code, "泉妇组〔2011〕9号");
    assert_eq!(s.honour_roll(&root.path).await.unwrap().len(), 1);
    assert_eq!(s.honour_roll(&branch.path).await.unwrap().len(), 1);
}
