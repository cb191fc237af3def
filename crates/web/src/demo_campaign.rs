//! The demo as a campaign half-way through its first phase, made through the
//! store functions that people's actions call: two more branches beside the
//! seed's, public commitments approved, drafted and returned, with progress,
//! evidence and the masses' opinions; leader reviews with rectification items;
//! one evaluation closed with its results published and one open; the demo
//! accounts' own study. `chuangxian demo` adds it to [`crate::demo::build`].

use crate::demo::{Demo, DemoAccount};
use crate::demo_study::history;
use domain::access::Role;
use domain::commitment::{Item, ItemStatus};
use domain::date::Day;
use domain::evaluation::ballot::BallotInput;
use domain::evaluation::record::ForumDraft;
use domain::evaluation::{Publication, RoundInput, check_round};
use domain::organisation::OrgKind;
use domain::person::{Gender, PersonDraft, PoliticalStatus};
use domain::review::ReviewParts;
use std::collections::HashMap;
use store::commitment::EvidenceFile;
use store::evaluation::NewTarget;
use store::evaluation::ballot_box::{BallotBox, Cast};
use store::organisation::Organisation;
use store::{Store, StoreError, account, person};
use time::{Duration, OffsetDateTime, UtcOffset};

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

/// What members commit to under 五带头, by criterion: what and the target.
const PROMISES: &[(&str, &str, &str)] = &[
    (
        "study",
        "每月读一本政治理论或业务书籍",
        "全年读书12本以上，写心得4篇",
    ),
    ("service", "每季度走访困难妇女家庭", "每季度走访不少于3户"),
    (
        "achievement",
        "牵头完成一项妇女创业帮扶项目",
        "帮扶创业妇女10名",
    ),
    (
        "discipline",
        "严守工作纪律，按时参加组织生活",
        "组织生活出勤率100%",
    ),
    ("integrity", "宣传身边好人好事", "每季度推荐一名先进典型"),
];

/// The branch's own commitment under 五个好.
const BRANCH_PROMISES: &[(&str, &str, &str)] = &[
    ("leadership", "支委班子每月集中学习一次", "全年12次"),
    ("membership", "党员全员参加读书活动", "人均读书12本"),
    ("performance", "办好“巾帼建功”实事项目", "完成5件实事"),
    ("reputation", "开展群众满意度测评", "满意率90%以上"),
];

/// Opinions the masses leave on the board.
const OPINIONS: &[(&str, &str)] = &[
    ("王阿姨", "希望多到社区开展家庭教育讲座"),
    ("", "走访困难家庭很实在，点赞"),
    ("李女士", "创业培训能不能安排在周末"),
];

const EVIDENCE: &[u8] = b"%PDF-1.4\n% demo evidence\n%%EOF\n";

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

