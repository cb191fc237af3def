//! End to end in a real headless chromium: sign in, read the plan, switch the
//! language, import a roster from an xlsx file through the file input.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chuangxian_web as web;
use std::net::SocketAddr;
use support::webdriver::Browser;

/// Serves the demo on a free port in its own runtime; returns the base URL.
fn serve_demo() -> (String, i64) {
    let (base, branch, _) = serve_demo_until();
    (base, branch)
}

/// The same, with the last day of the demo's first phase.
fn serve_demo_until() -> (String, i64, String) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let app = support::TestApp::sqlite().await;
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tx.send((
                format!("http://{addr}"),
                app.demo.branch.id,
                app.demo.first_phase.1.to_string(),
            ))
            .unwrap();
            axum::serve(
                listener,
                app.router
                    .into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
    });
    rx.recv().unwrap()
}

#[test]
fn a_secretary_signs_in_reads_the_plan_switches_language_and_imports_a_roster() {
    let (base, branch) = serve_demo();
    let b = Browser::start(1280, 1000);

    b.goto(&format!("{base}/login"));
    b.type_into("#username", "secretary");
    b.type_into("#password", web::demo::DEMO_PASSWORD);
    b.click("#login-submit");
    b.goto(&format!("{base}/organisations/{branch}"));
    b.click("#open-plan");
    assert_eq!(
        b.text("#plan-title"),
        "中共泉州市妇联机关支部委员会深入开展创先争优活动实施方案"
    );
    assert!(b.text("#standard-five_leads").contains("五带头"));
    assert!(b.text("#quotas").contains("每天读书一小时"));
    assert!(b.text("#shift-notice").contains("平移"));
    b.screenshot("plan-zh");

    b.click("#lang-switch");
    assert!(
        b.url().ends_with(&format!("/organisations/{branch}/plan")),
        "back where we were"
    );
    assert!(b.text("#quotas").contains("Quota"));
    assert!(b.text("#lang-switch").contains("中文"));
    b.screenshot("plan-en");
    b.click("#lang-switch");
    assert!(b.text("#quotas").contains("指标"));

    // Import a roster through the page's file input.
    let file = std::env::temp_dir().join(format!("cx-roster-{}.xlsx", std::process::id()));
    std::fs::write(
        &file,
        support::hand_made_roster(&[
            ["赵丽", "女", "2008-07-01", "13905951234", "第一党小组"],
            ["钱芳", "女", "2008.07", "13905951235", "第二党小组"],
        ]),
    )
    .unwrap();
    b.goto(&format!("{base}/organisations/{branch}/import"));
    b.type_into("#file", &file.display().to_string());
    b.click("#import-upload");
    assert!(b.text("#preview").contains("钱芳"));
    b.screenshot("import-preview");
    b.click("#import-confirm");
    assert!(b.text("#import-done").contains("2"));
    assert!(b.text("#people").contains("赵丽"));
    std::fs::remove_file(file).unwrap();
}

#[test]
fn the_public_board_reads_on_a_phone_without_an_account() {
    let (base, branch) = serve_demo();
    let b = Browser::start(390, 844);
    b.goto(&format!("{base}/p/{branch}"));
    assert!(
        b.text("main")
            .contains("创学习型组织、建高素质队伍、促科学发展")
    );
    b.screenshot("portal-phone");
}

fn sign_in(b: &Browser, base: &str, username: &str) {
    b.goto(&format!("{base}/login"));
    b.type_into("#username", username);
    b.type_into("#password", web::demo::DEMO_PASSWORD);
    b.click("#login-submit");
    b.find("#nav-commitments");
}

fn sign_out(b: &Browser) {
    b.click("header form[action='/logout'] button");
    b.find("a[href='/login']");
}

