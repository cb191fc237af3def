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
            tx.send((format!("http://{addr}"), app.demo.branch.id))
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
    b.goto(&format!("{base}/orgs/{branch}"));
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
        b.url().ends_with(&format!("/orgs/{branch}/plan")),
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
    b.goto(&format!("{base}/orgs/{branch}/import"));
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
