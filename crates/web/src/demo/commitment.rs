//! The demo's commitments: most members commit under 五带头 and are approved,
//! with progress and evidence; some keep drafts, one is returned; each branch
//! commits under 五个好; the masses leave opinions, moderated and answered.

use domain::commitment::{Item, ItemStatus};
use domain::date::Day;
use domain::person::PoliticalStatus;
use store::commitment::EvidenceFile;
use store::organisation::Organisation;
use store::{Store, StoreError};
use time::Duration;

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

/// Most members commit and are approved, with progress; every seventh keeps a
/// draft, one is returned, and each branch commits too. Opinions follow.
pub(super) async fn commitments(
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
