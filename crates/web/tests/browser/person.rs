//! A secretary signs in, reads the plan, switches the language and imports a
//! roster from an xlsx file through the file input.

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
