//! Two servers on one PostgreSQL: two application states over the same
//! database, each with its own copies, caches and clock work, as two
//! processes would be (only the database is shared). A session made on one
//! is good on the other, CSRF token and all; a board one server keeps
//! shows a change made through the other within a second; a code cast on
//! both at once votes once; two workers run each job once; a round both
//! close closes once.

use crate::support::commitment::approved_commitment;
use crate::support::evaluation::{open_members_round, rating_fields, slips};
use crate::support::{Client, TestApp};
use axum::http::StatusCode;
use chuangxian_web::{AppState, Config};

#[tokio::test]
async fn two_servers_on_one_postgres_agree_on_sessions_boards_ballots_and_closing() {
    let app = TestApp::postgres().await;
    let second_state = AppState::new(app.db.store.clone(), Config::default());
    let second = chuangxian_web::router(second_state.clone());
    let first_state = AppState::new(app.db.store.clone(), Config::default());

    // Signed in on the first, the same cookies and form token work on the second.
    let mut on_first = app.signed_in("secretary").await;
    let token = on_first.csrf().await;
    let mut on_second = Client::new(second.clone());
    on_second.cookies = on_first.cookies.clone();
    let home = on_second.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("退出"), "signed in on the second");
    let res = on_second
        .post_form("/lang", &[("_csrf", &token), ("lang", "en"), ("back", "/")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    // The second keeps the board; a change through the first shows there.
    let board = format!("/board/{}", app.demo.branch.id);
    let mut visitor = Client::new(second.clone());
    let before = visitor.get(&board).await.body;
    let mut member = app.signed_in("member").await;
    let c = approved_commitment(&app, &mut member).await;
    let what = c.approved.unwrap()[0].what.clone();
    assert!(!before.contains(&what));
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(
        visitor.get(&board).await.body.contains(&what),
        "seen on the second"
    );

    // One code cast on both servers at once votes once.
    let mut secretary = app.signed_in("secretary").await;
    let round = open_members_round(&app, &mut secretary, 2).await;
    let code = slips(&mut secretary, round, 1).await.remove(0);
    let (mut voter_a, mut voter_b) = (app.client(), Client::new(second.clone()));
    let mut ballots = Vec::new();
    for voter in [&mut voter_a, &mut voter_b] {
        let page = voter.post_form("/vote", &[("code", &code)]).await;
        let mut fields = vec![("code".to_string(), code.clone())];
        for r in rating_fields(&page.body) {
            fields.push((r, "0".to_string()));
        }
        ballots.push(fields);
    }
    let [a, b]: [Vec<(&str, &str)>; 2] = [0, 1].map(|i| {
        ballots[i]
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    });
    let (ra, rb) = tokio::join!(
        voter_a.post_form("/vote/cast", &a),
        voter_b.post_form("/vote/cast", &b),
    );
    assert!(ra.status.is_success() && rb.status.is_success());
    let counts = app.db.store.participation(round).await.unwrap();
    assert_eq!(counts.used, 1, "one ballot for one code");

    // Two workers drain one queue: each job runs once.
    let person = app.person_id("member").await;
    for i in 0..20 {
        let job = serde_json::json!({
            "person_id": person, "title": format!("队列消息{i}"), "body": "", "link": null
        });
        app.db
            .store
            .enqueue("notify", &job.to_string(), 3)
            .await
            .unwrap();
    }
    let drain = |worker: &'static str| {
        let store = app.db.store.clone();
        async move {
            let mut ran = 0;
            while chuangxian_web::http::jobs::run_one(&store, worker)
                .await
                .unwrap()
            {
                ran += 1;
            }
            ran
        }
    };
    let (ran_a, ran_b) = tokio::join!(drain("first"), drain("second"));
    assert_eq!(ran_a + ran_b, 20);
    let inbox = app.db.store.inbox(person, 100).await.unwrap();
    assert_eq!(
        inbox
            .iter()
            .filter(|m| m.title.starts_with("队列消息"))
            .count(),
        20,
        "each job once"
    );

    // Both servers close the round at once: it closes once.
    let r = app.db.store.round(round).await.unwrap();
    let now = time::OffsetDateTime::now_utc();
    let close = chuangxian_web::evaluation::closing::close;
    let (x, y) = tokio::join!(
        close(&first_state, "office", &r, now),
        close(&second_state, "office", &r, now)
    );
    assert!(x.is_ok() && y.is_ok());
    let closes = app
        .db
        .store
        .audit_entries(&store::audit::AuditFilter {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "close" && e.entity_id == round.to_string())
        .count();
    assert_eq!(closes, 1, "closed once");
}

/// A server with a read replica (`serve --read-db`): the public portal, news
/// list and board read through a connection that refuses every write, and
/// show what the primary holds.
#[tokio::test]
async fn the_public_pages_read_from_a_read_only_replica() {
    let app = TestApp::postgres().await;
    let url = format!(
        "{}?options=-c%20default_transaction_read_only%3Don",
        app.db.url
    );
    let replica = store::Store::connect(&url).await.unwrap();
    let refused = replica
        .create_organisation(
            "test",
            None,
            domain::organisation::OrgKind::Committee,
            "只读",
        )
        .await;
    assert!(refused.is_err(), "the replica's connection refuses writes");
    let state = AppState::new(app.db.store.clone(), Config::default()).with_reads(replica);
    let router = chuangxian_web::router(state);
    let branch = app.demo.branch.id;
    for path in [
        format!("/p/{branch}"),
        format!("/p/{branch}/news"),
        format!("/board/{branch}"),
    ] {
        let through_replica = Client::new(router.clone()).get(&path).await;
        let from_primary = app.client().get(&path).await;
        assert_eq!(
            through_replica.status,
            StatusCode::OK,
            "{path}: {}",
            through_replica.body
        );
        assert_eq!(
            strip_tokens(&through_replica.body),
            strip_tokens(&from_primary.body),
            "{path} shows what the primary holds"
        );
    }
}

/// A page without its per-visitor form tokens.
fn strip_tokens(html: &str) -> String {
    ["name=\"_csrf\" value=\"", "\"X-CSRF-Token\": \""]
        .iter()
        .fold(html.to_string(), |page, before| {
            page.split(before)
                .map(|part| part.split_once('"').map_or(part, |(_, rest)| rest))
                .collect()
        })
}