#[test]
fn a_commitment_goes_from_draft_to_the_public_board_and_gathers_an_opinion() {
    let (base, branch, last_day) = serve_demo_until();
    let b = Browser::start(1280, 1000);

    // The member drafts and submits.
    sign_in(&b, &base, "member");
    b.click("#nav-commitments");
    b.type_into(".item-row input[name=what]", "每月读一本书并在支部交流");
    b.type_into(".item-row input[name=target]", "全年12本");
    // A date input takes the date as the browser's locale types it: set it directly.
    b.set_value(".item-row input[name=due_on]", &last_day);
    b.click("#submit-commitment");
    assert!(b.text("#notice").contains("已提交"));
    b.screenshot("commitment-member");
    sign_out(&b);

    // The secretary approves.
    sign_in(&b, &base, "secretary");
    b.goto(&format!("{base}/organisations/{branch}/commitments"));
    b.click("button.approve");
    assert!(b.text("main").contains("已批准"));
    sign_out(&b);

    // A visitor without an account reads the board and leaves an opinion.
    b.goto(&format!("{base}/board/{branch}"));
    assert!(b.text("main").contains("每月读一本书并在支部交流"));
    b.type_into(".opinion-form input[name=name]", "社区居民");
    b.type_into(".opinion-form input[name=text]", "<b>希望</b>多组织读书会");
    b.click(".opinion-form button");
    assert!(b.text("#opinion-sent").contains("审核后公开"));
    assert!(
        !b.text("main").contains("多组织读书会"),
        "not shown before moderation"
    );

    // The secretary publishes it; the board shows it, as text.
    sign_in(&b, &base, "secretary");
    b.goto(&format!("{base}/organisations/{branch}/commitments"));
    b.click("button.approve-opinion");
    sign_out(&b);
    b.goto(&format!("{base}/board/{branch}"));
    assert_eq!(b.text(".opinion-text"), "<b>希望</b>多组织读书会");
    b.screenshot("board");
    assert!(b.print_a4("board").starts_with(b"%PDF"));
    b.goto(&format!("{base}/board/{branch}/poster"));
    b.find("#qr svg");
    b.screenshot("poster");
    assert!(b.print_a4("poster").starts_with(b"%PDF"));

    // The member's commitment card prints too, without its forms.
    sign_in(&b, &base, "member");
    b.click("#nav-commitments");
    assert!(b.text("#overall").contains('%'));
    assert!(b.print_a4("commitment-card").starts_with(b"%PDF"));
}

