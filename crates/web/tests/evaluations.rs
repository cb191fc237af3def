//! Mass evaluation through the router: opening a round with errors beside the
//! fields, who may do what, voting with a slip once, results only after the
//! close and above the minimum, the receipt board, publication, the workbook,
//! paper ballots, codes by message, rectification, and the JSON API.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use calamine::{Reader, Xlsx};
use support::evaluation::{
    local_input, open_members_round, rating_fields, receipt_on, slips, vote,
};
use support::{TestApp, form_action};

/// The first link on a page whose address starts with `prefix`.
fn link_to(html: &str, prefix: &str) -> String {
    let marker = format!("href=\"{prefix}");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no link to {prefix}"))
        + 6;
    html[start..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn a_round_form_shows_each_mistake_beside_its_field_and_creates_nothing() {
    let app = TestApp::sqlite().await;
    let mut secretary = app.signed_in("secretary").await;
    let path = format!("/organisations/{}/evaluations/new", app.demo.branch.id);
    let form = secretary.get(&format!("{path}?kind=members")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("带头学习提高"), "the plan's criteria");
    assert!(form.body.contains("value=\"较好\""), "the default scale");
    let res = secretary
        .post_form(
            &path,
            &[
                ("kind", "members"),
                ("title", ""),
                ("level-0-label", "好"),
                ("level-0-score", "一百"),
                ("opens_at", &local_input(2)),
                ("closes_at", &local_input(1)),
                ("min_ballots", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for id in [
        "title-error",
        "criteria-error",
        "levels-error",
        "closes-error",
        "min-error",
        "targets-error",
    ] {
        assert!(res.body.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(res.body.contains("分值应为 0 到 100 的整数"));
    assert!(res.body.contains("截止时间应晚于开始时间"));
    assert!(
        app.db
            .store
            .rounds_of(app.demo.branch.id)
            .await
            .unwrap()
            .is_empty()
    );
    let id = open_members_round(&app, &mut secretary, 3).await;
    let round = secretary.get(&format!("/evaluations/{id}")).await;
    assert!(round.body.contains("2026年度党员民主评议"));
    assert!(round.body.contains("进行中"));
}

#[tokio::test]
async fn only_a_branch_leadership_runs_a_members_round_and_only_an_office_a_branches_round() {
    let app = TestApp::sqlite().await;
    let (branch, root) = (app.demo.branch.id, app.demo.root.id);
    let mut member = app.signed_in("member").await;
    let res = member
        .get(&format!(
            "/organisations/{branch}/evaluations/new?kind=members"
        ))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let mut secretary = app.signed_in("secretary").await;
    let res = secretary
        .get(&format!(
            "/organisations/{root}/evaluations/new?kind=branches"
        ))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let mut office = app.signed_in("office").await;
    let res = office
        .get(&format!(
            "/organisations/{root}/evaluations/new?kind=branches"
        ))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("领导班子好"), "the five goods");
    assert!(
        res.body.contains(&app.demo.branch.name),
        "the branch is a target"
    );

    let id = open_members_round(&app, &mut secretary, 2).await;
    // A member reads the round, but not its organiser's forms, and makes no slips.
    let page = member.get(&format!("/evaluations/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("slips-form"));
    let res = member
        .post_form(&format!("/evaluations/{id}/slips"), &[("count", "3")])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = member
        .post_form(&format!("/evaluations/{id}/close"), &[])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // A visitor is sent to sign in.
    let res = app.client().get(&format!("/evaluations/{id}")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

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
async fn results_show_only_after_the_close_with_a_receipt_board_on_sqlite() {
    results_show_only_after_the_close_with_a_receipt_board(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn results_show_only_after_the_close_with_a_receipt_board_on_postgres() {
    let app = TestApp::postgres().await;
    results_show_only_after_the_close_with_a_receipt_board(app).await;
}

async fn results_show_only_after_the_close_with_a_receipt_board(app: TestApp) {
    let mut secretary = app.signed_in("secretary").await;
    let id = open_members_round(&app, &mut secretary, 2).await;
    let codes = slips(&mut secretary, id, 4).await;
    let mut receipts = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let mut voter = app.client();
        let res = vote(&mut voter, code, i % 4, &format!("意见{i}")).await;
        receipts.push(receipt_on(&res.body));
    }
    // Before the close: participation only.
    let page = secretary.get(&format!("/evaluations/{id}")).await;
    assert!(page.body.contains("id=\"results-later\""));
    assert!(!page.body.contains("意见0"));
    let public = app.client().get(&format!("/evaluations/{id}/public")).await;
    assert!(public.body.contains("id=\"public-later\""));
    assert!(!public.body.contains(&receipts[0]));

    let res = secretary
        .post_form(&format!("/evaluations/{id}/close"), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = secretary.get(&format!("/evaluations/{id}")).await;
    assert!(page.body.contains("共计入 4 张选票"), "{}", page.body);
    assert!(
        page.body.contains("50.0%"),
        "one ballot on each level: half rated good"
    );
    let target = link_to(&page.body, &format!("/evaluations/{id}/targets/"));
    let detail = secretary.get(&target).await;
    assert!(detail.body.contains("<svg"), "a chart");
    assert!(detail.body.contains("意见0") || detail.body.contains("意见1"));

    // The public page: totals, every receipt, and a receipt checked; no
    // figures until the organiser publishes them.
    let mut visitor = app.client();
    let public = visitor.get(&format!("/evaluations/{id}/public")).await;
    assert!(public.body.contains("id=\"receipts-match\""));
    for r in &receipts {
        assert!(public.body.contains(r.as_str()), "{r}");
    }
    assert!(public.body.contains("id=\"not-published\""));
    let check = visitor
        .get(&format!(
            "/evaluations/{id}/public?receipt={}",
            receipts[2].to_lowercase()
        ))
        .await;
    assert!(check.body.contains("id=\"receipt-found\""));
    let check = visitor
        .get(&format!("/evaluations/{id}/public?receipt=0000-0000-0000"))
        .await;
    assert!(check.body.contains("id=\"receipt-missing\""));

    let res = secretary
        .post_form(
            &format!("/evaluations/{id}/publication"),
            &[("published", "1"), ("good_share", "1")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let public = visitor.get(&format!("/evaluations/{id}/public")).await;
    assert!(public.body.contains("class=\"good-share\""));
    assert!(
        !public.body.contains("意见0"),
        "comments were not published"
    );
    let portal = visitor.get(&format!("/p/{}", app.demo.branch.id)).await;
    assert!(portal.body.contains(&format!("/evaluations/{id}/public")));

    // The workbook: results and participation, as Excel reads them.
    let book = secretary
        .get(&format!("/evaluations/{id}/results.xlsx"))
        .await;
    assert_eq!(book.status, StatusCode::OK);
    let mut xlsx: Xlsx<_> = Xlsx::new(std::io::Cursor::new(book.bytes)).unwrap();
    let names = xlsx.sheet_names();
    assert_eq!(names, vec!["评议结果".to_string(), "参与情况".to_string()]);
    let results = xlsx.worksheet_range("评议结果").unwrap();
    assert_eq!(results.get_value((1, 3)).unwrap().to_string(), "好");
    assert_eq!(results.get_value((2, 2)).unwrap().to_string(), "4");
    let participation = xlsx.worksheet_range("参与情况").unwrap();
    assert_eq!(participation.get_value((1, 3)).unwrap().to_string(), "4");
    assert_eq!(participation.get_value((1, 4)).unwrap().to_string(), "4");
    let notice = secretary.get(&format!("/evaluations/{id}/notice")).await;
    assert!(notice.body.contains("id=\"notice-table\""));
    // A member cannot read the full results.
    let mut member = app.signed_in("member").await;
    let res = member.get(&format!("/evaluations/{id}/notice")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_target_below_the_minimum_shows_nothing_and_raises_nothing() {
    let app = TestApp::sqlite().await;
    let mut secretary = app.signed_in("secretary").await;
    let id = open_members_round(&app, &mut secretary, 1).await;
    let codes = slips(&mut secretary, id, 2).await;
    for code in &codes {
        vote(&mut app.client(), code, 3, "只有两票").await;
    }
    secretary
        .post_form(&format!("/evaluations/{id}/close"), &[])
        .await;
    let page = secretary.get(&format!("/evaluations/{id}")).await;
    assert!(page.body.contains("票数不足 3 张"));
    let target = link_to(&page.body, &format!("/evaluations/{id}/targets/"));
    let detail = secretary.get(&target).await;
    assert!(detail.body.contains("id=\"below-minimum\""));
    assert!(
        !detail.body.contains("只有两票"),
        "no comments below the minimum"
    );
    let res = secretary
        .post_form(
            &format!("{target}/rectifications"),
            &[("problem", "x"), ("owner", "1"), ("due_on", "2030-01-01")],
        )
        .await;
    // Nothing is shown of it, so nothing can be raised from it.
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"below-minimum\""));
}

#[tokio::test]
async fn a_result_raises_a_rectification_item_on_the_branch_list() {
    let app = TestApp::sqlite().await;
    let mut secretary = app.signed_in("secretary").await;
    let id = open_members_round(&app, &mut secretary, 1).await;
    for code in slips(&mut secretary, id, 3).await {
        vote(&mut app.client(), &code, 2, "").await;
    }
    secretary
        .post_form(&format!("/evaluations/{id}/close"), &[])
        .await;
    let page = secretary.get(&format!("/evaluations/{id}")).await;
    let target = link_to(&page.body, &format!("/evaluations/{id}/targets/"));
    let detail = secretary.get(&target).await;
    let owner = detail
        .body
        .split("<option value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let bad = secretary
        .post_form(
            &format!("{target}/rectifications"),
            &[
                ("problem", "服务群众偏少"),
                ("owner", &owner),
                ("due_on", "下个月"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"rectification-error\""));
    let res = secretary
        .post_form(
            &format!("{target}/rectifications"),
            &[
                ("problem", "服务群众偏少"),
                ("owner", &owner),
                ("due_on", "2030-06-30"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let list = secretary
        .get(&format!("/organisations/{}/reviews", app.demo.branch.id))
        .await;
    assert!(list.body.contains("服务群众偏少"));
    // The secretary closes it, as for an item from a review.
    let item = form_action(&list.body, "/rectifications/");
    let item = item.trim_end_matches("/close");
    let res = secretary.post_form(&format!("{item}/close"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
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

fn json_request(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: serde_json::Value,
) -> Request<Body> {
    let mut r = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    r.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn the_api_opens_a_round_makes_codes_votes_and_reads_results() {
    let app = TestApp::sqlite().await;
    let token = app.api_token("secretary").await;
    let mut c = app.client();
    let branch = app.demo.branch.id;
    let bad = c
        .send(json_request(
            "POST",
            &format!("/api/v1/organisations/{branch}/evaluations"),
            Some(&token),
            serde_json::json!({ "title": "", "kind": "members", "opens_at": "x", "closes_at": local_input(24) }),
        ))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = bad.json();
    let fields: Vec<&str> = errors["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"title") && fields.contains(&"opens_at"),
        "{fields:?}"
    );

    let people = app
        .db
        .store
        .all_people(&app.demo.branch.path)
        .await
        .unwrap();
    let created = c
        .send(json_request(
            "POST",
            &format!("/api/v1/organisations/{branch}/evaluations"),
            Some(&token),
            serde_json::json!({
                "title": "接口评议", "kind": "members", "criteria": ["study"],
                "opens_at": local_input(-1), "closes_at": local_input(24),
                "targets": [people[0].id], "min_ballots": 3,
            }),
        ))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_i64().unwrap();
    let issued = c
        .send(json_request(
            "POST",
            &format!("/api/v1/evaluations/{id}/codes"),
            Some(&token),
            serde_json::json!({ "count": 3 }),
        ))
        .await;
    assert_eq!(issued.status, StatusCode::CREATED);
    let codes: Vec<String> = issued.json()["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    // Anyone with a code votes, without an account.
    let mut voter = app.client();
    let ballot = voter
        .send(json_request(
            "POST",
            "/api/v1/vote/ballot",
            None,
            serde_json::json!({ "code": codes[0] }),
        ))
        .await;
    assert_eq!(ballot.status, StatusCode::OK, "{}", ballot.body);
    let target = ballot.json()["targets"][0]["id"].as_i64().unwrap();
    let incomplete = voter
        .send(json_request(
            "POST",
            "/api/v1/vote",
            None,
            serde_json::json!({ "code": codes[0], "ratings": [] }),
        ))
        .await;
    assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(incomplete.json()["error"], "vote-error-incomplete");
    assert_eq!(
        incomplete.json()["errors"][0]["field"],
        format!("ratings.{target}.0")
    );
    let mut receipts = Vec::new();
    for code in &codes {
        let cast = voter
            .send(json_request(
                "POST",
                "/api/v1/vote",
                None,
                serde_json::json!({ "code": code, "ratings": [{ "target": target, "criterion": 0, "level": 0 }] }),
            ))
            .await;
        assert_eq!(cast.status, StatusCode::CREATED, "{}", cast.body);
        receipts.push(cast.json()["receipt"].as_str().unwrap().to_string());
    }
    let again = voter
        .send(json_request(
            "POST",
            "/api/v1/vote",
            None,
            serde_json::json!({ "code": codes[0], "ratings": [{ "target": target, "criterion": 0, "level": 3 }] }),
        ))
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["receipt"], receipts[0].as_str());
    assert_eq!(again.json()["again"], true);

    let early = c
        .send(
            Request::get(format!("/api/v1/evaluations/{id}/results"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "not before the close");
    let closed = c
        .send(json_request(
            "POST",
            &format!("/api/v1/evaluations/{id}/close"),
            Some(&token),
            serde_json::json!({}),
        ))
        .await;
    assert_eq!(closed.status, StatusCode::NO_CONTENT);
    let results = c
        .send(
            Request::get(format!("/api/v1/evaluations/{id}/results"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .json();
    assert_eq!(results["ballots"], 3);
    assert_eq!(
        results["targets"][0]["result"]["criteria"][0]["counts"][0],
        3
    );
    let board = voter
        .get(&format!("/api/v1/evaluations/{id}/receipts"))
        .await
        .json();
    let mut sorted = receipts.clone();
    sorted.sort();
    assert_eq!(board["receipts"], serde_json::json!(sorted));
    assert_eq!(board["participation"]["used"], 3);

    let doc = app.client().get("/api/v1/openapi.json").await.json();
    for p in [
        "/api/v1/vote",
        "/api/v1/evaluations/{id}/codes",
        "/api/v1/evaluations/{id}/receipts",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p}");
    }
}
