//! Ballots cast over HTTP while the server is killed with SIGKILL and started
//! again, several times, on SQLite and on PostgreSQL: every ballot the server
//! acknowledged is in the database, the codes used, the ballots and the
//! receipts agree, and the audit chain verifies. Bounded to a few seconds.

use crate::support::{DemoRound, Server, ballot, free_port, runtime};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::testing::TestDb;

const KILLS: usize = 4;
const CODES: u32 = 400;
const VOTERS: usize = 8;

fn survives_kill_9(db: TestDb, rt: &tokio::runtime::Runtime) {
    let campaign = rt.block_on(DemoRound::make(&db, CODES));
    let (round, targets, codes) = (campaign.round, campaign.targets, campaign.codes);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let queue = Arc::new(Mutex::new(codes));
    let acknowledged: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    let done = Arc::new(AtomicBool::new(false));
    let mut server = Server::start(&db.url, port);
    let voters: Vec<_> = (0..VOTERS)
        .map(|_| {
            let (queue, acknowledged, done) = (queue.clone(), acknowledged.clone(), done.clone());
            let (url, targets) = (format!("{base}/api/v1/vote"), targets.clone());
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(5)))
                    .build()
                    .into();
                while !done.load(Ordering::Relaxed) {
                    let Some(code) = queue.lock().unwrap().pop() else {
                        return;
                    };
                    match agent.post(&url).send_json(ballot(&code, &targets)) {
                        Ok(mut res) if res.status().is_success() => {
                            let v: Value = res.body_mut().read_json().unwrap();
                            let receipt = v["receipt"].as_str().unwrap().to_string();
                            // A retry after a kill gets the same receipt back.
                            let before = acknowledged.lock().unwrap().insert(code, receipt.clone());
                            assert!(before.is_none_or(|r| r == receipt));
                        }
                        Ok(res) => panic!("a ballot refused: {}", res.status()),
                        // The server is down: the ballot may or may not have
                        // landed; cast it again once it is back.
                        Err(_) => {
                            queue.lock().unwrap().insert(0, code);
                            std::thread::sleep(Duration::from_millis(20));
                        }
                    }
                }
            })
        })
        .collect();
    // Each kill falls part of the way through: after a fifth of the codes, two
    // fifths, and so on, whatever the machine's speed.
    let mut cast_at_kills = Vec::new();
    for k in 1..=KILLS {
        let due = k * CODES as usize / (KILLS + 1);
        let started = Instant::now();
        while acknowledged.lock().unwrap().len() < due
            && started.elapsed() < Duration::from_secs(20)
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        cast_at_kills.push(acknowledged.lock().unwrap().len());
        server.kill();
        server = Server::start(&db.url, port);
    }
    let started = Instant::now();
    while !queue.lock().unwrap().is_empty() && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
    }
    done.store(true, Ordering::Relaxed);
    for v in voters {
        v.join().unwrap();
    }
    server.kill();
    assert!(queue.lock().unwrap().is_empty(), "every code was cast");
    eprintln!("ballots acknowledged before each SIGKILL: {cast_at_kills:?} of {CODES}");
    // The kills fell while ballots were being cast, not after.
    assert!(
        cast_at_kills[0] > 0 && cast_at_kills[KILLS - 1] < CODES as usize,
        "cast before each kill: {cast_at_kills:?}"
    );

    rt.block_on(async {
        let store = store::Store::open(&db.url).await.unwrap();
        let acknowledged = acknowledged.lock().unwrap().clone();
        assert_eq!(acknowledged.len(), CODES as usize);
        for receipt in acknowledged.values() {
            assert!(
                store.receipt_counted(round, receipt).await.unwrap(),
                "{receipt} lost"
            );
        }
        let ballots = store.ballot_count(round).await.unwrap();
        let receipts = store.receipts(round, "", 100_000).await.unwrap().len() as i64;
        let used = store.participation(round).await.unwrap().used;
        // The campaign's 20 slips stay unused; ours are all used.
        assert_eq!(
            (used, ballots, receipts),
            (i64::from(CODES), i64::from(CODES), i64::from(CODES))
        );
        assert!(
            store.verify_audit().await.unwrap().is_ok(),
            "the audit chain holds"
        );
    });
}

#[test]
fn acknowledged_ballots_survive_kill_9_on_sqlite() {
    let rt = runtime();
    let db = rt.block_on(TestDb::sqlite()).unwrap();
    survives_kill_9(db, &rt);
}

#[test]
fn acknowledged_ballots_survive_kill_9_on_postgres() {
    let rt = runtime();
    let db = rt
        .block_on(TestDb::postgres())
        .expect("PostgreSQL must be running for these tests");
    survives_kill_9(db, &rt);
}
