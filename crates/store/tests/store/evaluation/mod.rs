//! Mass evaluation in storage, on SQLite and on PostgreSQL: a code votes once
//! however many submits race from several server processes, and only in an
//! open round. Closing and the schema are in `close`.

mod close;

use crate::support::tree;
use chuangxian_store::Store;
use chuangxian_store::evaluation::ballot_box::{BallotBox, Cast, Outcome};
use chuangxian_store::evaluation::{CodeState, NewTarget};
use chuangxian_store::testing::TestDb;
use domain::evaluation::ballot::{BallotInput, BallotProblem};
use domain::evaluation::code::Code;
use domain::evaluation::{RoundCriterion, RoundDraft, RoundKind, default_scale};
use time::{Duration, OffsetDateTime};

on_both!(
    fifty_concurrent_submits_of_one_code_from_three_servers_make_one_ballot,
    a_code_votes_only_in_an_open_round_and_not_once_revoked,
);

/// A members round of two targets and two criteria, open from an hour ago;
/// with its target ids and the branch that runs it.
pub(super) async fn round(s: &Store) -> (i64, Vec<i64>, i64) {
    let (_, branch, _) = tree(s).await;
    let now = OffsetDateTime::now_utc();
    let draft = RoundDraft {
        title: "党员群众评议".into(),
        kind: RoundKind::Members,
        standard_key: "five_leads".into(),
        standard_name: "五带头".into(),
        criteria: ["study", "service"]
            .map(|k| RoundCriterion {
                key: k.into(),
                name: k.into(),
                text: String::new(),
            })
            .to_vec(),
        scale: default_scale(["好", "较好", "一般", "差"].map(String::from)),
        opens_at: now - Duration::hours(1),
        closes_at: now + Duration::days(1),
        min_ballots: 3,
        phase_key: "phase1".into(),
    };
    let targets = ["张敏", "李春梅"].map(|n| NewTarget {
        org_id: None,
        person_id: None,
        name: n.into(),
    });
    let id = s
        .create_round("secretary", branch.id, &draft, &targets)
        .await
        .unwrap();
    let ids = s
        .round_targets(id)
        .await
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    (id, ids, branch.id)
}

/// A ballot rating every target on both criteria at `level`, with a comment
/// on the first target if given.
pub(super) fn ballot(targets: &[i64], level: u32, comment: Option<&str>) -> BallotInput {
    BallotInput {
        ratings: targets
            .iter()
            .flat_map(|&t| (0..2).map(move |c| ((t, c), level)))
            .collect(),
        comments: comment
            .map(|c| [(targets[0], c.to_string())].into_iter().collect())
            .unwrap_or_default(),
    }
}

/// A cast of `code` with that ballot.
pub(super) fn cast(code: &Code, input: BallotInput) -> Cast {
    Cast {
        code: code.clone(),
        input,
        only_round: None,
    }
}

async fn fifty_concurrent_submits_of_one_code_from_three_servers_make_one_ballot(db: &TestDb) {
    let (round_id, targets, _) = round(&db.store).await;
    let code = db
        .store
        .issue_codes("secretary", round_id, "slips", "座谈会", &[], 1)
        .await
        .unwrap()
        .codes
        .remove(0);
    // Three server processes: three pools, three ballot boxes, one database.
    let mut boxes = Vec::new();
    for _ in 0..3 {
        boxes.push(BallotBox::start(Store::connect(&db.url).await.unwrap()));
    }
    let mut handles = Vec::new();
    for i in 0..50 {
        let bb = boxes[i % 3].clone();
        let cast = cast(
            &code,
            ballot(&targets, (i % 4) as u32, Some("第二次提交不应计入")),
        );
        handles.push(tokio::spawn(async move { bb.cast(cast).await.unwrap() }));
    }
    let mut outcomes = Vec::new();
    for h in handles {
        outcomes.push(h.await.unwrap());
    }
    let counted = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Counted { .. }))
        .count();
    assert_eq!(counted, 1, "{outcomes:?}");
    let receipt = code.receipt();
    assert!(
        outcomes.iter().all(|o| matches!(o,
        Outcome::Counted { receipt: r, .. } | Outcome::AlreadyCounted { receipt: r, .. } if *r == receipt))
    );
    let s = &db.store;
    assert_eq!(s.ballot_count(round_id).await.unwrap(), 1);
    let marks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ballot_marks")
        .fetch_one(&s.pool)
        .await
        .unwrap();
    assert_eq!(marks, 4);
    let comments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ballot_comments")
        .fetch_one(&s.pool)
        .await
        .unwrap();
    assert_eq!(comments, 1);
    assert_eq!(
        s.receipts(round_id, "", 10).await.unwrap(),
        vec![receipt.clone()]
    );
    assert!(s.receipt_counted(round_id, &receipt).await.unwrap());
    assert!(!s.receipt_counted(round_id, "0000-0000-0000").await.unwrap());
    assert_eq!(s.participation(round_id).await.unwrap().used, 1);
}

