//! A secretary signs in, reads the plan, switches the language and imports a
//! roster from an xlsx file through the file input; a long roster shows a bar
//! while it imports.

use crate::webdriver::Browser;
use crate::{serve_demo, support};
use chuangxian_web as web;

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
fn a_long_roster_shows_how_far_its_import_has_gone() {
    let (base, branch) = serve_demo();
    let b = Browser::start(1280, 1000);
    b.goto(&format!("{base}/login"));
    b.type_into("#username", "secretary");
    b.type_into("#password", web::demo::DEMO_PASSWORD);
    b.click("#login-submit");
    let names: Vec<String> = (0..ROWS).map(|i| format!("党员{i:05}")).collect();
    let phones: Vec<String> = (0..ROWS).map(|i| format!("139{i:08}")).collect();
    let rows: Vec<[&str; 5]> = (0..ROWS)
        .map(|i| {
            [
                names[i].as_str(),
                "女",
                "2008-07-01",
                phones[i].as_str(),
                "第一党小组",
            ]
        })
        .collect();
    let file = std::env::temp_dir().join(format!("cx-long-roster-{}.xlsx", std::process::id()));
    std::fs::write(&file, support::hand_made_roster(&rows)).unwrap();
    b.goto(&format!("{base}/organisations/{branch}/import"));
    b.type_into("#file", &file.display().to_string());
    b.click("#import-upload");
    assert!(
        b.text("#import-preview-more")
            .contains(&(ROWS - 200).to_string())
    );
    // The driver waits for the next page before its next command, so the
    // page itself notes what its bar showed, where the next page can read it.
    b.script(
        "setInterval(() => { \
           const p = document.querySelector('#import-progress'); \
           if (p && !p.hidden && p.querySelector('progress').value > 0) \
             sessionStorage.setItem('cx-bar', p.querySelector('[data-progress-count]').textContent); \
         }, 20); \
         document.querySelector('#import-confirm').click(); return true;",
    );
    assert!(b.text("#import-done").contains(&ROWS.to_string()));
    let bar = b.script("return sessionStorage.getItem('cx-bar');");
    let shown = bar.as_str().unwrap_or_default().to_string();
    let (done, total) = shown.split_once(" / ").unwrap_or(("0", "0"));
    assert_eq!(
        total,
        ROWS.to_string(),
        "the bar counted the rows: {shown:?}"
    );
    assert!(done.parse::<usize>().unwrap() > 0, "and moved: {shown:?}");
    std::fs::remove_file(file).unwrap();
}

const ROWS: usize = 30_000;
