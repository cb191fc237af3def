//! The real start-up, as `serve` and `demo` run it: the application bound to a
//! free port answers over TCP, its job worker delivers a queued notice, its
//! clock closes a round whose time is up, its heartbeat says it runs, and a
//! shutdown says it stopped.

use crate::support::TestApp;
use chuangxian_web::{Application, Config};
use domain::evaluation::{RoundCriterion, RoundDraft, RoundKind, default_scale};
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;
use store::evaluation::NewTarget;
use time::OffsetDateTime;

/// Asks `check` every 100 ms until it holds, for at most ten seconds.
async fn eventually<F, Fut>(what: &str, check: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = bool>,
{
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not happen within ten seconds");
}

/// One GET over a real TCP connection; the status line and the body.
async fn get(port: u16, path: &str) -> (String, String) {
    let url = format!("http://127.0.0.1:{port}{path}");
    tokio::task::spawn_blocking(move || {
        let mut res = ureq::get(&url)
            .config()
            .http_status_as_error(false)
            .build()
            .call()
            .unwrap();
        let status = res.status().to_string();
        (status, res.body_mut().read_to_string().unwrap())
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_started_application_serves_works_its_queue_and_keeps_time() {
    let app = TestApp::sqlite().await;
    let store = app.db.store.clone();
    // A round whose time is up before the server starts: the clock's first
    // tick closes it.
    let now = OffsetDateTime::now_utc();
    let draft = RoundDraft {
        title: "到期的评议".into(),
        kind: RoundKind::Members,
        standard_key: "five_leads".into(),
        standard_name: "五带头".into(),
        criteria: vec![RoundCriterion {
            key: "study".into(),
            name: "学习".into(),
            text: String::new(),
        }],
        scale: default_scale(["好", "较好", "一般", "差"].map(String::from)),
        opens_at: now - time::Duration::hours(2),
        closes_at: now - time::Duration::minutes(1),
        min_ballots: 3,
        phase_key: "phase1".into(),
    };
    let target = NewTarget {
        org_id: None,
        person_id: None,
        name: "张敏".into(),
    };
    let round = store
        .create_round("secretary", app.demo.branch.id, &draft, &[target])
        .await
        .unwrap();
    // A notice waiting in the queue for the member.
    let member = app.person_id("member").await;
    let notice = serde_json::json!({
        "person_id": member,
        "title": "启动后送达的通知",
        "body": "由后台任务送达",
        "link": "/inbox",
    });
    store
        .enqueue("notify", &notice.to_string(), 3)
        .await
        .unwrap();
    assert!(store.round(round).await.unwrap().closed_at.is_none());
    assert!(store.running_servers().await.unwrap().is_empty());

    let application = Application::build(
        store.clone(),
        Config::default(),
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
    .unwrap();
    let port = application.port();
    assert_ne!(port, 0, "port 0 picks a free port");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(application.run(async {
        let _ = stopped.await;
    }));

    let (status, body) = get(port, "/healthz").await;
    assert!(status.starts_with("200"), "{status}");
    assert_eq!(body, "ok");
    let (status, home) = get(port, "/").await;
    assert!(status.starts_with("200"), "{status}");
    assert!(
        home.contains("机关支部"),
        "the home page lists the demo's boards"
    );
    let (status, _) = get(port, "/no/such/page").await;
    assert!(status.starts_with("404"), "{status}");

    eventually("the worker delivering the queued notice", || async {
        store
            .inbox(member, 50)
            .await
            .unwrap()
            .iter()
            .any(|item| item.title == "启动后送达的通知")
    })
    .await;
    assert_eq!(store.pending_jobs().await.unwrap(), 0);
    eventually("the clock closing the round that is due", || async {
        store.round(round).await.unwrap().closed_at.is_some()
    })
    .await;
    eventually("the heartbeat", || async {
        store.running_servers().await.unwrap().len() == 1
    })
    .await;

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    assert!(
        store.running_servers().await.unwrap().is_empty(),
        "a server that stopped says so"
    );
    assert!(
        tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err(),
        "nothing listens after the shutdown"
    );
}
