//! The demo as a campaign half-way through its first phase, made through the
//! store functions that people's actions call: two more branches beside the
//! seed's, public commitments approved, drafted and returned, with progress,
//! evidence and the masses' opinions; leader reviews with rectification items;
//! one evaluation closed with its results published and one open; the demo
//! accounts' own study; the first phase's assessments, finalised; an earlier
//! commendation, a selection in 公示 with objections, and a published case;
//! the programmes' activities and tasks; a spot check drawn with findings;
//! news and bulletins published and waiting for review; the branch's rules,
//! one in its second version; notices waiting in the outbox for e-mail and SMS,
//! and a party group's call to its study sent by SMS.
//! `chuangxian demo` adds it to [`super::build`].

use super::assessment::assessments;
use super::commendation::commendations;
use super::commitment::commitments;
use super::evaluation::evaluations;
use super::programme::programmes;
use super::publicity::publicity;
use super::review::reviews;
use super::rule::rules;
use super::study::history;
use super::supervision::{circulars, spot_checks};
use crate::demo::{Demo, DemoAccount};
use domain::access::Role;
use domain::date::Day;
use domain::organisation::OrgKind;
use domain::person::{Gender, PersonDraft, PoliticalStatus};
use store::inbox::ChannelPreference;
use store::organisation::Organisation;
use store::{Store, StoreError, account, person};
use time::UtcOffset;

/// A person of the demo: name, gender, position, party group (1 or 2).
type DemoPerson = (&'static str, Gender, &'static str, u8);

/// The two branches beside the seed's, with their people.
const BRANCHES: &[(&str, &[DemoPerson])] = {
    use Gender::{Female as F, Male as M};
    &[
        (
            "中共泉州市妇女儿童活动中心支部委员会（演示）",
            &[
                ("赵美华", F, "支部书记、中心主任", 1),
                ("孙晓梅", F, "支部副书记", 2),
                ("周丽", F, "培训部部长", 1),
                ("郑雅琴", F, "活动部部长", 1),
                ("冯建国", M, "后勤主管", 2),
                ("蒋文静", F, "少儿部教师", 2),
                ("韩冬梅", F, "少儿部教师", 1),
                ("沈海波", M, "财务", 2),
            ],
        ),
        (
            "中共泉州市妇联直属单位联合支部委员会（演示）",
            &[
                ("何淑珍", F, "支部书记", 1),
                ("曾玉兰", F, "支部副书记", 2),
                ("彭丽萍", F, "家庭服务中心主任", 1),
                ("罗秀梅", F, "维权热线主管", 2),
                ("谢志明", M, "信息员", 1),
                ("唐晓燕", F, "社工", 2),
                ("许静怡", F, "社工", 1),
            ],
        ),
    ]
};

/// What the campaign added: how many commitments stand approved, and the
/// accounts of the other branches' leadership.
pub struct Campaign {
    pub approved: usize,
    pub accounts: Vec<DemoAccount>,
}

