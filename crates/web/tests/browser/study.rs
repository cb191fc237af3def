//! The study programme in the browser: reading logged on a phone, and a meeting
//! checked into by its QR link with its records printed.

use crate::webdriver::Browser;
use crate::{serve_demo, sign_in};
use chuangxian_web as web;

#[test]
fn a_member_logs_reading_on_a_phone_and_the_secretary_sees_it_in_the_table() {
    let (base, branch) = serve_demo();
    let today = web::http::clock::today(web::CHINA_STANDARD_TIME);
    let yesterday = domain::date::Day(today.0 - time::Duration::days(1));
    let phone = Browser::start(390, 844);
    sign_in(&phone, &base, "member");
    phone.click("#nav-study");
    assert!(phone.text("#today-minutes").contains(" 0 "));
    phone.click("#add-60");
    assert!(
        phone.text("#today-minutes").contains("60"),
        "{}",
        phone.text("#today-minutes")
    );
    assert!(phone.text("#quota-daily_reading").contains("60 / 60"));
    let cell = phone.script(&format!(
        "return document.querySelector('rect[data-day=\"{today}\"]').getAttribute('data-minutes')"
    ));
    assert_eq!(cell, serde_json::json!("60"));
    // Yesterday, filled in afterwards with the several-days form.
    phone.set_value(&format!("#minutes-{yesterday}"), "45");
    phone.click("#save-week");
    let cell = phone.script(&format!(
        "return document.querySelector('rect[data-day=\"{yesterday}\"]').getAttribute('data-minutes')"
    ));
    assert_eq!(cell, serde_json::json!("45"));
    phone.screenshot("study-phone");
    // Negative minutes: the phone itself refuses the field (the server's
    // message beside it is checked in the router tests).
    phone.set_value(&format!("#minutes-{today}"), "-20");
    let valid = phone.script(&format!(
        "return document.querySelector('#minutes-{today}').checkValidity()"
    ));
    assert_eq!(valid, serde_json::json!(false));

    let desk = Browser::start(1280, 1000);
    sign_in(&desk, &base, "secretary");
    desk.goto(&format!("{base}/organisations/{branch}"));
    desk.click("#open-study");
    let row = desk.script(
        "return [...document.querySelectorAll('#compliance tr')].find(r => r.textContent.includes('张敏')).textContent",
    );
    let row = row.as_str().unwrap().to_string();
    assert!(row.contains("本期 60/60"), "{row}");
    desk.screenshot("study-compliance");
    let pdf = desk.print_a4("study-compliance");
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn a_meeting_is_scheduled_a_member_checks_in_by_its_qr_link_on_a_phone_and_the_records_print() {
    let (base, branch) = serve_demo();
    let desk = Browser::start(1280, 1000);
    sign_in(&desk, &base, "secretary");
    desk.goto(&format!("{base}/organisations/{branch}"));
    desk.click("#open-meetings");
    desk.set_value("#kind", "party_lecture");
    desk.type_into("#topic", "党课：创先争优与学习型党组织");
    let now = time::OffsetDateTime::now_utc().to_offset(web::CHINA_STANDARD_TIME);
    desk.set_value(
        "#starts_at",
        &format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            now.year(),
            u8::from(now.month()),
            now.day(),
            now.hour(),
            now.minute()
        ),
    );
    desk.type_into("#place", "三楼会议室");
    desk.type_into("#lecturer", "陈秀英");
    desk.click("#create-meeting");
    desk.find("#checkin-qr svg");
    let link = desk.text("#checkin-qr small");
    assert!(link.contains("/checkin?code="), "{link}");
    desk.screenshot("meeting-qr");

    // The member scans the code: sign in first, then one tap.
    let phone = Browser::start(390, 844);
    phone.goto(&link);
    phone.type_into("#username", "member");
    phone.type_into("#password", web::demo::DEMO_PASSWORD);
    phone.click("#login-submit");
    phone.click("#check-in");
    assert!(phone.text("#checked-in").contains("签到成功"));
    phone.screenshot("meeting-checked-in");

    desk.goto(&desk.url());
    assert!(
        desk.text("#attendance-line").contains("实到 1"),
        "{}",
        desk.text("#attendance-line")
    );
    desk.goto(&format!("{base}/organisations/{branch}/meetings/print"));
    assert!(desk.text("main").contains("党课：创先争优与学习型党组织"));
    let pdf = desk.print_a4("meeting-records");
    assert!(pdf.starts_with(b"%PDF"));
    // The list checks each kind against the plan: this quarter's 党课 is held.
    desk.goto(&format!("{base}/organisations/{branch}/meetings"));
    let lecture = desk.text("#rule-party_lecture");
    assert!(
        !lecture.contains(&format!(
            "{}-{:02}-01",
            now.year(),
            (u8::from(now.month()) - 1) / 3 * 3 + 1
        )),
        "{lecture}"
    );
    desk.screenshot("meetings-list");
    desk.goto(&format!("{base}/organisations/{branch}/books"));
    // The demo readers show their books, and each can be liked.
    assert!(desk.text("#wall").contains("点赞"));
    desk.screenshot("books-wall");
}
