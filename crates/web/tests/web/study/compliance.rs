//! Compliance: roles on the branch's table, reminders, pages of a large table,
//! the ledger read back from Excel, and a new plan's target recounted.

use super::today;
use crate::support::TestApp;
use axum::http::StatusCode;
use calamine::{Reader, Xlsx};

#[tokio::test]
async fn the_secretary_sees_compliance_and_reminds_laggards_and_members_may_not() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let path = format!("/organisations/{branch}/study");
    let mut member = app.signed_in("member").await;
    assert_eq!(member.get(&path).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        member
            .post_form(&format!("{path}/remind"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    member
        .post_form("/study/reading", &[("day", &today()), ("add", "60")])
        .await;

    let mut secretary = app.signed_in("secretary").await;
    let page = secretary.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let member_id = app.person_id("member").await;
    let row = page
        .body
        .split(&format!("id=\"person-{member_id}\""))
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(row.contains("本期 60/60"), "{row}");
    // The named demo accounts have not read since the campaign began: lagging.
    assert!(row.contains("落后") && row.starts_with(" class=\"lagging\""));
    // A diligent demo reader is not lagging on books (see the demo's seed).
    assert!(page.body.contains("80% (4/5)") || page.body.contains("100%"));

    let res = secretary.post_form(&format!("{path}/remind"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let n: usize = res.location().rsplit('=').next().unwrap().parse().unwrap();
    assert!(n >= 3, "{n} reminded");
    let inbox = member.get("/inbox").await;
    assert!(inbox.body.contains("学习提醒") && inbox.body.contains("每天读书一小时"));

    // The workbook has a row per person and a column per quota.
    let book = secretary
        .get(&format!("/organisations/{branch}/study.xlsx"))
        .await;
    let mut xlsx: Xlsx<_> = Xlsx::new(std::io::Cursor::new(book.bytes)).unwrap();
    let sheet = xlsx.worksheet_range("学习完成情况").unwrap();
    assert_eq!(sheet.get((0, 2)).unwrap().to_string(), "每天读书一小时");
    // A column per figure, each a number: the share, the periods met and due.
    assert!(
        sheet
            .get((0, 3))
            .unwrap()
            .to_string()
            .contains("已达标周期")
    );
    for c in [2, 3, 4] {
        let cell = sheet.get((1, c)).unwrap();
        assert!(
            matches!(cell, calamine::Data::Float(_) | calamine::Data::Empty),
            "{c}: {cell:?}"
        );
    }
    assert_eq!(
        sheet.height() as i64 - 1,
        app.db
            .store
            .all_people(&app.demo.branch.path)
            .await
            .unwrap()
            .len() as i64
    );

    // The leader above reads it; the office sees the summary with the branch in it.
    let mut leader = app.signed_in("leader").await;
    assert_eq!(leader.get(&path).await.status, StatusCode::OK);
    assert_eq!(
        leader
            .post_form(&format!("{path}/remind"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mut office = app.signed_in("office").await;
    let summary = office
        .get(&format!(
            "/organisations/{}/study/summary",
            app.demo.root.id
        ))
        .await;
    assert_eq!(summary.status, StatusCode::OK);
    assert!(summary.body.contains(&app.demo.branch.name));
}

#[tokio::test]
async fn a_large_table_comes_in_pages_laggards_can_be_shown_alone_and_the_summary_goes_to_excel() {
    let app = TestApp::sqlite().await;
    let store = &app.db.store;
    let branch = &app.demo.branch;
    // 120 more readers from the campaign's first day, none of whom has read.
    let since = format!("{}T00:00:00Z", app.demo.first_phase.0);
    store
        .bench_people(std::slice::from_ref(branch), 120, &since)
        .await
        .unwrap();
    let everyone = store.all_people(&branch.path).await.unwrap().len();
    let mut secretary = app.signed_in("secretary").await;
    let path = format!("/organisations/{}/study", branch.id);
    let rows = |body: &str| body.matches("<tr id=\"person-").count();

    let first = secretary.get(&path).await;
    assert_eq!(rows(&first.body), 100);
    assert!(
        first
            .body
            .contains(&format!("第 1 / {} 页", everyone.div_ceil(100)))
    );
    let last = secretary.get(&format!("{path}?page=99")).await;
    assert_eq!(
        rows(&last.body),
        everyone - 100,
        "a page past the end shows the last"
    );

    // Every row of the laggards' pages is lagging.
    let lagging = secretary.get(&format!("{path}?lagging=true&page=2")).await;
    let shown = rows(&lagging.body);
    assert!(shown > 0);
    assert_eq!(lagging.body.matches("class=\"lagging\"").count(), shown);
    assert!(
        lagging.body.contains("lagging=true"),
        "the pager keeps the filter"
    );

    // A campaign office's summary, in pages of organisations and in Excel.
    for i in 0..101 {
        store
            .create_organisation(
                "test",
                Some(&app.demo.root),
                domain::organisation::OrgKind::Branch,
                &format!("分支部{i:03}"),
            )
            .await
            .unwrap();
    }
    let extra = store.subtree(&app.demo.root.path).await.unwrap();
    let extra: Vec<_> = extra
        .into_iter()
        .filter(|o| o.name.starts_with("分支部"))
        .collect();
    store.bench_people(&extra, 1, &since).await.unwrap();
    let mut office = app.signed_in("office").await;
    let summary = format!("/organisations/{}/study/summary", app.demo.root.id);
    let page = office.get(&summary).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("第 1 / 2 页"), "103 organisations");
    let second = office.get(&format!("{summary}?page=2")).await;
    assert!(second.body.contains("<a href=\"?page=1\">"));
    let book = office.get(&format!("{summary}.xlsx")).await;
    assert_eq!(book.status, StatusCode::OK);
    let mut xlsx: Xlsx<_> = Xlsx::new(std::io::Cursor::new(book.bytes)).unwrap();
    let sheet = xlsx.worksheet_range("下级学习汇总").unwrap();
    assert_eq!(sheet.get((1, 0)).unwrap().to_string(), app.demo.root.name);
    assert_eq!(
        sheet.height(),
        1 + 1 + 103,
        "header, total, every organisation"
    );
    assert_eq!(sheet.get((0, 2)).unwrap().to_string(), "每天读书一小时");
    // A member may not take the city's figures away.
    let mut member = app.signed_in("member").await;
    assert_eq!(
        member.get(&format!("{summary}.xlsx")).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_study_ledger_reads_back_from_excel_and_is_private_to_the_leadership() {
    let app = TestApp::sqlite().await;
    let mut member = app.signed_in("member").await;
    member
        .post_form("/study/reading", &[("day", &today()), ("add", "30")])
        .await;
    let me = app.person_id("member").await;
    let book = member.get(&format!("/people/{me}/study-ledger.xlsx")).await;
    assert_eq!(book.status, StatusCode::OK);
    let mut xlsx: Xlsx<_> = Xlsx::new(std::io::Cursor::new(book.bytes)).unwrap();
    let reading = xlsx.worksheet_range("阅读时长").unwrap();
    // Real cells: a date Excel sorts, minutes Excel sums.
    let calamine::Data::DateTime(day) = reading.get((1, 0)).unwrap() else {
        panic!("a date cell: {:?}", reading.get((1, 0)));
    };
    assert_eq!(
        domain::roster::excel_serial(day.as_f64())
            .unwrap()
            .to_string(),
        today()
    );
    assert_eq!(reading.get((1, 1)).unwrap(), &calamine::Data::Float(30.0));
    let print = member.get(&format!("/people/{me}/study-ledger")).await;
    assert!(print.body.contains("id=\"ledger-title\""));
    // Another member may not read it; the secretary may.
    let other = app.person_id("deputy").await;
    assert_eq!(
        member
            .get(&format!("/people/{other}/study-ledger"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mut secretary = app.signed_in("secretary").await;
    assert_eq!(
        secretary
            .get(&format!("/people/{me}/study-ledger"))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_new_plan_with_another_target_recounts_every_standing() {
    let app = TestApp::sqlite().await;
    let mut c = app.client();
    let token = app.api_token("secretary").await;
    let path = format!("/api/v1/organisations/{}/study", app.demo.branch.id);
    let days_met = |table: serde_json::Value| -> u64 {
        table["table"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["cells"][0]["met"].as_u64())
            .sum()
    };
    let before = days_met(
        c.api("GET", &path, Some(&token), Some(serde_json::json!(null)))
            .await
            .json(),
    );

    // The office halves the daily target: 30 minutes a day.
    let source = chuangxian_web::demo::SOURCE_PLAN.replace(
        "name = \"每天读书一小时\"\nperiod = \"day\"\ntarget = 60",
        "name = \"每天读书半小时\"\nperiod = \"day\"\ntarget = 30",
    );
    let plan = domain::plan::parse_plan(&source)
        .unwrap()
        .shifted_by_years(app.demo.shift_years);
    assert_eq!(plan.quotas[0].target, 30);
    let store = &app.db.store;
    store
        .import_plan(
            "office",
            &app.demo.root,
            &source,
            &plan,
            app.demo.shift_years,
        )
        .await
        .unwrap();
    let n = chuangxian_web::study::rules::restand_all(
        store,
        &app.demo.root,
        chuangxian_web::CHINA_STANDARD_TIME,
    )
    .await
    .unwrap();
    assert!(n > 20);
    let after = days_met(
        c.api("GET", &path, Some(&token), Some(serde_json::json!(null)))
            .await
            .json(),
    );
    // Every demo reader reads at least 45 minutes on the days they read.
    assert!(
        after > before,
        "{after} days met at 30 minutes, {before} at 60"
    );
}
