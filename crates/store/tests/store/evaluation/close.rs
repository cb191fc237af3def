//! Closing a round keeps the counts, forgets the codes and wipes the messages
//! that carried them; results wait for the close and the minimum; and nothing
//! in the schema ties a ballot to a code or to a time.

use super::{ballot, cast, round};
use chuangxian_store::evaluation::Delivery;
use chuangxian_store::evaluation::ballot_box::Cast;
use chuangxian_store::testing::TestDb;
use chuangxian_store::{Dialect, Store};
use sqlx::Row;
use std::collections::BTreeSet;
use time::OffsetDateTime;

on_both!(
    closing_keeps_the_counts_forgets_the_codes_and_wipes_the_messages,
    results_wait_for_the_close_and_the_minimum,
    no_ballot_table_shares_a_column_with_the_codes_or_holds_a_time,
);

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
