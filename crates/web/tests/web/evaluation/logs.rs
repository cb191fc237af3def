//! No log line, audit entry or error message carries a voting code: every log
//! line of a whole round, at the most verbose level, with mistakes, retries,
//! paper ballots and the API, is searched for every code in every spelling.

use crate::support::evaluation::{open_members_round, rating_fields, slips, vote};
use crate::support::{TestApp, logs};
use axum::body::Body;
use axum::http::{Request, header};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_log_line_or_audit_entry_carries_a_code() {
    let captured = logs::capture();

    let app = TestApp::sqlite().await;
    let mut secretary = app.signed_in("secretary").await;
    let id = open_members_round(&app, &mut secretary, 2).await;
    let codes = slips(&mut secretary, id, 4).await;
    let mut voter = app.client();
    // Mistakes first: a slip, an incomplete ballot.
    let mut slipped = codes[0].clone();
    slipped.replace_range(5..6, if &slipped[5..6] == "A" { "B" } else { "A" });
    voter.post_form("/vote", &[("code", &slipped)]).await;
    voter
        .post_form("/vote/cast", &[("code", &codes[0]), ("r-1-0", "0")])
        .await;
    vote(&mut voter, &codes[0], 0, "很好").await;
    // A retry of the same ballot, and the used code typed again.
    voter
        .post_form("/vote/cast", &[("code", &codes[0]), ("r-1-0", "0")])
        .await;
    voter.post_form("/vote", &[("code", &codes[0])]).await;
    // A paper ballot.
    let page = secretary
        .post_form(
            &format!("/evaluations/{id}/paper/open"),
            &[("code", &codes[1])],
        )
        .await;
    let mut fields: Vec<(String, String)> = vec![("code".into(), codes[1].clone())];
    fields.extend(
        rating_fields(&page.body)
            .into_iter()
            .map(|f| (f, "2".into())),
    );
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    secretary
        .post_form(&format!("/evaluations/{id}/paper"), &refs)
        .await;
    // The API, with a code that is used and one that is not valid JSON-wise.
    for code in [&codes[0], &codes[2]] {
        voter
            .send(
                Request::post("/api/v1/vote")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(
                        serde_json::json!({ "code": code, "ratings": [] }).to_string(),
                    ))
                    .unwrap(),
            )
            .await;
    }
    // Revoke one, close.
    secretary
        .post_form(
            &format!("/evaluations/{id}/revocations"),
            &[("code", &codes[3])],
        )
        .await;
    secretary
        .post_form(&format!("/evaluations/{id}/close"), &[])
        .await;

    let log = captured.text();
    assert!(log.contains("/vote/cast"), "the log was captured");
    assert!(log.contains("cast_batch"), "casting was logged");
    let entries = app
        .db
        .store
        .audit_entries(&store::audit::AuditFilter {
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap();
    let audit: String = entries
        .iter()
        .map(|e| format!("{} {} {}\n", e.action, e.entity_id, e.summary))
        .collect();
    for code in codes.iter().chain([&slipped]) {
        let bare = code.replace('-', "");
        let token = domain::evaluation::code::Code::parse(code).ok();
        let mut spellings = vec![code.clone(), bare.clone(), bare.to_lowercase()];
        spellings.extend(token.map(|t| t.hash()));
        for s in spellings {
            assert!(!log.contains(&s), "the log holds {s}");
            assert!(!audit.contains(&s), "the audit log holds {s}");
        }
    }
}
