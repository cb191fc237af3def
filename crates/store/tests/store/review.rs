//! Reviews and rectification items.

use crate::support::*;
use chuangxian_store::StoreError;
use chuangxian_store::testing::TestDb;

on_both!(a_review_raises_rectification_items_that_close_once,);

async fn a_review_raises_rectification_items_that_close_once(db: &TestDb) {
    use domain::review::{RectificationStatus, check_review};
    let s = &db.store;
    let (branch, pid) = member(s).await;
    let leader = person_with_account(s, "黄丽华", "leader", "pw").await;
    let parts = check_review(
        "学习认真",
        "心得偏少\n走访不够",
        "多下基层",
        vec!["study".into()],
    )
    .unwrap();
    let id = s
        .add_review("leader", (leader, "黄丽华"), branch.id, Some(pid), &parts)
        .await
        .unwrap();
    let review = s.review(id).await.unwrap();
    assert_eq!(review.parts.problems, vec!["心得偏少", "走访不够"]);
    assert!(!review.published);
    assert_eq!(review.person_name.as_deref(), Some("王芳"));
    s.add_review_reply("wangfang", id, "一定改进")
        .await
        .unwrap();
    assert_eq!(s.review_replies(id).await.unwrap()[0].text, "一定改进");
    s.publish_review("leader", id, true).await.unwrap();
    assert!(s.review(id).await.unwrap().published);

    let due = domain::date::Day::from_ymd(2010, 12, 1).unwrap();
    let rid = s
        .add_rectification("leader", &review, "心得偏少", pid, due)
        .await
        .unwrap();
    s.update_rectification("wangfang", rid, "补写两篇", None)
        .await
        .unwrap();
    assert_eq!(
        s.rectification(rid).await.unwrap().status,
        RectificationStatus::InProgress
    );
    s.close_rectification("leader", rid).await.unwrap();
    assert!(matches!(
        s.close_rectification("leader", rid).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        s.update_rectification("wangfang", rid, "x", None).await,
        Err(StoreError::Conflict(_))
    ));
    let list = s.branch_rectifications(branch.id).await.unwrap();
    assert_eq!(
        (list.len(), list[0].closed_by.as_deref()),
        (1, Some("leader"))
    );
    assert_eq!(s.branch_reviews(branch.id).await.unwrap().len(), 1);
}
