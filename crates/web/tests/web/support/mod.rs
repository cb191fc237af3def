//! The one set of test helpers: the app over a fresh database with the demo
//! loaded, a client that keeps cookies and finds CSRF tokens the way a browser
//! would and signs API requests with a token, real xlsx rosters made the way
//! offices make them, and the steps of each area the way its users take them.

#![allow(dead_code)]

pub mod client;
pub mod commitment;
pub mod evaluation;
pub mod logs;
pub mod roster;

// The browser binary shares these helpers and uses fewer of them.
#[allow(unused_imports)]
pub use client::{Client, Reply, api_request, form_action, token_in};
pub use roster::hand_made_roster;

use chuangxian_web as web;

use axum::Router;
use axum::http::StatusCode;
use store::testing::TestDb;
use time::{Duration, OffsetDateTime};
use web::demo::Demo;
use web::{AppState, Config};

pub struct TestApp {
    pub router: Router,
    pub db: TestDb,
    pub demo: Demo,
}

impl TestApp {
    pub async fn sqlite() -> TestApp {
        TestApp::on(TestDb::sqlite().await.unwrap()).await
    }

    pub async fn postgres() -> TestApp {
        TestApp::on(
            TestDb::postgres()
                .await
                .expect("PostgreSQL must be running for these tests"),
        )
        .await
    }

    async fn on(db: TestDb) -> TestApp {
        let demo = web::demo::build(&db.store, web::http::clock::today(web::CHINA_STANDARD_TIME))
            .await
            .unwrap();
        let router = web::router(AppState::new(db.store.clone(), Config::default()));
        TestApp { router, db, demo }
    }

    pub fn client(&self) -> Client {
        Client::new(self.router.clone())
    }

    /// A personal access token of the demo account `username`.
    pub async fn api_token(&self, username: &str) -> String {
        let account = self
            .db
            .store
            .check_login(username, web::demo::DEMO_PASSWORD)
            .await
            .unwrap()
            .unwrap();
        self.db
            .store
            .create_access_token(account, username, "test")
            .await
            .unwrap()
    }

    /// The person behind the demo account `username`.
    pub async fn person_id(&self, username: &str) -> i64 {
        let account = self
            .db
            .store
            .check_login(username, web::demo::DEMO_PASSWORD)
            .await
            .unwrap()
            .unwrap();
        self.db.store.account(account).await.unwrap().person_id
    }

    /// A client signed in as `username` with the demo password.
    pub async fn signed_in(&self, username: &str) -> Client {
        let mut c = self.client();
        let res = c.login(username, web::demo::DEMO_PASSWORD).await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "{username} signs in: {}",
            res.body
        );
        c
    }
}

/// A time for a `datetime-local` field, `hours` from now.
pub fn local_input(hours: i64) -> String {
    web::http::clock::input_time(
        OffsetDateTime::now_utc() + Duration::hours(hours),
        web::CHINA_STANDARD_TIME,
    )
}

/// The leader's unpublished review of `person` in `branch`, with the problem
/// "心得偏少"; its path.
pub async fn review_member(leader: &mut Client, branch: i64, person: i64) -> String {
    let res = leader
        .post_form(
            &format!("/organisations/{branch}/reviews/new"),
            &[
                ("target", &person.to_string()),
                ("affirmed", "带头学习"),
                ("problems", "心得偏少"),
                ("direction", "多交流"),
                ("criteria", "study"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.location().to_string()
}
