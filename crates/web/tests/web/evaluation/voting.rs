//! Voting: a slip votes once, a paper ballot goes the same path, codes sent by
//! message reach the inbox and are wiped at the close.

use crate::support::TestApp;
use crate::support::evaluation::{open_members_round, rating_fields, receipt_on, slips, vote};
use axum::http::{StatusCode, header};

#[tokio::test]
async fn a_slip_votes_once_and_a_second_submit_gets_the_same_receipt() {
    let app = TestApp::sqlite().await;
    let mut secretary = app.signed_in("secretary").await;
    let id = open_members_round(&app, &mut secretary, 2).await;
    let codes = slips(&mut secretary, id, 3).await;
    let mut voter = app.client();

    let start = voter.get("/vote").await;
    assert_eq!(
        start.headers.get(header::REFERRER_POLICY).unwrap(),
        "no-referrer"
    );
    assert_eq!(
        start.headers.get(header::CACHE_CONTROL).unwrap(),
        "no-store"
    );

    // A mistyped code and an unknown one are told apart.
    let mut slipped: Vec<char> = codes[0].chars().collect();
    slipped[0] = if slipped[0] == '1' { '2' } else { '1' };
    let slipped: String = slipped.into_iter().collect();
    let res = voter.post_form("/vote", &[("code", &slipped)]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("校验位不符") || res.body.contains("无效"));
    let res = voter.post_form("/vote", &[("code", "abc")]).await;
    assert!(res.body.contains("28 位"));

    // An incomplete ballot comes back with the unrated criteria marked.
    let ballot = voter.post_form("/vote", &[("code", &codes[0])]).await;
    assert_eq!(ballot.status, StatusCode::OK);
    assert_eq!(
        ballot.headers.get(header::CACHE_CONTROL).unwrap(),
        "no-store"
    );
    let fields = rating_fields(&ballot.body);
    assert_eq!(fields.len(), 4, "two members × two criteria");
    let res = voter
        .post_form("/vote/cast", &[("code", &codes[0]), (&fields[0], "1")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.body.matches("field-error unrated").count(), 3);
    assert!(res.body.contains("checked"), "the rating given is kept");

    let first = vote(&mut voter, &codes[0], 0, "工作认真").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let receipt = receipt_on(&first.body);
    assert_eq!(receipt.len(), 14);
    // The same ballot again (a double click): the same receipt, no second ballot.
    let mut fields: Vec<(String, String)> = vec![("code".into(), codes[0].clone())];
    fields.extend(
        rating_fields(&ballot.body)
            .into_iter()
            .map(|f| (f, "3".to_string())),
    );
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let again = voter.post_form("/vote/cast", &refs).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(receipt_on(&again.body), receipt);
    assert!(again.body.contains("receipt-again"));
    assert_eq!(app.db.store.ballot_count(id).await.unwrap(), 1);
    // Opening it again says it voted, with its receipt.
    let used = voter.post_form("/vote", &[("code", &codes[0])]).await;
    assert_eq!(used.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(used.body.contains("已经投过票"));
    assert!(used.body.contains(&receipt));

    // A revoked slip cannot vote.
    let res = secretary
        .post_form(
            &format!("/evaluations/{id}/revocations"),
            &[("code", &codes[1])],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = voter.post_form("/vote", &[("code", &codes[1])]).await;
    assert!(res.body.contains("已作废"));
    // Revoking a used code is refused beside the form.
    let res = secretary
        .post_form(
            &format!("/evaluations/{id}/revocations"),
            &[("code", &codes[0])],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"revoke-error\""));
}

#[tokio::test]
async fn an_officer_types_in_a_paper_ballot_through_the_same_path() {
    let app = TestApp::sqlite().await;
    let mut secretary = app.signed_in("secretary").await;
    let id = open_members_round(&app, &mut secretary, 2).await;
    let codes = slips(&mut secretary, id, 2).await;
    let page = secretary
        .post_form(
            &format!("/evaluations/{id}/paper/open"),
            &[("code", &codes[0])],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let mut fields: Vec<(String, String)> = vec![("code".into(), codes[0].clone())];
    fields.extend(
        rating_fields(&page.body)
            .into_iter()
            .map(|f| (f, "1".into())),
    );
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = secretary
        .post_form(&format!("/evaluations/{id}/paper"), &refs)
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("id=\"paper-counted\""));
    assert_eq!(app.db.store.ballot_count(id).await.unwrap(), 1);
    // The same slip online is already used.
    let online = app
        .client()
        .post_form("/vote", &[("code", &codes[0])])
        .await;
    assert!(online.body.contains("已经投过票"));
    // The audit log has the officer's entry, without the code or the receipt.
    let entries = app
        .db
        .store
        .audit_entries(&store::audit::AuditFilter {
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == "paper_ballot" && e.actor == "secretary")
    );
    let receipt = receipt_on(&res.body.replace("class=\"receipt\">", "id=\"receipt\">"));
    for e in &entries {
        assert!(!e.summary.contains(&codes[0]) && !e.summary.contains(&receipt));
    }
}

#[tokio::test]
async fn codes_sent_by_message_reach_the_inbox_and_are_wiped_at_the_close() {
    let app = TestApp::sqlite().await;
    let mut secretary = app.signed_in("secretary").await;
    let id = open_members_round(&app, &mut secretary, 2).await;
    let res = secretary
        .post_form(
            &format!("/evaluations/{id}/deliveries"),
            &[("target", ""), ("who", "everyone")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("id=\"notice\""));
    let mut member = app.signed_in("member").await;
    let inbox = member.get("/inbox").await;
    let code = inbox
        .body
        .split("评议码 ")
        .nth(1)
        .expect("a code in the inbox")
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    let res = vote(&mut member, &code, 0, "").await;
    assert_eq!(res.status, StatusCode::OK);
    secretary
        .post_form(&format!("/evaluations/{id}/close"), &[])
        .await;
    let inbox = member.get("/inbox").await;
    assert!(!inbox.body.contains(&code), "the code is wiped");
    assert!(inbox.body.contains("已结束"));
}

#[tokio::test]
async fn everyone_sent_a_code_is_reminded_alike_once_before_the_close_voted_or_not() {
    let app = TestApp::sqlite().await;
    let mut secretary = app.signed_in("secretary").await;
    let id = open_members_round(&app, &mut secretary, 2).await;
    secretary
        .post_form(
            &format!("/evaluations/{id}/deliveries"),
            &[("target", ""), ("who", "everyone")],
        )
        .await;
    let mut member = app.signed_in("member").await;
    let inbox = member.get("/inbox").await.body;
    let code = inbox
        .split("评议码 ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(vote(&mut member, &code, 0, "").await.status, StatusCode::OK);

    let state =
        chuangxian_web::AppState::new(app.db.store.clone(), chuangxian_web::Config::default());
    let remind = |before| chuangxian_web::evaluation::closing::remind_code_holders(&state, before);
    assert_eq!(
        remind(time::Duration::hours(24)).await.unwrap(),
        0,
        "a week before the close, nobody yet"
    );
    let sent = remind(time::Duration::days(8)).await.unwrap();
    let delivered = app.db.store.batches(id).await.unwrap()[0].counts.issued as usize;
    assert_eq!(sent, delivered, "everyone who got a code, the voter too");
    assert_eq!(remind(time::Duration::days(8)).await.unwrap(), 0, "once");

    // The voter's reminder and the secretary's are the same words.
    let reminder = |page: &str| {
        let start = page.find("尚未参评的").expect("the reminder in the inbox");
        page[start..start + 60].to_string()
    };
    let voter = reminder(&member.get("/inbox").await.body);
    let other = reminder(&secretary.get("/inbox").await.body);
    assert_eq!(voter, other);
    let log = app
        .db
        .store
        .audit_entries(&store::audit::AuditFilter {
            limit: 20,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "remind_codes" && e.summary == format!("{sent} messages"))
    );
}
