//! Two `chuangxian serve` processes on one PostgreSQL, as a deployment runs
//! several behind a balancer: a person signed in on one is signed in on the
//! other, form token and all; a board the second keeps shows within a second
//! a commitment approved through the first; one code cast on both at once
//! votes once; the jobs queued before they start run once each, between
//! them; and a round due when both start closes once.

use crate::support::{DemoRound, Server, ballot, free_port, runtime};
use domain::evaluation::{RoundCriterion, RoundDraft, RoundKind, default_scale};
use serde_json::json;
use std::time::{Duration, Instant};
use store::evaluation::NewTarget;
use store::testing::TestDb;
use time::OffsetDateTime;

/// A visitor with cookies of their own, who sees each redirect rather than following it.
struct Visitor {
    agent: ureq::Agent,
    base: String,
    cookies: Vec<(String, String)>,
}

struct Answer {
    status: u16,
    body: String,
}

impl Visitor {
    fn new(port: u16) -> Visitor {
        Visitor {
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_redirects(0)
                .timeout_global(Some(Duration::from_secs(10)))
                .build()
                .into(),
            base: format!("http://127.0.0.1:{port}"),
            cookies: Vec::new(),
        }
    }

    /// The same person on another server.
    fn on(&self, port: u16) -> Visitor {
        let mut v = Visitor::new(port);
        v.cookies = self.cookies.clone();
        v
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&mut self, res: &ureq::http::Response<ureq::Body>) {
        for h in res.headers().get_all("set-cookie") {
            let pair = h.to_str().unwrap().split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            self.cookies.retain(|(name, _)| name != k);
            self.cookies.push((k.to_string(), v.to_string()));
        }
    }

    fn get(&mut self, path: &str) -> Answer {
        let mut res = self
            .agent
            .get(&format!("{}{path}", self.base))
            .header("Cookie", &self.cookie_header())
            .call()
            .unwrap();
        self.keep(&res);
        Answer {
            status: res.status().as_u16(),
            body: res.body_mut().read_to_string().unwrap(),
        }
    }

    fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Answer {
        let mut res = self
            .agent
            .post(&format!("{}{path}", self.base))
            .header("Cookie", &self.cookie_header())
            .send_form(form.iter().copied())
            .unwrap();
        self.keep(&res);
        Answer {
            status: res.status().as_u16(),
            body: res.body_mut().read_to_string().unwrap(),
        }
    }

    /// The form token of a page.
    fn csrf(&mut self, path: &str) -> String {
        let page = self.get(path).body;
        let at = page.find("name=\"_csrf\" value=\"").expect("a form token");
        page[at + 20..].split('"').next().unwrap().to_string()
    }
}

/// What the database holds before the servers start: the demo campaign
/// half-way with a member's commitment sent for approval, a round of the
/// branch due to close, 20 notices queued for the member, and a code of the
/// branch's open round.
struct Before {
    branch: i64,
    due_round: i64,
    open_round: i64,
    targets: Vec<i64>,
    code: String,
    member: i64,
    submitted: (i64, String),
}

async fn before(db: &TestDb) -> Before {
    let store = &db.store;
    let DemoRound {
        demo,
        round: open_round,
        targets,
        mut codes,
    } = DemoRound::make(db, 1).await;
    let branch = demo.branch.id;
    let now = OffsetDateTime::now_utc();
    let draft = RoundDraft {
        title: "到期的评议".into(),
        kind: RoundKind::Members,
        standard_key: "five_goods".into(),
        standard_name: "五个好".into(),
        criteria: vec![RoundCriterion {
            key: "c".into(),
            name: "总体".into(),
            text: String::new(),
        }],
        scale: default_scale(["好", "较好", "一般", "差"].map(String::from)),
        opens_at: now - time::Duration::days(2),
        closes_at: now - time::Duration::minutes(1),
        min_ballots: 1,
        phase_key: demo.plan.phases[0].key.clone(),
    };
    let (member, _) = demo.branch_people[2];
    let target = NewTarget {
        org_id: None,
        person_id: Some(member),
        name: "党员".into(),
    };
    let due_round = store
        .create_round("test", branch, &draft, &[target])
        .await
        .unwrap();
    for i in 0..20 {
        let job = json!({ "person_id": member, "title": format!("队列消息{i}"), "body": "", "link": null });
        store.enqueue("notify", &job.to_string(), 3).await.unwrap();
    }
    // A draft with words found nowhere else, which the member sends for approval.
    let draft = store
        .branch_commitments(branch, &demo.plan.phases[0].key)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.status == domain::commitment::CommitmentStatus::Draft)
        .expect("the demo has a member's draft");
    let mut items = draft.draft.clone();
    items[0].what = "每月为独居老人上门理发两次".into();
    let id = store
        .save_commitment_draft("member", branch, draft.person_id, &draft.phase_key, &items)
        .await
        .unwrap();
    store.submit_commitment("member", id).await.unwrap();
    Before {
        branch,
        due_round,
        open_round,
        targets,
        code: codes.remove(0),
        member,
        submitted: (id, items[0].what.clone()),
    }
}