/// The codes on the slips page in the browser.
fn slip_codes(b: &Browser) -> Vec<String> {
    b.script("return [...document.querySelectorAll('.slip .code')].map(e => e.textContent.trim());")
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

/// Opens a slip's link on a phone, rates every criterion of every target by
/// clicking, and casts; the receipt.
fn vote_on_phone(phone: &Browser, base: &str, code: &str, level: usize) -> String {
    phone.goto(&format!("{base}/vote#{code}"));
    // The page moves the code into the form, out of the address bar, and opens the ballot.
    phone.find("#ballot-form");
    assert!(
        !phone.url().contains(&code[..4]),
        "the code left the address bar"
    );
    let names = phone.script(
        "return [...new Set([...document.querySelectorAll('.ballot input[type=radio]')].map(e => e.name))];",
    );
    for name in names.as_array().unwrap() {
        phone.click(&format!(
            "input[name='{}'][value='{level}']",
            name.as_str().unwrap()
        ));
    }
    phone.click("#cast-ballot");
    phone.text("#receipt")
}

#[test]
fn a_round_is_opened_slips_print_with_qr_codes_a_code_votes_once_and_results_show_after_the_close()
{
    let (base, branch) = serve_demo();
    let b = Browser::start(1280, 1000);
    sign_in(&b, &base, "secretary");
    b.goto(&format!("{base}/organisations/{branch}/evaluations"));
    b.click("#new-members-round");
    b.type_into("#title", "2026年度党员民主评议");
    // Two members on two criteria keep the ballot short.
    b.script(
        "document.querySelectorAll('input[name=target]').forEach((e, i) => e.checked = i < 2);
         document.querySelectorAll('input[name=criteria]').forEach((e, i) => e.checked = i < 2);",
    );
    b.set_value("#min_ballots", "3");
    b.click("#create-round");
    assert!(b.text("#round-state").contains("进行中"));
    b.screenshot("evaluation-round");

    // Slips for the forum: printed with QR codes, shown this once.
    b.set_value("#slip-count", "4");
    b.click("#make-slips");
    assert!(b.text("#slips-once").contains("只显示这一次"));
    let qr = b.script("return document.querySelectorAll('#slips .slip svg').length;");
    assert_eq!(qr.as_u64(), Some(4));
    let codes = slip_codes(&b);
    assert_eq!(codes.len(), 4);
    b.screenshot("evaluation-slips");
    assert!(b.print_a4("evaluation-slips").starts_with(b"%PDF"));
    b.goto(&format!("{base}/organisations/{branch}/evaluations"));
    b.click("#rounds a");
    let round_url = b.url();

    // Three evaluators vote on their phones.
    let phone = Browser::start(390, 844);
    let mut receipts = Vec::new();
    for (i, code) in codes.iter().take(3).enumerate() {
        receipts.push(vote_on_phone(&phone, &base, code, i));
        if i == 0 {
            phone.screenshot("evaluation-receipt-phone");
        }
    }
    assert!(receipts.iter().all(|r| r.len() == 14));
    // The first code again: refused, with its receipt.
    phone.goto(&format!("{base}/vote"));
    phone.type_into("#code", &codes[0]);
    phone.click("#open-ballot");
    assert!(phone.text("#vote-error").contains("已经投过票"));
    assert_eq!(phone.text("#earlier-receipt"), receipts[0]);

    // Before the close the organiser sees participation only.
    b.goto(&round_url);
    assert!(b.text("#participation").contains("已使用 3 个"));
    b.find("#results-later");
    // Closing asks for confirmation; the secretary confirms.
    b.script("window.confirm = () => true;");
    b.click("#close-round");
    assert!(b.text("#round-state").contains("已结束"));
    assert!(b.text("#results-summary").contains("3"));
    assert!(b.text("#results").contains("%"));
    b.screenshot("evaluation-results");
    b.click("#results a");
    b.find("svg.chart");
    b.screenshot("evaluation-target");
    b.goto(&round_url);
    b.click("#open-notice");
    assert!(b.print_a4("evaluation-notice").starts_with(b"%PDF"));

    // Any evaluator finds their receipt on the public board.
    phone.goto(&format!("{}/public", round_url));
    phone.find("#receipts-match");
    assert!(phone.text("#receipts").contains(&receipts[1]));
    phone.screenshot("evaluation-public-phone");
}

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

/// A grey image of a PDF's page as pdftoppm renders it: (width, height, pixels).
fn page_pixels(pdf: &std::path::Path, page: usize, dpi: u32) -> (usize, usize, Vec<u8>) {
    let out = std::process::Command::new("pdftoppm")
        .args([
            "-gray",
            "-r",
            &dpi.to_string(),
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(pdf)
        .output()
        .expect("pdftoppm (poppler-utils) must be installed");
    assert!(out.status.success());
    // PGM: "P5\n<w> <h>\n255\n" then the bytes.
    let text = String::from_utf8_lossy(&out.stdout[..20.min(out.stdout.len())]).to_string();
    let mut fields = text.split_ascii_whitespace();
    assert_eq!(fields.next(), Some("P5"));
    let w: usize = fields.next().unwrap().parse().unwrap();
    let h: usize = fields.next().unwrap().parse().unwrap();
    let body = &out.stdout[out.stdout.len() - w * h..];
    (w, h, body.to_vec())
}

#[test]
fn printed_slips_keep_to_their_cells_with_the_batchs_note_ten_to_a_sheet() {
    let (base, branch) = serve_demo();
    let b = Browser::start(1280, 1000);
    sign_in(&b, &base, "secretary");
    b.goto(&format!("{base}/organisations/{branch}/evaluations"));
    b.click("#new-members-round");
    b.type_into(
        "#title",
        "2026年度机关支部党员民主评议暨创先争优公开承诺践诺情况群众满意度测评",
    );
    b.script(
        "document.querySelectorAll('input[name=target]').forEach((e, i) => e.checked = i < 3);",
    );
    b.click("#create-round");
    b.set_value("#slip-count", "12");
    b.type_into("#slip-label", "12月2日座谈会");
    b.click("#make-slips");
    // Each slip's text keeps inside its cell, its note printed on it.
    let fits = b.script(
        "return [...document.querySelectorAll('.slip, .slip-text')].every(e => e.scrollHeight <= e.clientHeight + 1);",
    );
    assert_eq!(fits.as_bool(), Some(true), "a slip overflows its cell");
    let notes = b.script("return [...document.querySelectorAll('.slip-label')].filter(e => e.textContent === '12月2日座谈会').length;");
    assert_eq!(notes.as_u64(), Some(12));
    let codes = slip_codes(&b);
    let pdf = b.print_a4("evaluation-slips-sheets");
    assert!(pdf.starts_with(b"%PDF"));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/screenshots/evaluation-slips-sheets.pdf");
    // Ten to a sheet: the first page holds ten codes whole, the second two.
    let text = |page: usize| {
        let out = std::process::Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .collect::<String>()
    };
    let (first, second) = (text(1), text(2));
    let on = |t: &str| {
        codes
            .iter()
            .filter(|c| t.contains(&c.replace(' ', "")))
            .count()
    };
    assert_eq!((on(&first), on(&second)), (10, 2), "{first}");
    assert_eq!(first.matches("12月2日座谈会").count(), 10);
    // Rendered, the page's margins are blank: no slip runs over the page's
    // top or bottom edge.
    let (w, h, pixels) = page_pixels(&path, 1, 50);
    let ink = |rows: std::ops::Range<usize>| {
        rows.flat_map(|y| (0..w).map(move |x| (x, y)))
            .filter(|&(x, y)| pixels[y * w + x] < 128)
            .count()
    };
    let margin = h * 8 / 297; // 8 of the 10 mm
    assert_eq!(ink(0..margin), 0, "the top margin is blank");
    assert_eq!(ink(h - margin..h), 0, "the bottom margin is blank");
    assert!(ink(margin..h - margin) > 1000, "the slips are there");
    let png = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&path)
        .arg(path.with_extension(""))
        .status()
        .unwrap();
    assert!(png.success());
}