/// Most members commit and are approved, with progress; every seventh keeps a
/// draft, one is returned, and each branch commits too. Opinions follow.
async fn commitments(
    store: &Store,
    branch: &Organisation,
    people: &[(i64, PoliticalStatus)],
    plan: &domain::plan::Plan,
    b: usize,
) -> Result<usize, StoreError> {
    let phase = &plan.phases[0];
    let secretary = store.account_name_of(people[0].0).await?;
    let due = |k: usize| {
        let span = (phase.ends_on.0 - phase.starts_on.0).whole_days();
        Day(phase.starts_on.0 + Duration::days(span * (3 + k as i64) / 8))
    };
    let items = |promises: &[(&str, &str, &str)], from: usize, n: usize| -> Vec<Item> {
        (0..n)
            .map(|k| {
                let (criterion, what, target) = promises[(from + k) % promises.len()];
                Item {
                    key: format!("k{}", k + 1),
                    criterion: criterion.into(),
                    what: what.into(),
                    target: target.into(),
                    due_on: due(k),
                    weight: 1 + (k as u32 % 3),
                }
            })
            .collect()
    };
    let mut approved = Vec::new();
    for (i, &(pid, status)) in people.iter().enumerate() {
        if status == PoliticalStatus::Masses {
            continue;
        }
        let actor = store
            .account_name_of(pid)
            .await?
            .unwrap_or_else(|| "demo".into());
        let id = store
            .save_commitment_draft(
                &actor,
                branch.id,
                Some(pid),
                &phase.key,
                &items(PROMISES, i, 2 + i % 2),
            )
            .await?;
        // A few keep a draft; one member of the seed's branch is sent back.
        if (i + b) % 7 == 5 {
            continue;
        }
        if b == 0 && i == 6 {
            store.submit_commitment(&actor, id).await?;
            store
                .return_commitment(
                    secretary.as_deref().unwrap_or("demo"),
                    id,
                    "请把目标写得更具体，便于群众监督",
                )
                .await?;
            continue;
        }
        store.submit_commitment(&actor, id).await?;
        store
            .approve_commitment(secretary.as_deref().unwrap_or("demo"), id)
            .await?;
        approved.push((id, i));
    }
    // The branch's own commitment, approved by the office.
    let own = store
        .save_commitment_draft(
            "demo",
            branch.id,
            None,
            &phase.key,
            &items(BRANCH_PROMISES, b, 4),
        )
        .await?;
    store.submit_commitment("demo", own).await?;
    store.approve_commitment("office", own).await?;
    approved.push((own, 0));

    // Progress on most items, some with evidence.
    for &(id, i) in &approved {
        let c = store.commitment(id).await?;
        for (k, item) in c.approved.clone().unwrap_or_default().iter().enumerate() {
            if (i + k) % 4 == 3 {
                continue;
            }
            let percent = [30u8, 60, 100, 45][(i + k) % 4];
            let status = if percent == 100 {
                ItemStatus::Done
            } else {
                ItemStatus::InProgress
            };
            let evidence = ((i + k) % 3 == 0).then(|| EvidenceFile {
                filename: "活动照片与签到表.pdf".into(),
                content_type: "application/pdf".into(),
                body: EVIDENCE.to_vec(),
            });
            store
                .record_progress(
                    "demo",
                    &c,
                    &item.key,
                    percent,
                    status,
                    "按计划推进",
                    evidence,
                    ("您关注的承诺有新进展", &format!("/board/{}", branch.id)),
                )
                .await?;
        }
    }
    // The masses' opinions: two shown (one answered), one waiting.
    for (n, (name, text)) in OPINIONS.iter().enumerate() {
        let Some(&(id, _)) = approved.get(n) else {
            break;
        };
        let name = (!name.is_empty()).then_some(*name);
        let source = format!("demo-visitor-{b}-{n}");
        let opinion = store.add_opinion(id, name, text, &source).await?;
        if n < 2 {
            store
                .moderate_opinion(secretary.as_deref().unwrap_or("demo"), opinion, true)
                .await?;
        }
        if n == 0 {
            store
                .reply_to_opinion("demo", opinion, "谢谢您的建议，下月起每月到社区开展一次。")
                .await?;
        }
    }
    Ok(approved.len())
}

/// The leader reviews the branch and two members; of the rectification items
/// raised, one is reported on and closed, one is open and overdue.
async fn reviews(
    store: &Store,
    branch: &Organisation,
    people: &[(i64, PoliticalStatus)],
    today: Day,
) -> Result<(), StoreError> {
    let leader = store
        .check_login("leader", crate::demo::DEMO_PASSWORD)
        .await?
        .ok_or(StoreError::NotFound)?;
    let leader_name = store.account(leader).await?.person_name.clone();
    let parts =
        |affirmed: &str, problems: &[&str], direction: &str, criteria: &[&str]| ReviewParts {
            affirmed: affirmed.into(),
            problems: problems.iter().map(|p| p.to_string()).collect(),
            direction: direction.into(),
            criteria: criteria.iter().map(|c| c.to_string()).collect(),
        };
    let of_branch = store
        .add_review(
            "leader",
            (leader, &leader_name),
            branch.id,
            None,
            &parts(
                "支部班子团结，读书活动开展扎实，公开承诺覆盖全体党员。",
                &["党小组活动记录不够完整", "群众留言回复不够及时"],
                "健全党小组活动台账，群众留言三个工作日内答复。",
                &["leadership", "reputation"],
            ),
        )
        .await?;
    store.publish_review("leader", of_branch, true).await?;
    let review = store.review(of_branch).await?;
    let secretary = people[0].0;
    // Raised a month ago, reported on and closed since.
    let closed = store
        .add_rectification(
            "leader",
            &review,
            "党小组活动记录不够完整",
            secretary,
            Day(today.0 + Duration::days(10)),
        )
        .await?;
    store
        .update_rectification(
            "secretary",
            closed,
            "两个党小组已补齐活动记录，建立月度台账。",
            None,
        )
        .await?;
    store.close_rectification("leader", closed).await?;
    // Due three days ago and still open: overdue on the list and the branch page.
    store
        .add_rectification(
            "leader",
            &review,
            "群众留言回复不够及时",
            people[1].0,
            Day(today.0 - Duration::days(3)),
        )
        .await?;
    for (k, &(pid, _)) in people.iter().skip(3).take(2).enumerate() {
        store
            .add_review(
                "leader",
                (leader, &leader_name),
                branch.id,
                Some(pid),
                &parts(
                    ["带头学习，读书笔记认真。", "服务群众热情，走访扎实。"][k],
                    &[["调研文章还未动笔"], ["创业帮扶项目进度偏慢"]][k],
                    ["结合业务写好调研文章。", "抓紧对接帮扶对象，按期完成。"][k],
                    &[["study"], ["achievement"]][k],
                ),
            )
            .await?;
    }
    Ok(())
}

