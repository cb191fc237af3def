//! The ids each route of the matrix is asked with: the demo branch's own and
//! another branch's, made through the same forms a person uses.

use crate::support;
use crate::support::evaluation::open_members_round_in;
use crate::support::{Client, TestApp};
use axum::http::StatusCode;
use domain::access::Role;
use domain::organisation::OrgKind;
use std::collections::HashMap;

/// The ids each kind names: the demo branch's side and another branch's.
pub struct Ids(HashMap<&'static str, (String, String)>);

pub async fn fixture(app: &TestApp) -> Ids {
    let store = &app.db.store;
    let today = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME);
    chuangxian_web::demo::campaign::campaign(
        store,
        &app.demo,
        today,
        chuangxian_web::CHINA_STANDARD_TIME,
    )
    .await
    .unwrap();
    let own_branch = app.demo.branch.clone();
    let other_branch = store
        .subtree(&app.demo.root.path)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.kind == OrgKind::Branch && o.id != own_branch.id)
        .unwrap();
    // A campaign office of another tree.
    let tree = store
        .create_organisation("test", None, OrgKind::LeadingGroup, "别的党组")
        .await
        .unwrap();
    store
        .import_plan(
            "test",
            &tree,
            chuangxian_web::demo::SOURCE_PLAN,
            &app.demo.plan,
            app.demo.shift_years,
        )
        .await
        .unwrap();
    let pid = store
        .add_person(
            "test",
            &tree,
            None,
            &domain::person::PersonDraft {
                name: "外单位创先办".into(),
                status: Some(domain::person::PoliticalStatus::Full),
                username: Some("otheroffice".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let account = store.account_of_person(pid).await.unwrap().unwrap();
    store
        .set_password("test", account, chuangxian_web::demo::DEMO_PASSWORD)
        .await
        .unwrap();
    store
        .grant_role("test", account, Role::CampaignOffice, tree.id)
        .await
        .unwrap();

    let member = app.person_id("member").await;
    let other_person = app.person_id("secretary2").await;
    let mut leader = app.signed_in("leader").await;
    let mut ids = HashMap::new();
    ids.insert(
        "org",
        (own_branch.id.to_string(), other_branch.id.to_string()),
    );
    ids.insert("person", (member.to_string(), other_person.to_string()));
    // An unpublished review of a member on each side, with a rectification
    // item whose owner attached a file.
    let own_review = review_with_item(&mut leader, own_branch.id, member, today).await;
    let other_review = review_with_item(&mut leader, other_branch.id, other_person, today).await;
    let id_of = |path: &str| path.rsplit('/').next().unwrap().to_string();
    ids.insert("review", (id_of(&own_review), id_of(&other_review)));
    let mut files = Vec::new();
    for (branch, owner) in [(own_branch.id, "member"), (other_branch.id, "secretary2")] {
        let items = store.branch_rectifications(branch).await.unwrap();
        let item = items
            .iter()
            .find(|x| {
                x.review_id.is_some()
                    && x.status != domain::review::RectificationStatus::Closed
                    && x.problem == "心得偏少"
            })
            .unwrap();
        let mut c = app.signed_in(owner).await;
        let res = c
            .multipart(
                &format!("/rectifications/{}", item.id),
                &[("note", "补写")],
                Some(("心得.pdf", b"%PDF-1.4 private")),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        files.push(
            store.rectification(item.id).await.unwrap().files[0]
                .0
                .to_string(),
        );
    }
    ids.insert("rectification_file", (files[0].clone(), files[1].clone()));
    // Evidence of an approved commitment on each side (public once approved).
    let mut evidence = Vec::new();
    for branch in [own_branch.id, other_branch.id] {
        let phase = app.demo.plan.phases[0].key.clone();
        let list = store.branch_commitments(branch, &phase).await.unwrap();
        let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
        let progress = store.progress_of(&ids).await.unwrap();
        let e = progress
            .values()
            .flat_map(|p| p.evidence.iter())
            .next()
            .unwrap();
        evidence.push(e.id.to_string());
    }
    ids.insert("evidence", (evidence[0].clone(), evidence[1].clone()));
    // A study file of each side's person.
    let mut study = Vec::new();
    for owner in ["member", "secretary2"] {
        let mut c = app.signed_in(owner).await;
        let res = c
            .multipart_with(
                "/study/records",
                &[
                    ("kind", "reflection"),
                    ("title", "心得"),
                    ("day", &today.to_string()),
                    ("body", ""),
                ],
                "file",
                Some(("心得.pdf", b"%PDF-1.4 mine")),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let person = app.person_id(owner).await;
        let file = store
            .records(person)
            .await
            .unwrap()
            .into_iter()
            .find_map(|r| r.file_id)
            .unwrap();
        study.push(file.to_string());
    }
    ids.insert("study_file", (study[0].clone(), study[1].clone()));
    // A meeting and a closed evaluation on each side.
    let own_meeting = store.meetings(own_branch.id).await.unwrap()[0].id;
    let mut s2 = app.signed_in("secretary2").await;
    let res = s2
        .post_form(
            &format!("/organisations/{}/meetings", other_branch.id),
            &[
                ("kind", "committee"),
                ("topic", "研究推进工作"),
                ("starts_at", &support::local_input(0)),
                ("place", "会议室"),
                ("expected", &other_person.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    ids.insert("meeting", (own_meeting.to_string(), id_of(res.location())));
    let own_round = store
        .rounds_of(own_branch.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.closed_at.is_some())
        .unwrap()
        .id;
    let other_round = open_members_round_in(other_branch.id, &mut s2, 2).await;
    s2.post_form(&format!("/evaluations/{other_round}/close"), &[])
        .await;
    ids.insert("round", (own_round.to_string(), other_round.to_string()));
    let target =
        |round: i64| async move { store.round_targets(round).await.unwrap()[0].id.to_string() };
    ids.insert(
        "round_target",
        (
            format!("{own_round}/{}", target(own_round).await),
            format!("{other_round}/{}", target(other_round).await),
        ),
    );
    // The demo branch's finalised assessment of its members, with the member's
    // score; another branch's, opened by its secretary, with theirs.
    let own_assessment = store.assessments_of(own_branch.id).await.unwrap()[0].id;
    let res = s2
        .post_form(
            &format!("/organisations/{}/assessments", other_branch.id),
            &[("kind", "member"), ("phase", &app.demo.plan.phases[0].key)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let other_assessment = id_of(res.location());
    ids.insert(
        "assessment",
        (own_assessment.to_string(), other_assessment.clone()),
    );
    ids.insert(
        "assessment_subject",
        (
            format!("{own_assessment}/{member}"),
            format!("{other_assessment}/{other_person}"),
        ),
    );
    for (kind, pair) in super::commendation::ids(app, &own_branch, &tree, pid, today).await {
        ids.insert(kind, pair);
    }
    for (kind, pair) in
        super::programme::ids(app, &own_branch, &other_branch, &tree, member, pid, today).await
    {
        ids.insert(kind, pair);
    }
    // A message in the outbox (one store for both sides).
    let mut tx = store.begin().await.unwrap();
    let message = store::inbox::queue_outgoing(&mut tx, "sms", "13800000000", "", "提醒")
        .await
        .unwrap()
        .to_string();
    tx.commit().await.unwrap();
    ids.insert("outbox", (message.clone(), message));
    for (kind, pair) in super::rule::ids(app, own_branch.id, other_branch.id, today).await {
        ids.insert(kind, pair);
    }
    for (kind, pair) in super::publicity::ids(app, own_branch.id, other_branch.id).await {
        ids.insert(kind, pair);
    }
    Ids(ids)
}

/// An unpublished review of `person` with a rectification item they own; its path.
async fn review_with_item(
    leader: &mut Client,
    branch: i64,
    person: i64,
    today: domain::date::Day,
) -> String {
    let review = support::review_member(leader, branch, person).await;
    let res = leader
        .post_form(
            &format!("{review}/rectifications"),
            &[
                ("problem", "心得偏少"),
                ("owner", &person.to_string()),
                ("due_on", &today.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    review
}

/// The path with its ids filled in for a side.
pub fn fill(path: &str, kind: &str, ids: &Ids, own: bool) -> Option<String> {
    if kind == "-" {
        return (!path.contains('{')).then(|| path.to_string());
    }
    let (a, b) = ids.0.get(kind)?;
    let id = if own { a } else { b };
    if kind == "round_target" || kind == "assessment_subject" {
        let (first, second) = id.split_once('/').unwrap();
        return Some(
            path.replace("{id}", first)
                .replace("{target}", second)
                .replace("{subject_id}", second),
        );
    }
    Some(path.replace("{id}", id))
}
