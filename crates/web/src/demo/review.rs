//! The demo's leader reviews and the rectification they raise.

use domain::date::Day;
use domain::person::PoliticalStatus;
use domain::plan::ScalePoint;
use domain::review::ReviewParts;
use store::organisation::Organisation;
use store::{Store, StoreError};
use time::Duration;

/// The leader reviews the branch and two members; of the rectification items
/// raised, one is reported on and closed, one is open and overdue.
pub(super) async fn reviews(
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
    // The overall grade on the source plan's review scale.
    let grade = |name: &str, score: u32| {
        Some(ScalePoint {
            name: name.into(),
            score,
        })
    };
    let parts = |affirmed: &str,
                 problems: &[&str],
                 direction: &str,
                 criteria: &[&str],
                 grade: Option<ScalePoint>| ReviewParts {
        affirmed: affirmed.into(),
        problems: problems.iter().map(|p| p.to_string()).collect(),
        direction: direction.into(),
        criteria: criteria.iter().map(|c| c.to_string()).collect(),
        grade,
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
                grade("较好", 85),
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
                    [grade("好", 100), grade("较好", 85)][k].clone(),
                ),
            )
            .await?;
    }
    Ok(())
}
