//! Commitments, their progress and the masses' opinions.

use crate::support::*;
use chuangxian_store::testing::TestDb;
use chuangxian_store::{StoreError, person};

on_both!(
    a_commitment_goes_from_draft_to_approved_and_a_new_draft_leaves_the_approved_one_shown,
    progress_is_recorded_with_evidence_and_followers_are_told,
    opinions_wait_for_moderation_and_one_visitor_is_limited,
);

fn item(key: &str, what: &str) -> domain::commitment::Item {
    domain::commitment::Item {
        key: key.into(),
        criterion: "study".into(),
        what: what.into(),
        target: "每月一本".into(),
        due_on: domain::date::Day::from_ymd(2010, 12, 31).unwrap(),
        weight: 1,
    }
}

async fn a_commitment_goes_from_draft_to_approved_and_a_new_draft_leaves_the_approved_one_shown(
    db: &TestDb,
) {
    use domain::commitment::CommitmentStatus as S;
    let s = &db.store;
    let (branch, pid) = member(s).await;
    let id = s
        .save_commitment_draft(
            "wangfang",
            branch.id,
            Some(pid),
            "phase1",
            &[item("a", "读书")],
        )
        .await
        .unwrap();
    s.submit_commitment("wangfang", id).await.unwrap();
    // Locked while the leadership looks at it.
    let err = s
        .save_commitment_draft(
            "wangfang",
            branch.id,
            Some(pid),
            "phase1",
            &[item("a", "改")],
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Conflict("commitment-error-locked")
    ));
    assert_eq!(s.board_version(branch.id).await.unwrap(), 0);
    s.approve_commitment("secretary", id).await.unwrap();
    assert_eq!(s.board_version(branch.id).await.unwrap(), 1);
    let c = s.commitment(id).await.unwrap();
    assert_eq!((c.status, c.revision), (S::Approved, 1));
    assert_eq!(c.approved.as_ref().unwrap()[0].what, "读书");

    // A new revision: the approved one stays until the new one is approved.
    let again = s
        .save_commitment_draft(
            "wangfang",
            branch.id,
            Some(pid),
            "phase1",
            &[item("a", "读两本书")],
        )
        .await
        .unwrap();
    assert_eq!(again, id);
    s.submit_commitment("wangfang", id).await.unwrap();
    s.return_commitment("secretary", id, "目标不够具体")
        .await
        .unwrap();
    let c = s
        .commitment_of(branch.id, Some(pid), "phase1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.status, S::Returned);
    assert_eq!(c.return_reason.as_deref(), Some("目标不够具体"));
    assert_eq!(c.draft[0].what, "读两本书");
    assert_eq!(c.approved.unwrap()[0].what, "读书");
    // Approving what is not submitted is refused.
    assert!(matches!(
        s.approve_commitment("secretary", id).await,
        Err(StoreError::Conflict(_))
    ));
    // The branch's own commitment sits beside the members'.
    s.save_commitment_draft(
        "secretary",
        branch.id,
        None,
        "phase1",
        &[item("b", "班子学习")],
    )
    .await
    .unwrap();
    let all = s.branch_commitments(branch.id, "phase1").await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].person_id, None, "the branch's own comes first");
}

async fn progress_is_recorded_with_evidence_and_followers_are_told(db: &TestDb) {
    let s = &db.store;
    let (branch, pid) = member(s).await;
    let mut tx = s.begin().await.unwrap();
    let follower = person::insert(&mut tx, branch.id, None, &draft("李娜", None), false)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let id = s
        .save_commitment_draft(
            "w",
            branch.id,
            Some(pid),
            "phase1",
            &[item("a", "读书"), item("b", "走访")],
        )
        .await
        .unwrap();
    s.submit_commitment("w", id).await.unwrap();
    s.approve_commitment("s", id).await.unwrap();
    s.follow(follower, id, true).await.unwrap();
    assert!(s.follows(follower, id).await.unwrap());
    let c = s.commitment(id).await.unwrap();
    let evidence = chuangxian_store::commitment::EvidenceFile {
        filename: "读书笔记.pdf".into(),
        content_type: "application/pdf".into(),
        body: b"%PDF-1.4 test".to_vec(),
    };
    s.record_progress(
        "w",
        &c,
        "a",
        40,
        domain::commitment::ItemStatus::InProgress,
        "读了两本",
        Some(evidence),
        ("进展", "/x"),
    )
    .await
    .unwrap();
    s.record_progress(
        "w",
        &c,
        "a",
        100,
        domain::commitment::ItemStatus::Done,
        "完成",
        None,
        ("进展", "/x"),
    )
    .await
    .unwrap();
    let progress = s.progress_of(&[id]).await.unwrap();
    let a = &progress[&(id, "a".to_string())];
    assert_eq!((a.percent, a.note.as_str()), (100, "完成"));
    assert!(!progress.contains_key(&(id, "b".to_string())));
    assert_eq!(s.unread_count(follower).await.unwrap(), 2);
    // An item that is not in the approved commitment has no progress to record.
    let err = s
        .record_progress(
            "w",
            &c,
            "zzz",
            10,
            domain::commitment::ItemStatus::InProgress,
            "",
            None,
            ("进展", "/x"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound));
    let first = s.progress_of(&[id]).await.unwrap();
    assert!(
        first[&(id, "a".to_string())].evidence.is_empty(),
        "evidence belongs to the report it came with"
    );
}

async fn opinions_wait_for_moderation_and_one_visitor_is_limited(db: &TestDb) {
    use domain::commitment::opinion::OpinionStatus;
    let s = &db.store;
    let (branch, pid) = member(s).await;
    let id = s
        .save_commitment_draft("w", branch.id, Some(pid), "phase1", &[item("a", "读书")])
        .await
        .unwrap();
    let first = s
        .add_opinion(id, Some("群众"), "<b>很好</b>", "visitor-1")
        .await
        .unwrap();
    for _ in 1..chuangxian_store::commitment::opinion::OPINIONS_PER_HOUR {
        s.add_opinion(id, None, "再说一句", "visitor-1")
            .await
            .unwrap();
    }
    let err = s
        .add_opinion(id, None, "太多了", "visitor-1")
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Conflict("opinion-error-too-often")
    ));
    s.add_opinion(id, None, "另一个人", "visitor-2")
        .await
        .unwrap();
    assert_eq!(
        s.branch_opinions(branch.id, OpinionStatus::Pending)
            .await
            .unwrap()
            .len(),
        6
    );

    assert!(matches!(
        s.reply_to_opinion("w", first, "谢谢").await,
        Err(StoreError::Conflict(_))
    ));
    s.moderate_opinion("secretary", first, true).await.unwrap();
    assert!(matches!(
        s.moderate_opinion("secretary", first, false).await,
        Err(StoreError::Conflict(_))
    ));
    s.reply_to_opinion("w", first, "谢谢监督").await.unwrap();
    let shown = s
        .branch_opinions(branch.id, OpinionStatus::Approved)
        .await
        .unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].text, "<b>很好</b>", "kept as typed");
    assert_eq!(shown[0].reply.as_deref(), Some("谢谢监督"));
    assert_eq!(s.board_version(branch.id).await.unwrap(), 2);
}
