//! The demo's rule library, written and adopted as the branch does it: 三会一课
//! in its second version (the first superseded), growing out of the published
//! exemplary case; the study meeting rule in force, out of the office's first
//! circular; and an internal draft waiting for the secretary.

use domain::date::Day;
use domain::rule::{OriginKind, Visibility};
use store::organisation::Organisation;
use store::rule::{NewRule, VersionText};
use store::{Store, StoreError};

const MEETINGS_V1: &str = "第一条 支部每月召开一次支部委员会，每季度召开一次支部党员大会。\n\
第二条 党小组每月召开一次党小组会。\n\
第三条 支部书记每季度讲一次党课。\n\
第四条 会议和党课均有记录，由组织委员存档。";

const MEETINGS_V2: &str = "第一条 支部每月召开一次支部委员会，每季度召开一次支部党员大会。\n\
第二条 党小组每月召开一次党小组会。\n\
第三条 支部书记每季度讲一次党课，党课可走进社区妇女之家，邀请群众旁听。\n\
第四条 会议和党课均有记录，由组织委员存档。\n\
第五条 因故缺席的党员，在一周内补学并写出心得。";

const STUDY: &str = "第一条 机关每周五下午召开学习例会，时间不少于一小时。\n\
第二条 每月推荐一本书，每季度召开一次读书交流会。\n\
第三条 学习情况记入党员学习台账，按月通报。";

const VOLUNTEERS: &str =
    "第一条 党员志愿服务队由支部统一管理。\n第二条 每名党员每季度参加志愿服务不少于一次。";

fn version(text: &str, effective_on: Day, note: &str) -> VersionText {
    VersionText {
        text: text.into(),
        effective_on,
        note: note.into(),
    }
}

pub(super) async fn rules(
    store: &Store,
    root: &Organisation,
    branch: &Organisation,
    first_day: Day,
    today: Day,
) -> Result<(), StoreError> {
    let case = store
        .cases_within(&branch.path, true)
        .await?
        .first()
        .map(|c| c.id);
    let circular = store
        .circulars(root.id)
        .await?
        .iter()
        .find(|c| c.number == Some(1))
        .map(|c| c.id);
    let write =
        |title: &str, visibility, origin: Option<(OriginKind, i64)>, note: &str, v: VersionText| {
            NewRule {
                org_id: branch.id,
                title: title.into(),
                visibility,
                origin,
                origin_note: note.into(),
                version: v,
            }
        };
    let meetings = store
        .add_rule(
            "deputy",
            &write(
                "三会一课制度",
                Visibility::Public,
                case.map(|id| (OriginKind::Case, id)),
                "党课进社区的做法写入制度",
                version(MEETINGS_V1, first_day, "首次制定"),
            ),
        )
        .await?;
    let first = store.rule(meetings).await?.versions[0].id;
    store.adopt_rule_version("secretary", first).await?;
    let second = store
        .add_rule_version(
            "deputy",
            meetings,
            &version(MEETINGS_V2, today, "党课进社区；缺席补学"),
        )
        .await?;
    store.adopt_rule_version("secretary", second).await?;

    let study = store
        .add_rule(
            "secretary",
            &write(
                "学习例会制度",
                Visibility::Public,
                circular.map(|id| (OriginKind::Circular, id)),
                "通报第1期介绍的读书活动",
                version(STUDY, first_day, "首次制定"),
            ),
        )
        .await?;
    let first = store.rule(study).await?.versions[0].id;
    store.adopt_rule_version("secretary", first).await?;

    store
        .add_rule(
            "deputy",
            &write(
                "党员志愿服务管理办法",
                Visibility::Internal,
                None,
                "",
                version(VOLUNTEERS, today, "首次制定"),
            ),
        )
        .await?;
    Ok(())
}
