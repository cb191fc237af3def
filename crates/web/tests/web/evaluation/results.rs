//! Results: only after the close and above the minimum, the receipt board,
//! publication, the workbook, and a rectification item raised from a result.

use super::link_to;
use crate::support::evaluation::{open_members_round, receipt_on, slips, vote};
use crate::support::{TestApp, form_action};
use axum::http::StatusCode;
use calamine::{Reader, Xlsx};

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
