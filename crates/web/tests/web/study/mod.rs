//! The study programme through the router: the personal log with its refusals
//! and records with real files.

mod api;
mod books;
mod compliance;
mod meeting;
mod summary;

use crate::support;
use crate::support::TestApp;
use axum::http::{StatusCode, header};

fn today() -> String {
    chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME).to_string()
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
    let got = member
        .api(
            "GET",
            "/api/v1/me/study/reading",
            Some(&token),
            Some(serde_json::json!(null)),
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
    let got = member
        .api(
            "GET",
            "/api/v1/me/study/reading",
            Some(&token),
            Some(serde_json::json!(null)),
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