/// An evaluation of the branch's members closed with its results published
/// (and its receipt board), and a second one open with slips printed.
async fn evaluations(
    store: &Store,
    branch: &Organisation,
    people: &[(i64, PoliticalStatus)],
    plan: &domain::plan::Plan,
    offset: UtcOffset,
) -> Result<(), StoreError> {
    let now = OffsetDateTime::now_utc();
    let input = |title: &str, opens: OffsetDateTime, closes: OffsetDateTime| RoundInput {
        title: title.into(),
        kind: "members".into(),
        criteria: vec!["study".into(), "service".into(), "discipline".into()],
        levels: vec![
            ("好".into(), "100".into(), true),
            ("较好".into(), "80".into(), true),
            ("一般".into(), "60".into(), false),
            ("差".into(), "40".into(), false),
        ],
        opens_at: crate::http::clock::input_time(opens, offset),
        closes_at: crate::http::clock::input_time(closes, offset),
        min_ballots: "5".into(),
    };
    let targets: Vec<NewTarget> = people
        .iter()
        .skip(2)
        .take(5)
        .filter(|(_, s)| *s != PoliticalStatus::Masses)
        .map(|&(pid, _)| NewTarget {
            org_id: None,
            person_id: Some(pid),
            name: String::new(),
        })
        .collect();
    let mut named = Vec::new();
    for t in &targets {
        let p = store.person(t.person_id.unwrap_or_default()).await?;
        named.push(NewTarget {
            name: p.name,
            ..t.clone()
        });
    }
    let checked = |i: RoundInput| {
        check_round(&i, plan, offset, now).map_err(|e| StoreError::Corrupt(format!("{e:?}")))
    };

    // Closed, with results published: 12 slips handed out at a forum, 10 cast.
    let draft = checked(input(
        "上半年党员民主评议（座谈会）",
        now - Duration::days(14),
        now + Duration::hours(1),
    ))?;
    let round = store
        .create_round("secretary", branch.id, &draft, &named)
        .await?;
    let batch = store
        .issue_codes("secretary", round, "slips", "座谈会发放", &[], 12)
        .await?;
    let box_ = BallotBox::start(store.clone());
    let listed = store.round_targets(round).await?;
    for (n, code) in batch.codes.into_iter().take(10).enumerate() {
        let mut ratings = HashMap::new();
        for (t, target) in listed.iter().enumerate() {
            for criterion in 0..3u32 {
                let level = [0, 0, 1, 0, 1, 2, 0, 1, 0, 1][(n + t + criterion as usize) % 10];
                ratings.insert((target.id, criterion), level);
            }
        }
        let comments = HashMap::from([(listed[n % listed.len()].id, "工作认真负责".to_string())]);
        box_.cast(Cast {
            code,
            input: BallotInput { ratings, comments },
            only_round: None,
        })
        .await?;
    }
    let day = crate::http::clock::today(offset);
    store
        .add_forum(
            "secretary",
            round,
            &ForumDraft {
                held_on: Day(day.0 - Duration::days(2)),
                place: "市妇联三楼会议室".into(),
                present: 12,
                minutes: "群众代表对党员公开承诺落实情况逐一评议。".into(),
            },
        )
        .await?;
    store
        .close_round("secretary", round, now, "演示：评议结束")
        .await?;
    store
        .set_publication(
            "secretary",
            round,
            &Publication {
                published: true,
                good_share: true,
                mean: true,
                distribution: true,
                comments: false,
                feedback: true,
            },
        )
        .await?;
    store
        .set_feedback(
            "secretary",
            round,
            "评议结果已在支部党员大会上通报，对“一般”评价较多的事项已列入整改。",
        )
        .await?;

    // Open for a week, its slips printed for the next forum.
    let draft = checked(input(
        "下半年党员民主评议",
        now - Duration::hours(1),
        now + Duration::days(7),
    ))?;
    let open = store
        .create_round("secretary", branch.id, &draft, &named)
        .await?;
    store
        .issue_codes("secretary", open, "slips", "12月座谈会", &[], 20)
        .await?;
    Ok(())
}
