//! The ids the commendation routes are asked with: the demo tree's (its
//! earlier commendation, a nomination with a file, a published case with a
//! photo) and the same made in another tree by its own office.

use crate::support::TestApp;
use chuangxian_web::commendation::selection::{calendar, rule_for};
use domain::commendation::publicity_end;
use domain::date::Day;
use store::commendation::{Decision, NewCase, NewNomination, NewObjection, NominationStatus};
use store::commitment::EvidenceFile;
use store::organisation::Organisation;
use time::Duration;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n fixture";

fn photo() -> EvidenceFile {
    EvidenceFile {
        filename: "照片.png".into(),
        content_type: "image/png".into(),
        body: PNG.to_vec(),
    }
}

/// A commended selection of `decider` with one approved nomination of
/// `person` and a handled objection; its ids.
async fn commended(
    app: &TestApp,
    decider: &Organisation,
    person: i64,
    today: Day,
) -> (i64, i64, i64) {
    let store = &app.db.store;
    let plan = &app.demo.plan;
    let phase = &plan.phases[1].key;
    let rule = rule_for(plan, "excellent_member", phase).unwrap();
    let s = store
        .open_selection("office", decider.id, phase, &rule)
        .await
        .unwrap();
    let p = store.person(person).await.unwrap();
    let n = store
        .nominate(
            "office",
            s,
            &NewNomination {
                nominator_org_id: decider.id,
                person_id: Some(person),
                subject_org_id: None,
                name: p.name.clone(),
                org_name: p.org_name.clone(),
                position: String::new(),
                deeds: "事迹".into(),
                score: None,
                self_nominated: false,
                status: NominationStatus::Reviewed,
                files: vec![],
            },
        )
        .await
        .unwrap();
    store
        .move_nomination(
            "office",
            n,
            NominationStatus::Reviewed,
            NominationStatus::Approved,
            None,
        )
        .await
        .unwrap();
    let sel = store.selection(s).await.unwrap();
    let opens = Day(today.0 - Duration::days(30));
    let ends = publicity_end(&calendar(&sel), opens, 5);
    store
        .open_publicity("office", s, opens, ends)
        .await
        .unwrap();
    let o = store
        .raise_objection(
            s,
            &NewObjection {
                nomination_id: n,
                text: "异议".into(),
                name: None,
                contact: None,
                source: format!("fixture-{s}"),
            },
            opens,
        )
        .await
        .unwrap();
    store
        .handle_objection("office", o, false, "不成立")
        .await
        .unwrap();
    let decision = Decision {
        title: "决定".into(),
        code: "文号".into(),
        decided_on: today,
    };
    store.commend("office", s, &decision, today).await.unwrap();
    (s, n, o)
}

/// A nomination still under review, with a file, in a new selection of `decider`.
async fn with_file(
    app: &TestApp,
    decider: &Organisation,
    nominator: i64,
    person: i64,
) -> (i64, i64) {
    let store = &app.db.store;
    let plan = &app.demo.plan;
    let phase = &plan.phases[1].key;
    let rule = rule_for(plan, "excellent_member", phase).unwrap();
    let s = store
        .open_selection("office", decider.id, phase, &rule)
        .await
        .unwrap();
    let mut n = NewNomination {
        nominator_org_id: nominator,
        person_id: Some(person),
        subject_org_id: None,
        name: "候选".into(),
        org_name: String::new(),
        position: String::new(),
        deeds: "事迹".into(),
        score: None,
        self_nominated: false,
        status: NominationStatus::Proposed,
        files: vec![photo()],
    };
    n.files.push(photo());
    let id = store.nominate("office", s, &n).await.unwrap();
    let file = store.nomination(id).await.unwrap().files[0].0;
    (id, file)
}

/// A published case with a photo.
async fn case(app: &TestApp, org: i64) -> (i64, i64) {
    let store = &app.db.store;
    let id = store
        .add_case(
            "office",
            &NewCase {
                org_id: org,
                person_id: None,
                honour_id: None,
                subject: "集体".into(),
                title: "典型".into(),
                story: "事迹".into(),
                files: vec![photo()],
            },
        )
        .await
        .unwrap();
    store.review_case("office", id, true, None).await.unwrap();
    (id, store.case(id).await.unwrap().files[0].0)
}

/// The ids by kind, (own side, other side).
pub async fn ids(
    app: &TestApp,
    own_branch: &Organisation,
    tree: &Organisation,
    other_person: i64,
    today: Day,
) -> Vec<(&'static str, (String, String))> {
    let store = &app.db.store;
    let root = &app.demo.root;
    // The other tree's members, so that its quotas have room.
    let mut tx = store.begin().await.unwrap();
    for i in 0..9 {
        let draft = domain::person::PersonDraft {
            name: format!("外单位党员{i}"),
            status: Some(domain::person::PoliticalStatus::Full),
            ..Default::default()
        };
        store::person::insert(&mut tx, tree.id, None, &draft, false)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    // The demo's earlier commendation: its nomination of demo04 and its objection.
    let demo04 = app.person_id("demo04").await;
    let earlier = store.selections_of(&[root.id]).await.unwrap();
    let own_selection = earlier
        .iter()
        .find(|s| s.status == store::commendation::SelectionStatus::Commended)
        .unwrap()
        .id;
    let own_objection = store.objections(own_selection).await.unwrap()[0].id;
    let other = commended(app, tree, other_person, today).await;
    let (own_file_nomination, own_file) = with_file(app, root, own_branch.id, demo04).await;
    let (other_file_nomination, other_file) = with_file(app, tree, tree.id, other_person).await;
    let own_case = case(app, own_branch.id).await;
    let other_case = case(app, tree.id).await;
    let pair = |a: i64, b: i64| (a.to_string(), b.to_string());
    vec![
        ("selection", pair(own_selection, other.0)),
        (
            "nomination",
            pair(own_file_nomination, other_file_nomination),
        ),
        ("nomination_file", pair(own_file, other_file)),
        ("objection", pair(own_objection, other.2)),
        ("honour", {
            let own = store.honours_of_person(demo04).await.unwrap()[0].id;
            let theirs = store.honours_of_person(other_person).await.unwrap()[0].id;
            pair(own, theirs)
        }),
        ("case", pair(own_case.0, other_case.0)),
        ("case_file", pair(own_case.1, other_case.1)),
    ]
}