#[test]
fn two_server_processes_on_one_postgres_agree() {
    let rt = runtime();
    let db = rt
        .block_on(TestDb::postgres())
        .expect("PostgreSQL must be running for these tests");
    let b = rt.block_on(before(&db));
    let (pa, pb) = (free_port(), free_port());
    let (first, second) = std::thread::scope(|s| {
        let a = s.spawn(|| Server::start(&db.url, pa));
        let b = s.spawn(|| Server::start(&db.url, pb));
        (a.join().unwrap(), b.join().unwrap())
    });

    // Signed in on the first: the same cookie and form token work on the second.
    let mut secretary = Visitor::new(pa);
    let token = secretary.csrf("/login");
    let res = secretary.post(
        "/login",
        &[
            ("_csrf", &token),
            ("username", "secretary"),
            ("password", web::demo::DEMO_PASSWORD),
        ],
    );
    assert_eq!(res.status, 303, "{}", res.body);
    let mut there = secretary.on(pb);
    let home = there.get("/");
    assert!(
        home.status == 200 && home.body.contains("退出"),
        "signed in on the second"
    );
    let token = secretary.csrf("/");
    let res = there.post(
        "/lang",
        &[("_csrf", &token), ("lang", "zh-CN"), ("back", "/")],
    );
    assert_eq!(
        res.status, 303,
        "the first's form token on the second: {}",
        res.body
    );

    // The second keeps the board; an approval through the first shows there.
    let board = format!("/board/{}", b.branch);
    let mut visitor = Visitor::new(pb);
    let (id, what) = &b.submitted;
    assert!(!visitor.get(&board).body.contains(what.as_str()));
    let token = secretary.csrf(&format!("/commitments/{id}"));
    let res = secretary.post(
        &format!("/commitments/{id}/decision"),
        &[("_csrf", &token), ("decision", "approve")],
    );
    assert_eq!(res.status, 303, "{}", res.body);
    std::thread::sleep(Duration::from_millis(1100));
    assert!(
        visitor.get(&board).body.contains(what.as_str()),
        "the approval shows on the second's board"
    );

    // One code cast on both servers at once votes once.
    let ballot = ballot(&b.code, &b.targets);
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let casts: Vec<_> = [pa, pb]
            .map(|port| {
                let ballot = ballot.clone();
                s.spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .build()
                        .into();
                    agent
                        .post(&format!("http://127.0.0.1:{port}/api/v1/vote"))
                        .send_json(ballot)
                        .unwrap()
                        .status()
                        .as_u16()
                })
            })
            .into_iter()
            .collect();
        casts.into_iter().map(|c| c.join().unwrap()).collect()
    });
    assert!(statuses.contains(&200), "one of them took it: {statuses:?}");

    rt.block_on(async {
        let store = &db.store;
        assert_eq!(
            store.participation(b.open_round).await.unwrap().used,
            1,
            "one code, one ballot: {statuses:?}"
        );

        // The queued notices: each delivered once, whichever server ran it.
        let started = Instant::now();
        let delivered = || async {
            store
                .inbox(b.member, 500)
                .await
                .unwrap()
                .iter()
                .filter(|m| m.title.starts_with("队列消息"))
                .count()
        };
        while delivered().await < 20 && started.elapsed() < Duration::from_secs(30) {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert_eq!(delivered().await, 20, "each job once");

        // The round both found due on starting closed once.
        assert!(store.round(b.due_round).await.unwrap().closed_at.is_some());
        let closes = store
            .audit_entries(&store::audit::AuditFilter {
                limit: 1000,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "close" && e.entity_id == b.due_round.to_string())
            .count();
        assert_eq!(closes, 1, "closed once");
    });
    first.kill();
    second.kill();
    rt.block_on(db.drop_db());
}