/// Builds the campaign under way on top of `demo`.
pub async fn campaign(
    store: &Store,
    demo: &Demo,
    today: Day,
    offset: UtcOffset,
) -> Result<Campaign, StoreError> {
    let password = crate::demo::DEMO_PASSWORD.to_string();
    let hash = tokio::task::spawn_blocking(move || account::hash_password(&password))
        .await
        .map_err(|e| StoreError::Hash(e.to_string()))??;
    // The secretary takes notices by e-mail and SMS; the member by SMS, not
    // at night. What the campaign tells them waits in the outbox (and goes
    // out when `chuangxian demo` is given --smtp or --sms-gateway).
    let chose = |email, sms, quiet: Option<(&str, &str)>| ChannelPreference {
        email,
        sms,
        quiet: quiet.map(|(a, b)| (a.to_string(), b.to_string())),
    };
    store
        .set_channel_preference(demo.branch_people[0].0, &chose(true, true, None))
        .await?;
    store
        .set_channel_preference(
            demo.branch_people[2].0,
            &chose(false, true, Some(("22:00", "07:00"))),
        )
        .await?;
    // The secretary called a party group to its study by SMS.
    let groups = store.children(demo.branch.id).await?;
    if let Some(group) = groups
        .iter()
        .find(|o| o.kind == domain::organisation::OrgKind::PartyGroup)
    {
        store
            .queue_to_group(
                "secretary",
                store::inbox::Audience::PartyGroup(group.id),
                "sms",
                &group.name,
                "请于本周五下午三点到支部活动室参加党小组学习，带上学习笔记。",
            )
            .await?;
    }
    let mut branches = vec![(demo.branch.clone(), demo.branch_people.clone())];
    let mut accounts = Vec::new();
    for (n, (name, people)) in BRANCHES.iter().enumerate() {
        branches.push(add_branch(store, &demo.root, name, people, &hash, n + 2).await?);
        for (role, prefix, (person, ..)) in [
            (Role::Secretary, "secretary", people[0]),
            (Role::Deputy, "deputy", people[1]),
        ] {
            accounts.push(DemoAccount {
                role,
                username: format!("{prefix}{}", n + 2),
                name: person.to_string(),
            });
        }
    }
    let mut approved = 0;
    for (b, (branch, people)) in branches.iter().enumerate() {
        approved += commitments(store, branch, people, &demo.plan, b).await?;
    }
    reviews(store, &demo.branch, &demo.branch_people, today).await?;
    evaluations(store, &demo.branch, &demo.branch_people, &demo.plan, offset).await?;
    let people: Vec<i64> = demo.branch_people.iter().map(|&(p, _)| p).collect();
    assessments(store, &demo.root, &demo.branch, &people, &demo.plan, today).await?;
    commendations(store, &demo.root, &demo.branch, &people, &demo.plan, today).await?;
    programmes(store, &demo.root, &branches, &demo.plan, today).await?;
    // The demo accounts keep their quotas, so that the branch table shows
    // them among those who do.
    for (i, &(pid, status)) in demo.branch_people.iter().take(3).enumerate() {
        history(
            store,
            &demo.branch,
            &demo.plan,
            (i, pid, status),
            true,
            today,
        )
        .await?;
    }
    // Drawn last, so that the demo accounts' ledgers are in the population.
    spot_checks(store, &demo.root, &demo.plan.phases[0].key, today).await?;
    circulars(store, &demo.root, today, offset).await?;
    publicity(store, &demo.root, &demo.branch, &people, &demo.plan, today).await?;
    rules(store, &demo.root, &demo.branch, demo.first_phase.0, today).await?;
    Ok(Campaign { approved, accounts })
}

/// A branch with its two party groups and people; its secretary and deputy
/// (the first two) sign in as `secretary{n}` and `deputy{n}`.
async fn add_branch(
    store: &Store,
    root: &Organisation,
    name: &str,
    people: &[DemoPerson],
    hash: &str,
    n: usize,
) -> Result<(Organisation, Vec<(i64, PoliticalStatus)>), StoreError> {
    let mut tx = store.begin().await?;
    let branch = store::organisation::create(&mut tx, Some(root), OrgKind::Branch, name).await?;
    let groups = [
        store::organisation::create(&mut tx, Some(&branch), OrgKind::PartyGroup, "第一党小组")
            .await?,
        store::organisation::create(&mut tx, Some(&branch), OrgKind::PartyGroup, "第二党小组")
            .await?,
    ];
    let mut ids = Vec::new();
    for (i, (person_name, gender, position, group)) in people.iter().enumerate() {
        let draft = PersonDraft {
            name: (*person_name).into(),
            gender: Some(*gender),
            born_on: Day::from_ymd(1970 + (i as i32 * 5) % 25, (i % 12 + 1) as u8, 15),
            status: Some(PoliticalStatus::Full),
            joined_on: Day::from_ymd(1998 + i as i32, 7, 1),
            position: Some((*position).into()),
            phone: Some(format!("1390595{:04}", 2000 + n * 100 + i)),
            ..Default::default()
        };
        let group = groups[usize::from(*group) - 1].id;
        let pid = person::insert(&mut tx, branch.id, Some(group), &draft, true).await?;
        let role = match i {
            0 => Some((Role::Secretary, format!("secretary{n}"))),
            1 => Some((Role::Deputy, format!("deputy{n}"))),
            _ => None,
        };
        if let Some((role, username)) = role {
            let aid = account::insert(&mut tx, pid, &username, Some(hash)).await?;
            account::grant(&mut tx, aid, role, branch.id).await?;
        }
        ids.push((pid, PoliticalStatus::Full));
    }
    tx.commit().await?;
    Ok((branch, ids))
}
