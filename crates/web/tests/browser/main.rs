//! End to end in a real headless chromium over the demo served on a free port:
//! the pages as their users meet them, on a desktop and on a phone, and the
//! printed pages as PDF. A missing browser or driver fails the test.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../web/support/mod.rs"]
mod support;
mod webdriver;

mod commendation;
mod commitment;
mod evaluation;
mod messages;
mod person;
mod publicity;
mod study;
mod supervision;

use chuangxian_web as web;
use std::net::SocketAddr;
use webdriver::Browser;

/// Serves the demo on a free port in its own runtime; returns the base URL.
pub fn serve_demo() -> (String, i64) {
    let (base, branch, _) = serve_demo_until();
    (base, branch)
}

/// The same, with the last day of the demo's first phase.
pub fn serve_demo_until() -> (String, i64, String) {
    let (base, branch, last_day, _) = serve_demo_db();
    (base, branch, last_day)
}

/// The same, with the database's URL, for a test that must move time on.
pub fn serve_demo_db() -> (String, i64, String, String) {
    serve(false)
}

/// The demo with its campaign under way (`chuangxian demo`'s data): the base
/// URL and the root organisation's id.
pub fn serve_campaign() -> (String, i64) {
    let (base, _, _, _) = serve(true);
    let root = base
        .rsplit_once('#')
        .map(|(_, r)| r.parse().unwrap())
        .unwrap();
    (base.split('#').next().unwrap().to_string(), root)
}

fn serve(campaign: bool) -> (String, i64, String, String) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let app = support::TestApp::sqlite().await;
            let mut base_suffix = String::new();
            if campaign {
                let today = web::http::clock::today(web::CHINA_STANDARD_TIME);
                web::demo::campaign::campaign(
                    &app.db.store,
                    &app.demo,
                    today,
                    web::CHINA_STANDARD_TIME,
                )
                .await
                .unwrap();
                base_suffix = format!("#{}", app.demo.root.id);
            }
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tx.send((
                format!("http://{addr}{base_suffix}"),
                app.demo.branch.id,
                app.demo.first_phase.1.to_string(),
                app.db.url.clone(),
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

pub fn sign_in(b: &Browser, base: &str, username: &str) {
    b.goto(&format!("{base}/login"));
    b.type_into("#username", username);
    b.type_into("#password", web::demo::DEMO_PASSWORD);
    b.click("#login-submit");
    b.find("#nav-commitments");
}

pub fn sign_out(b: &Browser) {
    b.click("header form[action='/logout'] button");
    b.find("a[href='/login']");
}

/// The pages of a PDF, as poppler counts them.
pub fn pdf_pages(pdf: &[u8], name: &str) -> u32 {
    let path = std::env::temp_dir().join(format!("cx-{name}-{}.pdf", std::process::id()));
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let _ = std::fs::remove_file(&path);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo said: {text}"))
}