async fn a_code_votes_only_in_an_open_round_and_not_once_revoked(db: &TestDb) {
    let s = &db.store;
    let (round_id, targets, _) = round(s).await;
    let mut codes = s
        .issue_codes("secretary", round_id, "slips", "", &[], 3)
        .await
        .unwrap()
        .codes;
    let (a, b, c) = (codes.remove(0), codes.remove(0), codes.remove(0));
    assert!(s.revoke_code("secretary", round_id, &b).await.unwrap());
    assert_eq!(
        s.lookup_code(&b).await.unwrap().unwrap().state,
        CodeState::Revoked
    );
    let stranger = Code::from_bytes([7; 16]);
    let casts: Vec<Cast> = [&a, &b, &stranger]
        .iter()
        .map(|t| cast(t, ballot(&targets, 0, None)))
        .collect();
    let outcomes = s.cast_all(&casts).await.unwrap();
    assert_eq!(
        outcomes,
        vec![
            Some(Outcome::Counted {
                round_id,
                receipt: a.receipt()
            }),
            Some(Outcome::Revoked),
            Some(Outcome::Unknown),
        ]
    );
    // A ballot missing a target, or rating one the code does not cover, is
    // refused, and its code stays unused.
    let short = cast(&c, ballot(&targets[..1], 0, None));
    let foreign = cast(&c, ballot(&[targets[0], targets[1], i64::MAX], 0, None));
    let outcomes = s.cast_all(&[short, foreign]).await.unwrap();
    assert!(
        matches!(&outcomes[0], Some(Outcome::Incomplete(p)) if p.len() == 2),
        "{outcomes:?}"
    );
    assert!(
        matches!(&outcomes[1], Some(Outcome::Incomplete(p)) if p.contains(&BallotProblem::Foreign))
    );
    // A paper ballot typed in for another round does not count here.
    let elsewhere = Cast {
        only_round: Some(round_id + 1),
        ..cast(&c, ballot(&targets, 0, None))
    };
    assert_eq!(
        s.cast_all(&[elsewhere]).await.unwrap(),
        vec![Some(Outcome::Unknown)]
    );
    assert_eq!(
        s.lookup_code(&c).await.unwrap().unwrap().state,
        CodeState::Issued
    );
    // A cast that fails in the database fails alone: with the comments' table
    // gone, the ballot with a comment fails and the one without is counted.
    let d = s
        .issue_codes("secretary", round_id, "slips", "", &[], 1)
        .await
        .unwrap()
        .codes
        .remove(0);
    sqlx::query("ALTER TABLE ballot_comments RENAME TO ballot_comments_away")
        .execute(&s.pool)
        .await
        .unwrap();
    let outcomes = s
        .cast_all(&[
            cast(&c, ballot(&targets, 1, Some("意见"))),
            cast(&d, ballot(&targets, 1, None)),
        ])
        .await
        .unwrap();
    sqlx::query("ALTER TABLE ballot_comments_away RENAME TO ballot_comments")
        .execute(&s.pool)
        .await
        .unwrap();
    assert_eq!(outcomes[0], None, "{outcomes:?}");
    assert!(matches!(outcomes[1], Some(Outcome::Counted { .. })));
    assert_eq!(
        s.lookup_code(&c).await.unwrap().unwrap().state,
        CodeState::Issued,
        "the failed cast left its code unused"
    );
    // Closed early: no more ballots.
    assert!(
        s.close_round("secretary", round_id, OffsetDateTime::now_utc(), "")
            .await
            .unwrap()
    );
    assert_eq!(
        s.cast_all(&[cast(&c, ballot(&targets, 0, None))])
            .await
            .unwrap(),
        vec![Some(Outcome::Unknown)],
        "a closed round has forgotten its codes"
    );
    assert_eq!(s.ballot_count(round_id).await.unwrap(), 2);
}
