//! The demo's selection and commendation, made as the secretaries, the office,
//! the leader and the public make them: an earlier commendation of two of the
//! 机关支部's members (its 公示 over, its decision recorded, so their honour
//! history has it); the 先进基层党组织 selection in 公示 now with two
//! objections waiting; and a published exemplary case telling of an honour.

use crate::commendation::selection::{calendar, rule_for};
use domain::commendation::publicity_end;
use domain::date::Day;
use domain::plan::Plan;
use store::commendation::{
    Decision, NewCase, NewNomination, NewObjection, NominationStatus, Selection,
};
use store::organisation::Organisation;
use store::{Store, StoreError};
use time::Duration;

pub(super) async fn commendations(
    store: &Store,
    root: &Organisation,
    branch: &Organisation,
    people: &[i64],
    plan: &Plan,
    today: Day,
) -> Result<(), StoreError> {
    let phase = plan.phases[0].key.clone();
    let rule = |title: &str| {
        rule_for(plan, title, &phase).map_err(|e| StoreError::Corrupt(format!("{e:?}")))
    };
    use NominationStatus::*;

    // The earlier commendation: two members, through every level.
    let earlier = store
        .open_selection("office", root.id, &phase, &rule("excellent_member")?)
        .await?;
    let deeds = [
        "牵头组织“建党90周年”系列读书活动，全年读书14本、撰写心得6篇，所写调研报告《城乡妇女创业现状调查》获市妇联通报表扬；常年联系3户困难妇女家庭，帮助2人实现再就业。",
        "负责妇女维权热线，全年接听来电1200余次、办结率100%；带头下基层走访，协调解决家庭纠纷37起；在“三八”系列活动中组织志愿服务12场，群众满意度高。",
    ];
    let mut ids = Vec::new();
    for (k, &p) in [people[3], people[4]].iter().enumerate() {
        let person = store.person(p).await?;
        let n = NewNomination {
            nominator_org_id: branch.id,
            person_id: Some(p),
            subject_org_id: None,
            name: person.name.clone(),
            org_name: person.org_name.clone(),
            position: person.position.clone().unwrap_or_default(),
            deeds: deeds[k].into(),
            score: None,
            self_nominated: false,
            status: Proposed,
            files: vec![],
        };
        ids.push(store.nominate("secretary", earlier, &n).await?);
    }
    for &id in &ids {
        store
            .move_nomination("office", id, Proposed, Reviewed, None)
            .await?;
        store
            .move_nomination("leader", id, Reviewed, Approved, None)
            .await?;
    }
    let s = store.selection(earlier).await?;
    let opens = Day(today.0 - Duration::days(21));
    let ends = publicity_end(&calendar(&s), opens, s.rule.publicity_days);
    store.open_publicity("office", earlier, opens, ends).await?;
    let objection = store
        .raise_objection(
            earlier,
            &NewObjection {
                nomination_id: ids[1],
                text: "听说她去年有一次值班迟到，是否影响评选？".into(),
                name: None,
                contact: None,
                source: domain::secret::digest("demo-visitor-1"),
            },
            Day(opens.0 + Duration::days(1)),
        )
        .await?;
    store
        .handle_objection(
            "office",
            objection,
            false,
            "经核实，迟到系处理突发来访所致，已按规定报备，不影响评选。",
        )
        .await?;
    let decided_on = Day(ends.0 + Duration::days(3)).min(today);
    store
        .commend(
            "office",
            earlier,
            &Decision {
                title: "关于表彰创先争优活动优秀共产党员的决定".into(),
                code: format!("泉妇组〔{}〕18号", today.year()),
                decided_on,
            },
            Day(ends.0 + Duration::days(1)).max(today),
        )
        .await?;

    // 先进基层党组织 in 公示 now, with two objections waiting for the office.
    let now = store
        .open_selection("office", root.id, &phase, &rule("advanced_organisation")?)
        .await?;
    let parent = root.name.clone();
    let n = NewNomination {
        nominator_org_id: root.id,
        person_id: None,
        subject_org_id: Some(branch.id),
        name: branch.name.clone(),
        org_name: parent,
        position: String::new(),
        deeds: "支部班子团结，“三会一课”和每周学习例会坚持不断；全体党员公开承诺并按期践诺，群众评议满意率九成以上；创建“巾帼读书角”，带动机关干部职工人均年读书12本。".into(),
        score: store
            .final_score(root.id, &phase, branch.id)
            .await?
            .map(|(t, g)| format!("{t:.2} {}", g.unwrap_or_default())),
        self_nominated: false,
        status: Reviewed,
        files: vec![],
    };
    let id = store.nominate("office", now, &n).await?;
    store
        .move_nomination("leader", id, Reviewed, Approved, None)
        .await?;
    let s: Selection = store.selection(now).await?;
    let ends = publicity_end(&calendar(&s), today, s.rule.publicity_days);
    store.open_publicity("office", now, today, ends).await?;
    for (k, text) in [
        "支部读书角的图书大多是单位采购的，算不算支部的成绩？",
        "建议把支部帮扶困难妇女的情况也写进事迹。",
    ]
    .iter()
    .enumerate()
    {
        store
            .raise_objection(
                now,
                &NewObjection {
                    nomination_id: id,
                    text: (*text).into(),
                    name: (k == 1).then(|| "一位群众".to_string()),
                    contact: None,
                    source: domain::secret::digest(&format!("demo-visitor-{}", k + 2)),
                },
                today,
            )
            .await?;
    }

    // A published exemplary case telling of the earlier honour.
    let honour = store.honours_of_person(people[3]).await?.remove(0);
    let case = store
        .add_case(
            "secretary",
            &NewCase {
                org_id: branch.id,
                person_id: Some(people[3]),
                honour_id: Some(honour.id),
                subject: honour.name.clone(),
                title: format!("{}：把读书会办到妇女家门口", honour.name),
                story: "她把机关的读书活动延伸到社区，每月带着书走进妇女之家，和姐妹们一起读、一起写。\n一年来，她组织社区读书会11场，参加的妇女300多人次；她的调研报告为全市妇女创业扶持政策提供了依据。\n她说：“读书不是为了评先进，是为了把工作做得更好。”".into(),
                files: vec![],
            },
        )
        .await?;
    store.review_case("office", case, true, None).await?;
    Ok(())
}
