//! Ballots cast over HTTP while the server is killed with SIGKILL and started
//! again, several times, on SQLite and on PostgreSQL: every ballot the server
//! acknowledged is in the database, the codes used, the ballots and the
//! receipts agree, and the audit chain verifies. Bounded to a few seconds.

use crate::support::BIN;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::testing::TestDb;

const KILLS: usize = 4;
const CODES: u32 = 400;
const VOTERS: usize = 8;

struct Server {
    child: Child,
}

impl Server {
    fn start(db: &str, port: u16) -> Server {
        let child = Command::new(BIN)
            .args(["serve", "--db", db, "--addr", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while ureq::get(&format!("{base}/healthz")).call().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child }
    }

    /// SIGKILL: no shutdown, no flush beyond what each commit made durable.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An open round of the demo with `CODES` fresh codes: (round, targets, codes).
async fn open_round(db: &TestDb) -> (i64, Vec<i64>, Vec<String>) {
    let store = &db.store;
    let today = web::http::clock::today(web::CHINA_STANDARD_TIME);
    let demo = web::demo::build(store, today).await.unwrap();
    web::demo::campaign::campaign(store, &demo, today, web::CHINA_STANDARD_TIME)
        .await
        .unwrap();
    let round = store
        .rounds_of(demo.branch.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.closed_at.is_none())
        .unwrap()
        .id;
    let targets = store
        .round_targets(round)
        .await
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    let issued = store
        .issue_codes("test", round, "slips", "crash", &[], CODES)
        .await
        .unwrap();
    let codes = issued.codes.iter().map(|t| t.text()).collect();
    (round, targets, codes)
}

fn ballot(code: &str, targets: &[i64]) -> Value {
    let ratings: Vec<Value> = targets
        .iter()
        .flat_map(|t| {
            (0..3).map(move |c| json!({ "target": t, "criterion": c, "level": (t + c) % 4 }))
        })
        .collect();
    json!({ "code": code, "ratings": ratings })
}

fn survives_kill_9(db: TestDb, rt: &tokio::runtime::Runtime) {
    let (round, targets, codes) = rt.block_on(open_round(&db));
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

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
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
