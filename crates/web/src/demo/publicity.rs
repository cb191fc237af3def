//! The demo's publicity, written, submitted and reviewed as people do it: the
//! branch's two published news reports (one with a photo) and a member's
//! report waiting for the secretary; the campaign office's bulletins 第1期
//! and 第2期, published, and 第3期 still a draft; the branch's publicity plan
//! with one item done, one overdue and one to come.

use super::photo::picture;
use domain::date::Day;
use domain::plan::Plan;
use domain::publicity::{PublicationKind, PublicationStep, render};
use store::commitment::EvidenceFile;
use store::organisation::Organisation;
use store::publicity::{NewPublicityItem, PublicationFilter, PublicationText};
use store::{Store, StoreError};
use time::Duration;

/// Writer, kind, number, title, Markdown, with a photo, the steps taken and by whom.
type Piece = (
    &'static str,
    PublicationKind,
    Option<i64>,
    &'static str,
    &'static str,
    bool,
    &'static [(PublicationStep, &'static str)],
);

const PUBLISHED: &[(PublicationStep, &str)] = &[
    (PublicationStep::Submit, "writer"),
    (PublicationStep::Publish, "reviewer"),
];
const SUBMITTED: &[(PublicationStep, &str)] = &[(PublicationStep::Submit, "writer")];

const BRANCH: &[Piece] = &[
    (
        "secretary",
        PublicationKind::News,
        None,
        "机关支部召开创先争优活动动员会",
        "支部全体党员参加动员会，学习活动实施方案，逐条对照“五个好”目标。\n\n\
         会上，**每名党员**都写下了自己的公开承诺，并在机关公开栏公示，接受群众监督。\n\n\
         - 承诺事项：岗位职责、服务群众、学习提高\n- 公示时间：一个月\n- 监督方式：意见箱、网上留言",
        false,
        PUBLISHED,
    ),
    (
        "deputy",
        PublicationKind::News,
        None,
        "党员志愿服务队走进社区开展家庭教育讲座",
        "周六上午，机关党员志愿服务队来到鲤城区海滨街道妇女之家，为60多位家长讲授家庭教育。\n\n\
         ## 讲座内容\n\n1. 如何与青春期孩子沟通\n2. 家庭读书角的布置\n3. 亲子共读的方法\n\n\
         讲座结束后，志愿者向社区赠送图书200册。",
        true,
        PUBLISHED,
    ),
    (
        "member",
        PublicationKind::News,
        None,
        "“读书分享会”第三期举行",
        "本期分享会的主题是“读一本好书，做一名好党员”。五名党员分享了读书心得，\
         大家约定下季度每人撰写一篇调研文章。",
        false,
        SUBMITTED,
    ),
];

const OFFICE: &[Piece] = &[
    (
        "office",
        PublicationKind::Bulletin,
        Some(1),
        "全市妇联系统创先争优活动全面启动",
        "按照市委创先争优活动领导小组的统一部署，市妇联召开动员大会，印发《实施方案》，\
         成立活动领导小组和办公室。\n\n\
         **一、统一思想。** 各支部组织党员学习实施方案，明确“五个好”“五带头”的目标要求。\n\n\
         **二、公开承诺。** 党员承诺书在公开栏和网站公示，接受群众评议。\n\n\
         **三、建立台账。** 各支部建立学习台账和活动台账，创先办按月通报进度。",
        false,
        PUBLISHED,
    ),
    (
        "office",
        PublicationKind::Bulletin,
        Some(2),
        "各支部扎实开展“素质工程”读书活动",
        "各支部把“每天读书一小时、每月阅读一本书”落到实处。\n\n\
         | 支部 | 读书会（场） | 参加人次 |\n|---|---|---|\n| 机关支部 | 4 | 86 |\n\
         | 活动中心支部 | 3 | 54 |\n| 直属单位联合支部 | 2 | 41 |\n\n\
         下一步，创先办将组织“晒书”交流会，推荐优秀读书心得在网站刊发。",
        true,
        PUBLISHED,
    ),
    (
        "office",
        PublicationKind::Bulletin,
        Some(3),
        "领导点评与群众评议工作情况",
        "（草稿）本期拟通报领导点评和第一次群众评议的组织情况、评议结果和整改安排。",
        false,
        &[],
    ),
];

async fn write(
    store: &Store,
    org: &Organisation,
    reviewer: &str,
    pieces: &[Piece],
) -> Result<(), StoreError> {
    for (i, &(writer, kind, number, title, body, photo, steps)) in pieces.iter().enumerate() {
        let images = if photo {
            vec![EvidenceFile {
                filename: format!("现场照片{}.png", i + 1),
                content_type: "image/png".into(),
                body: picture([200, 60 + 30 * i as u8, 60]),
            }]
        } else {
            Vec::new()
        };
        let text = PublicationText {
            kind,
            number,
            title: title.into(),
            body: body.into(),
            body_html: render(body),
            issuer: match kind {
                PublicationKind::Bulletin => format!("{}创先争优活动领导小组办公室", org.name),
                PublicationKind::News => String::new(),
            },
            images,
        };
        let id = store.add_publication(writer, org.id, &text).await?;
        for &(step, by) in steps {
            let actor = if by == "writer" { writer } else { reviewer };
            store.step_publication(actor, id, step, None).await?;
        }
    }
    Ok(())
}

pub(super) async fn publicity(
    store: &Store,
    root: &Organisation,
    branch: &Organisation,
    people: &[i64],
    plan: &Plan,
    today: Day,
) -> Result<(), StoreError> {
    write(store, branch, "secretary", BRANCH).await?;
    write(store, root, "office", OFFICE).await?;
    publicity_plan(store, branch, people, plan, today).await
}

/// The branch's publicity plan for the first phase: the launch report done
/// (linked to its news), a Women's Day SMS overdue, and the report for the
/// Party's anniversary due on its time node; owned by the secretary, the
/// deputy and the member (`people` in the demo's order).
async fn publicity_plan(
    store: &Store,
    branch: &Organisation,
    people: &[i64],
    plan: &Plan,
    today: Day,
) -> Result<(), StoreError> {
    let phase = &plan.phases[0];
    let node = phase.time_nodes.first().map_or(phase.ends_on, |n| n.on);
    let launch = store
        .publications_of(
            branch.id,
            PublicationFilter {
                kind: None,
                published_only: true,
            },
            1,
            10,
        )
        .await?
        .items
        .into_iter()
        .find(|p| p.title.contains("动员会"))
        .map(|p| p.id);
    let items = [
        (
            "创先争优活动启动",
            "活动动员会报道",
            "website",
            0,
            Day(phase.starts_on.0 + Duration::days(7)),
            launch,
        ),
        (
            "三八妇女节",
            "三八红旗手事迹短信推送",
            "sms",
            2,
            Day(today.0 - Duration::days(5)),
            None,
        ),
        (
            "建党90周年",
            "“迎接建党90周年”专题报道",
            "magazine",
            1,
            node,
            None,
        ),
    ];
    for (occasion, title, channel, owner, due_on, done_by) in items {
        let item = NewPublicityItem {
            org_id: branch.id,
            phase_key: phase.key.clone(),
            occasion: occasion.into(),
            title: title.into(),
            channel_key: channel.into(),
            owner_person_id: people[owner],
            due_on: due_on.clamp(phase.starts_on, phase.ends_on),
        };
        let id = store.add_publicity_item("secretary", &item).await?;
        if let Some(p) = done_by {
            store.link_publicity_item("secretary", id, p).await?;
        }
    }
    Ok(())
}
