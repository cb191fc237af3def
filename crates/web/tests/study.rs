//! The study programme through the router: the personal log with its refusals,
//! roles on the branch's compliance table, reminders, meetings with attendance
//! and check-in, the ledgers read back from xlsx, and the JSON API.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use calamine::{Reader, Xlsx};
use support::evaluation::local_input;
use support::{Client, TestApp};

fn today() -> String {
    chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME).to_string()
}

async fn json(
    c: &mut Client,
    method: &str,
    path: &str,
    token: &str,
    body: serde_json::Value,
) -> support::Reply {
    c.send(
        Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn a_member_logs_reading_in_two_taps_and_bad_minutes_or_days_change_nothing() {
    let app = TestApp::sqlite().await;
    let mut member = app.signed_in("member").await;
    let day = today();

    // Tap one: the page; tap two: +60.
    let page = member.get("/study").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"add-60\""));
    let res = member
        .post_form("/study/reading", &[("day", &day), ("add", "60")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // A second tap adds to the day.
    member
        .post_form("/study/reading", &[("day", &day), ("add", "30")])
        .await;
    let page = member.get("/study").await;
    assert!(page.body.contains("已读 90 分钟"), "{}", page.body);
    assert!(page.body.contains("90 / 60"));
    assert!(
        page.body
            .contains(&format!("data-day=\"{day}\" data-minutes=\"90\""))
    );

    // Several days at once; a bad row refuses them all with the message beside it.
    let yesterday = (time::OffsetDateTime::now_utc()
        .to_offset(chuangxian_web::CHINA_STANDARD_TIME)
        .date()
        - time::Duration::days(1))
    .to_string();
    for (minutes, message) in [
        ("-5", "分钟数不能为负"),
        ("1441", "不能超过 24 小时"),
        ("一小时", "须为整数"),
    ] {
        let res = member
            .post_form(
                "/study/reading",
                &[
                    ("day", &yesterday),
                    ("minutes", "45"),
                    ("day", &day),
                    ("minutes", minutes),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.body.contains(&format!("id=\"error-{day}\"")) && res.body.contains(message),
            "{message}"
        );
    }
    for (bad_day, message) in [
        ("2099-01-01", "不能记录未来的日期"),
        ("2000-01-01", "不在本次活动期间"),
        ("2026-02-30", "日期无效"),
    ] {
        let res = member
            .post_form("/study/reading", &[("day", bad_day), ("minutes", "30")])
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(message), "{bad_day}");
    }
    // Adding past 24 hours is refused too.
    let res = member
        .post_form("/study/reading", &[("day", &day), ("add", "1400")])
        .await;
    assert!(res.body.contains("id=\"quick-error\""));
    let token = app.api_token("member").await;
    let got = json(
        &mut member,
        "GET",
        "/api/v1/me/study/reading",
        &token,
        serde_json::json!(null),
    )
    .await
    .json();
    assert_eq!(got, serde_json::json!([{ "day": day, "minutes": 90 }]));

    // Then the good rows save, and an empty field leaves a day alone.
    let res = member
        .post_form(
            "/study/reading",
            &[
                ("day", &yesterday),
                ("minutes", "45"),
                ("day", &day),
                ("minutes", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let got = json(
        &mut member,
        "GET",
        "/api/v1/me/study/reading",
        &token,
        serde_json::json!(null),
    )
    .await
    .json();
    assert_eq!(got.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn records_take_a_real_file_and_refuse_one_that_is_not_what_it_claims() {
    let app = TestApp::sqlite().await;
    let mut member = app.signed_in("member").await;
    let day = today();
    let fields = [
        ("kind", "reflection"),
        ("title", "学习心得"),
        ("author", ""),
        ("day", day.as_str()),
        ("body", "体会"),
    ];
    let res = member
        .multipart_with(
            "/study/records",
            &fields,
            "file",
            Some(("心得.pdf", b"MZ\x90\x00 not a pdf")),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"file-error\"") && res.body.contains("文件内容与扩展名不符"));
    assert!(
        res.body.contains("value=\"学习心得\""),
        "the form keeps what was typed"
    );
    let res = member
        .multipart_with(
            "/study/records",
            &fields,
            "file",
            Some(("virus.exe", b"MZ")),
        )
        .await;
    assert!(res.body.contains("不支持此类文件"));
    let big = vec![b'%'; 5 * 1024 * 1024];
    let res = member
        .multipart_with("/study/records", &fields, "file", Some(("大.pdf", &big)))
        .await;
    assert_ne!(res.status, StatusCode::SEE_OTHER);
    let page = member.get("/study").await;
    assert!(page.body.contains("还没有记录"), "nothing was saved");

    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    let res = member
        .multipart_with("/study/records", &fields, "file", Some(("心得.pdf", pdf)))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = member.get("/study").await;
    let link = page
        .body
        .split("href=\"/study-files/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let file = member.get(&format!("/study-files/{link}")).await;
    assert_eq!(file.bytes, pdf);
    assert_eq!(file.headers[header::CONTENT_TYPE], "application/pdf");
    // The quarter's reflection is now met in the running period.
    assert!(page.body.contains("id=\"quota-quarterly_reflection\""));
    // Someone of another organisation cannot fetch it.
    let mut office = app.signed_in("office").await;
    assert_eq!(
        office.get(&format!("/study-files/{link}")).await.status,
        StatusCode::OK,
        "the office above may"
    );
    let mut outsider = app.client();
    assert_ne!(
        outsider.get(&format!("/study-files/{link}")).await.status,
        StatusCode::OK
    );
    // Another member of the branch may not read it: it is in the writer's
    // ledger, which only the leadership reads.
    let mut peer = app.signed_in("demo04").await;
    assert_eq!(
        peer.get(&format!("/study-files/{link}")).await.status,
        StatusCode::FORBIDDEN
    );
    // Deleting the record takes its file with it.
    let delete = support::form_action(&page.body, "/study/records/");
    assert!(delete.ends_with("/delete"), "{delete}");
    assert_eq!(
        member.post_form(&delete, &[]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        member.get(&format!("/study-files/{link}")).await.status,
        StatusCode::NOT_FOUND
    );
}

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
async fn meetings_take_attendance_by_hand_and_by_qr_and_refuse_outsiders() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let member = app.person_id("member").await;
    let deputy = app.person_id("deputy").await;
    let mut secretary = app.signed_in("secretary").await;
    let list = format!("/organisations/{branch}/meetings");

    // A form with mistakes comes back with each beside its field.
    let held = app.db.store.meetings(branch).await.unwrap().len();
    let res = secretary
        .post_form(
            &list,
            &[
                ("kind", "committee"),
                ("topic", ""),
                ("starts_at", "2000-01-01T09:00"),
                ("window", "999"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for id in [
        "topic-error",
        "starts-error",
        "window-error",
        "expected-error",
    ] {
        assert!(res.body.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert_eq!(app.db.store.meetings(branch).await.unwrap().len(), held);

    let now = local_input(0);
    let res = secretary
        .post_form(
            &list,
            &[
                ("kind", "committee"),
                ("topic", "研究创先争优推进工作"),
                ("starts_at", &now),
                ("place", "三楼会议室"),
                ("host", "陈秀英"),
                ("recorder", "王海燕"),
                ("expected", &member.to_string()),
                ("expected", &deputy.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let meeting = res.location().to_string();
    let page = secretary.get(&meeting).await;
    assert!(page.body.contains("<svg"), "the QR code shows");
    let code = page
        .body
        .split("checkin?code=")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();

    // A member cannot mark attendance.
    let mut m = app.signed_in("member").await;
    let res = m
        .post_form(
            &format!("{meeting}/attendance"),
            &[(&format!("state-{member}"), "present")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // On leave without a reason is refused, and nothing changes.
    let res = secretary
        .post_form(
            &format!("{meeting}/attendance"),
            &[
                (&format!("state-{deputy}"), "leave"),
                (&format!("reason-{deputy}"), " "),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("请假须填写事由"));
    let res = secretary
        .post_form(
            &format!("{meeting}/attendance"),
            &[
                (&format!("state-{deputy}"), "leave"),
                (&format!("reason-{deputy}"), "参加省委党校培训"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);

    // The member scans the QR: a wrong code is refused, the right one checks in.
    let res = m
        .post_form(&format!("{meeting}/checkin"), &[("code", "nope")])
        .await;
    assert!(res.body.contains("签到码不正确"));
    let res = m.get(&format!("{meeting}/checkin?code={code}")).await;
    assert!(res.body.contains("id=\"check-in\""));
    let res = m
        .post_form(&format!("{meeting}/checkin"), &[("code", &code)])
        .await;
    assert!(res.body.contains("签到成功"), "{}", res.body);
    // Someone not expected is told so.
    let mut demo = app.signed_in("secretary").await;
    let res = demo
        .post_form(&format!("{meeting}/checkin"), &[("code", &code)])
        .await;
    assert!(res.body.contains("不在本次会议的应到人员名单中"));
    let page = secretary.get(&meeting).await;
    assert!(page.body.contains("实到 1 / 应到 2"));

    // Minutes, then the records as a workbook and on A4.
    secretary
        .post_form(
            &format!("{meeting}/minutes"),
            &[("minutes", "会议研究了三项工作。")],
        )
        .await;
    let book = secretary.get(&format!("{list}.xlsx")).await;
    let mut xlsx: Xlsx<_> = Xlsx::new(std::io::Cursor::new(book.bytes)).unwrap();
    let sheet = xlsx.worksheet_range("会议记录").unwrap();
    // Oldest first: this meeting is the last row, after the demo's.
    let last = sheet.height() as u32 - 1;
    assert_eq!(last as usize, held + 1);
    let cell = |c: u32| sheet.get((last as usize, c as usize)).unwrap().to_string();
    assert_eq!(cell(1), "研究创先争优推进工作");
    assert_eq!(cell(8), "1");
    assert_eq!(cell(9), "1");
    assert_eq!(cell(11), "会议研究了三项工作。");
    let print = secretary.get(&format!("{list}/print")).await;
    let ours = print.body.split("研究创先争优推进工作").nth(1).unwrap();
    assert!(ours.contains("张敏(出席)"), "{ours}");
    assert!(ours.contains("王海燕(请假: 参加省委党校培训)"), "{ours}");
    // A member may not take the branch's records away.
    assert_eq!(
        m.get(&format!("{list}.xlsx")).await.status,
        StatusCode::FORBIDDEN
    );

    // The plan asks for a 支委会 each month: the months since the campaign began
    // without one are flagged; this month's is held.
    let page = secretary.get(&list).await;
    let rule = page
        .body
        .split("id=\"rule-committee\"")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(rule.contains("badge warn"), "{rule}");
    assert!(
        !rule.contains(&format!("{}-01 –", &today()[..7])),
        "this month is not missed: {rule}"
    );
}

#[tokio::test]
async fn the_study_api_refuses_a_bad_row_and_reads_the_table() {
    let app = TestApp::postgres().await;
    let mut c = app.client();
    let token = app.api_token("member").await;
    let res = json(
        &mut c,
        "PUT",
        "/api/v1/me/study/reading",
        &token,
        serde_json::json!({ "days": [{ "day": today(), "minutes": 60 }, { "day": today(), "minutes": 2000 }] }),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["errors"][0]["index"], 1, "the second row");
    assert_eq!(res.json()["errors"][0]["field"], "minutes");
    let res = json(
        &mut c,
        "PUT",
        "/api/v1/me/study/reading",
        &token,
        serde_json::json!({ "days": [{ "day": today(), "minutes": 75 }] }),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    let mine = json(
        &mut c,
        "GET",
        "/api/v1/me/study",
        &token,
        serde_json::json!(null),
    )
    .await
    .json();
    let daily = mine["quotas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["key"] == "daily_reading")
        .unwrap()
        .clone();
    assert_eq!(daily["running"]["done"], 75);

    let secretary = app.api_token("secretary").await;
    let branch = app.demo.branch.id;
    let table = json(
        &mut c,
        "GET",
        &format!("/api/v1/organisations/{branch}/study"),
        &secretary,
        serde_json::json!(null),
    )
    .await;
    assert_eq!(table.status, StatusCode::OK);
    let member = app.person_id("member").await;
    let rows = table.json()["table"]["rows"].as_array().unwrap().clone();
    let row = rows.iter().find(|r| r["person_id"] == member).unwrap();
    assert_eq!(
        row["cells"][0]["running"],
        serde_json::json!({ "done": 75, "target": 60 })
    );
    // The table comes a page at a time; the laggards' ids are all there.
    let paged = json(
        &mut c,
        "GET",
        &format!("/api/v1/organisations/{branch}/study?page=2&per_page=10"),
        &secretary,
        serde_json::json!(null),
    )
    .await
    .json();
    assert_eq!(paged["count"].as_u64().unwrap() as usize, rows.len());
    assert_eq!(
        (paged["page"].clone(), paged["per_page"].clone()),
        (2.into(), 10.into())
    );
    let second: Vec<_> = paged["table"]["rows"].as_array().unwrap().clone();
    assert_eq!(second.len(), 10);
    assert_eq!(second[0]["person_id"], rows[10]["person_id"]);
    assert_eq!(paged["lagging"], table.json()["lagging"]);
    let forbidden = json(
        &mut c,
        "GET",
        &format!("/api/v1/organisations/{branch}/study"),
        &token,
        serde_json::json!(null),
    )
    .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

    let office = app.api_token("office").await;
    let summary = json(
        &mut c,
        "GET",
        &format!("/api/v1/organisations/{}/study/summary", app.demo.root.id),
        &office,
        serde_json::json!(null),
    )
    .await
    .json();
    let line = summary["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["org_id"] == branch)
        .unwrap()
        .clone();
    // Ended daily periods met in the branch: what the table says, summed.
    let met: u64 = rows
        .iter()
        .filter_map(|r| r["cells"][0]["met"].as_u64())
        .sum();
    assert_eq!(line["cells"][0]["met"].as_u64().unwrap(), met);
    let first = json(
        &mut c,
        "GET",
        &format!(
            "/api/v1/organisations/{}/study/summary?per_page=1",
            app.demo.root.id
        ),
        &office,
        serde_json::json!(null),
    )
    .await
    .json();
    assert_eq!(first["lines"].as_array().unwrap().len(), 1);
    assert_eq!(first["count"], summary["lines"].as_array().unwrap().len());
    assert_eq!(first["lines"][0], summary["lines"][0], "weakest first");
    assert_eq!(
        first["total"], summary["total"],
        "the total covers every page"
    );

    // A meeting through the API: a person outside the branch cannot be expected.
    let res = json(
        &mut c,
        "POST",
        &format!("/api/v1/organisations/{branch}/meetings"),
        &secretary,
        serde_json::json!({ "kind": "study", "topic": "周学习", "starts_at": local_input(1), "expected": [app.person_id("office").await] }),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = json(
        &mut c,
        "POST",
        &format!("/api/v1/organisations/{branch}/meetings"),
        &secretary,
        serde_json::json!({ "kind": "study", "topic": "周学习", "starts_at": local_input(1), "expected": [member] }),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = res.json()["id"].as_i64().unwrap();
    let res = json(
        &mut c,
        "POST",
        &format!("/api/v1/meetings/{id}/attendance"),
        &token,
        serde_json::json!({ "marks": [] }),
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = json(
        &mut c,
        "POST",
        &format!("/api/v1/meetings/{id}/attendance"),
        &secretary,
        serde_json::json!({ "marks": [{ "person_id": member, "state": "present" }, { "person_id": 1, "state": "absent" }] }),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let shown = json(
        &mut c,
        "GET",
        &format!("/api/v1/meetings/{id}"),
        &token,
        serde_json::json!(null),
    )
    .await
    .json();
    assert_eq!(shown["attendees"][0]["state"], "expected");
    assert_eq!(
        shown["checkin_code"],
        serde_json::Value::Null,
        "members do not get the code"
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
        json(&mut c, "GET", &path, &token, serde_json::json!(null))
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
        json(&mut c, "GET", &path, &token, serde_json::json!(null))
            .await
            .json(),
    );
    // Every demo reader reads at least 45 minutes on the days they read.
    assert!(
        after > before,
        "{after} days met at 30 minutes, {before} at 60"
    );
}

#[tokio::test]
async fn files_go_through_the_api_and_reminders_reach_people_without_an_account_by_sms() {
    let app = TestApp::sqlite().await;
    let mut c = app.client();
    let token = app.api_token("member").await;
    let res = json(
        &mut c,
        "POST",
        "/api/v1/me/study/records",
        &token,
        serde_json::json!({ "kind": "article", "title": "基层妇女创业调研", "day": today(), "body": "摘要" }),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = res.json()["id"].as_i64().unwrap();
    let upload = |filename: &str, bytes: &[u8]| {
        Request::post(format!(
            "/api/v1/me/study/records/{id}/file?filename={filename}"
        ))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(bytes.to_vec()))
        .unwrap()
    };
    let res = c.send(upload("article.docx", b"%PDF-1.4 not a docx")).await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(res.json()["error"], "study-error-file-mismatch");
    let res = c.send(upload("article.pdf", b"%PDF-1.4\n%%EOF\n")).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let mine = json(
        &mut c,
        "GET",
        "/api/v1/me/study",
        &token,
        serde_json::json!(null),
    )
    .await
    .json();
    assert_eq!(mine["records"][0]["filename"], "article.pdf");
    // Someone else's record cannot take a file.
    let other = app.api_token("deputy").await;
    let res = c
        .send(
            Request::post(format!("/api/v1/me/study/records/{id}/file?filename=a.pdf"))
                .header(header::AUTHORIZATION, format!("Bearer {other}"))
                .body(Body::from(&b"%PDF-1.4"[..]))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // A member on the roster with a phone and no account, there since the start.
    let store = &app.db.store;
    let draft = domain::person::PersonDraft {
        name: "郭秀珍".into(),
        phone: Some("13905950001".into()),
        ..Default::default()
    };
    store
        .add_person("secretary", &app.demo.branch, None, &draft)
        .await
        .unwrap();
    store
        .set_people_added(
            &app.demo.branch.path,
            &format!("{}T00:00:00Z", app.demo.first_phase.0),
        )
        .await
        .unwrap();
    let secretary = app.api_token("secretary").await;
    let res = json(
        &mut c,
        "POST",
        &format!(
            "/api/v1/organisations/{}/study/reminders",
            app.demo.branch.id
        ),
        &secretary,
        serde_json::json!(null),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let outbox = store.outbox(100).await.unwrap();
    let sms = outbox
        .iter()
        .find(|o| o.recipient == "13905950001")
        .expect("an SMS to the phone");
    assert_eq!(sms.channel, "sms");
    assert_eq!(sms.subject, "学习提醒");
}

#[tokio::test]
async fn a_recommendation_needs_a_title_and_bounded_fields_on_the_page_and_the_api() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let listed = || async { app.db.store.recommendations(branch).await.unwrap().len() };
    let before = listed().await;
    let mut member = app.signed_in("member").await;
    let path = format!("/organisations/{branch}/books/recommend");
    let long = "书".repeat(501);
    let res = member
        .post_form(&path, &[("title", " "), ("reason", &long)])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"rec-title-error\"") && res.body.contains("内容过长"));
    let mut c = app.client();
    let token = app.api_token("member").await;
    let api = format!("/api/v1/organisations/{branch}/books");
    let res = json(
        &mut c,
        "POST",
        &api,
        &token,
        serde_json::json!({ "title": "", "reason": long }),
    )
    .await;
    assert_eq!(res.json()["error"], "study-invalid");
    let problem = |res: &support::Reply, field: &str| {
        res.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["field"] == field)
            .map(|e| e["message"].as_str().unwrap().to_string())
    };
    assert!(problem(&res, "title").is_some_and(|m| m.contains("必填")));
    assert!(problem(&res, "reason").is_some());
    let res = json(
        &mut c,
        "POST",
        &api,
        &token,
        serde_json::json!({ "title": "乡土中国", "reason": long }),
    )
    .await;
    assert_eq!(res.json()["error"], "study-invalid");
    assert!(problem(&res, "title").is_none());
    assert!(problem(&res, "reason").is_some_and(|m| m.contains("过长")));
    assert_eq!(listed().await, before, "refusals add nothing");
    let res = member
        .post_form(
            &path,
            &[
                ("title", "红岩"),
                ("author", "罗广斌、杨益言"),
                ("reason", "重温革命传统"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(listed().await, before + 1);
    assert!(
        member
            .get(&format!("/organisations/{branch}/books"))
            .await
            .body
            .contains("重温革命传统")
    );
}
