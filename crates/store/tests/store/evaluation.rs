//! Mass evaluation in storage, on SQLite and on PostgreSQL: a code votes once
//! however many submits race from several server processes; closing keeps the
//! counts and forgets the codes; and nothing in the schema ties a ballot to a
//! code.

use crate::support::tree;
use chuangxian_store::evaluation::ballot_box::{BallotBox, Cast, Outcome};
use chuangxian_store::evaluation::{CodeState, Delivery, NewTarget};
use chuangxian_store::testing::TestDb;
use chuangxian_store::{Dialect, Store};
use domain::evaluation::ballot::{BallotInput, BallotProblem};
use domain::evaluation::code::Code;
use domain::evaluation::{RoundCriterion, RoundDraft, RoundKind, default_scale};
use sqlx::Row;
use std::collections::BTreeSet;
use time::{Duration, OffsetDateTime};

on_both!(
    fifty_concurrent_submits_of_one_code_from_three_servers_make_one_ballot,
    a_code_votes_only_in_an_open_round_and_not_once_revoked,
    closing_keeps_the_counts_forgets_the_codes_and_wipes_the_messages,
    results_wait_for_the_close_and_the_minimum,
    no_ballot_table_shares_a_column_with_the_codes_or_holds_a_time,
);

/// A members round of two targets and two criteria, open from an hour ago;
/// with its target ids and the branch that runs it.
async fn round(s: &Store) -> (i64, Vec<i64>, i64) {
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
fn ballot(targets: &[i64], level: u32, comment: Option<&str>) -> BallotInput {
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
fn cast(code: &Code, input: BallotInput) -> Cast {
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

async fn closing_keeps_the_counts_forgets_the_codes_and_wipes_the_messages(db: &TestDb) {
    let s = &db.store;
    let (round_id, targets, branch) = round(s).await;
    let mut tx = s.begin().await.unwrap();
    let draft = domain::person::PersonDraft {
        name: "王海燕".into(),
        ..Default::default()
    };
    let pid = chuangxian_store::person::insert(&mut tx, branch, None, &draft, false)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut sent = Vec::new();
    s.deliver_codes("secretary", round_id, "短信", &[], 2, &mut |i, t| {
        sent.push(t.clone());
        if i == 0 {
            Delivery::Inbox {
                person_id: pid,
                title: "请参加评议".into(),
                body: format!("评议码 {}", t.text()),
                link: format!("/vote#{}", t.text()),
            }
        } else {
            Delivery::Outgoing {
                channel: "sms".into(),
                recipient: "13800000000".into(),
                subject: "评议".into(),
                body: format!("评议码 {}", t.text()),
            }
        }
    })
    .await
    .unwrap();
    let slips = s
        .issue_codes("secretary", round_id, "slips", "座谈会", &targets[..1], 4)
        .await
        .unwrap();
    s.revoke_batch("secretary", round_id, slips.batch_id)
        .await
        .unwrap();
    s.cast_all(&[cast(&sent[0], ballot(&targets, 1, None))])
        .await
        .unwrap();
    assert!(
        s.close_round("office", round_id, OffsetDateTime::now_utc(), "评议已结束")
            .await
            .unwrap()
    );
    assert!(
        !s.close_round("office", round_id, OffsetDateTime::now_utc(), "")
            .await
            .unwrap(),
        "closing twice does nothing"
    );
    let batches = s.batches(round_id).await.unwrap();
    assert_eq!(batches.len(), 2);
    assert_eq!(
        (
            batches[0].counts.issued,
            batches[0].counts.used,
            batches[0].counts.revoked
        ),
        (2, 1, 0)
    );
    assert_eq!(
        (batches[1].counts.issued, batches[1].counts.revoked),
        (4, 4)
    );
    assert_eq!(batches[1].scope, vec![targets[0]]);
    let codes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evaluation_codes")
        .fetch_one(&s.pool)
        .await
        .unwrap();
    assert_eq!(codes, 0, "a closed round keeps no code hashes");
    assert!(s.lookup_code(&sent[1]).await.unwrap().is_none());
    let inbox = s.inbox(pid, 10).await.unwrap();
    assert_eq!(inbox[0].body, "评议已结束");
    assert_eq!(inbox[0].link, None);
    let outbox: Vec<String> = sqlx::query_scalar("SELECT body FROM outbox")
        .fetch_all(&s.pool)
        .await
        .unwrap();
    assert_eq!(outbox, vec!["评议已结束".to_string()]);
    let round = s.round(round_id).await.unwrap();
    assert!(round.closed_at.is_some());
    assert!(round.closes_at <= OffsetDateTime::now_utc());
}

async fn results_wait_for_the_close_and_the_minimum(db: &TestDb) {
    let s = &db.store;
    let (round_id, targets, _) = round(s).await;
    let both = s
        .issue_codes("secretary", round_id, "slips", "", &[], 3)
        .await
        .unwrap();
    let first_only = s
        .issue_codes("secretary", round_id, "slips", "", &targets[..1], 1)
        .await
        .unwrap();
    let mut casts: Vec<Cast> = both
        .codes
        .iter()
        .enumerate()
        .map(|(i, t)| cast(t, ballot(&targets, i as u32, Some(&format!("意见{i}")))))
        .collect();
    casts.push(cast(&first_only.codes[0], ballot(&targets[..1], 3, None)));
    s.cast_all(&casts).await.unwrap();
    // The second target has three ballots, the first four; the minimum is 3.
    let round = s.round(round_id).await.unwrap();
    assert!(
        s.round_results(&round).await.is_err(),
        "not before the close"
    );
    s.close_round("secretary", round_id, OffsetDateTime::now_utc(), "")
        .await
        .unwrap();
    let round = s.round(round_id).await.unwrap();
    let r = s.round_results(&round).await.unwrap();
    assert_eq!(r.ballots, 4);
    assert_eq!(r.targets[0].result.ballots, 4);
    assert_eq!(r.targets[0].result.criteria[0].counts, vec![1, 1, 1, 1]);
    assert_eq!(r.targets[1].result.criteria[1].counts, vec![1, 1, 1, 0]);
    let comments: BTreeSet<&str> = r.targets[0].comments.iter().map(String::as_str).collect();
    assert_eq!(comments, BTreeSet::from(["意见0", "意见1", "意见2"]));

    // With a minimum of 4 the second target shows nothing, comments included.
    sqlx::query("UPDATE evaluation_rounds SET min_ballots = 4 WHERE id = $1")
        .bind(round_id)
        .execute(&s.pool)
        .await
        .unwrap();
    let round = s.round(round_id).await.unwrap();
    let r = s.round_results(&round).await.unwrap();
    assert!(r.targets[0].result.shown());
    assert!(!r.targets[1].result.shown());
    assert!(r.targets[1].result.criteria.is_empty());
}

/// The columns of a table, by name.
async fn columns(s: &Store, table: &str) -> BTreeSet<String> {
    let sql = match s.dialect {
        Dialect::Sqlite => format!("SELECT name AS column_name FROM pragma_table_info('{table}')"),
        Dialect::Postgres => format!(
            "SELECT CAST(column_name AS TEXT) AS column_name FROM information_schema.columns WHERE table_name = '{table}'"
        ),
    };
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&s.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String, _>("column_name").unwrap())
        .collect()
}

async fn no_ballot_table_shares_a_column_with_the_codes_or_holds_a_time(db: &TestDb) {
    let s = &db.store;
    let codes = columns(s, "evaluation_codes").await;
    assert!(codes.contains("hash"));
    for table in ["ballots", "ballot_marks", "ballot_comments"] {
        let cols = columns(s, table).await;
        assert!(!cols.is_empty(), "{table} exists");
        let shared: Vec<&String> = cols.intersection(&codes).collect();
        assert_eq!(shared, vec!["round_id"], "{table} shares {shared:?}");
        for c in &cols {
            for word in c.split('_') {
                assert!(
                    ![
                        "code", "hash", "person", "account", "voter", "ip", "agent", "time", "at",
                        "on", "created", "seq", "batch", "user",
                    ]
                    .contains(&word),
                    "{table}.{c} looks like a link"
                );
            }
        }
    }
    match s.dialect {
        // Keyed by random ids, not by the order rows came in.
        Dialect::Sqlite => {
            for table in [
                "ballots",
                "ballot_marks",
                "ballot_comments",
                "evaluation_codes",
            ] {
                let sql: String =
                    sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = $1")
                        .bind(table)
                        .fetch_one(&s.pool)
                        .await
                        .unwrap();
                assert!(sql.contains("WITHOUT ROWID"), "{table}: {sql}");
            }
        }
        // After the close the rows lie in key order, all written by one transaction.
        Dialect::Postgres => {
            let (round_id, targets, _) = round(s).await;
            let issued = s
                .issue_codes("secretary", round_id, "slips", "", &[], 20)
                .await
                .unwrap();
            for t in &issued.codes {
                s.cast_all(&[cast(t, ballot(&targets, 0, None))])
                    .await
                    .unwrap();
            }
            s.close_round("secretary", round_id, OffsetDateTime::now_utc(), "")
                .await
                .unwrap();
            let rows = sqlx::query(
                "SELECT id, CAST(xmin AS TEXT) AS xmin FROM ballots WHERE round_id = $1 ORDER BY ctid",
            )
            .bind(round_id)
            .fetch_all(&s.pool)
            .await
            .unwrap();
            let ids: Vec<String> = rows.iter().map(|r| r.try_get("id").unwrap()).collect();
            let mut sorted = ids.clone();
            sorted.sort();
            assert_eq!(ids, sorted, "on disk in key order");
            let xmins: BTreeSet<String> = rows.iter().map(|r| r.try_get("xmin").unwrap()).collect();
            assert_eq!(xmins.len(), 1, "one transaction wrote them all");
        }
    }
}
