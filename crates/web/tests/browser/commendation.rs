//! Selection and commendation in a real browser: the office opens a selection
//! and nominates a branch, the leader approves, the office opens the 公示; a
//! visitor objects on a phone without an account; the office handles the
//! objection and, the 公示 over, commends; the notice, the decision and the
//! certificate each print on one A4 page.

use crate::webdriver::Browser;
use crate::{pdf_pages, serve_demo_db, sign_in, sign_out};

#[test]
fn the_office_opens_a_publicity_a_visitor_objects_on_a_phone_and_the_office_commends() {
    let (base, branch, _, db) = serve_demo_db();
    let b = Browser::start(1280, 1000);
    sign_in(&b, &base, "office");
    // From the office's home organisation to its selections.
    b.click("header nav a[href^='/organisations/']");
    let root = b.url().rsplit('/').next().unwrap().to_string();
    b.click("#open-selections");
    b.set_value("#title", "advanced_organisation");
    b.click("#selection-open");
    assert!(b.text("h1").contains("先进基层党组织"));
    let selection = b.url();
    b.set_value(
        &format!("#nominate-form-{root} select[name=candidate]"),
        &branch.to_string(),
    );
    b.type_into(
        &format!("#nominate-form-{root} textarea[name=deeds]"),
        "支部班子团结，学习例会坚持不断，群众满意率九成以上。",
    );
    b.click(&format!("#nominate-{root}"));
    assert!(b.text("#nomination-status").contains("待审定"));
    sign_out(&b);
    sign_in(&b, &base, "leader");
    b.goto(&selection);
    b.click("button[id$='-approved']");
    assert!(b.text("#nominations").contains("列入公示"));
    sign_out(&b);
    sign_in(&b, &base, "office");
    b.goto(&selection);
    // The publicity form asks first; the browser answers yes.
    b.script("window.confirm = () => true; return 1");
    b.click("#open-publicity");
    assert!(b.text("#publicity-dates").contains("至"));
    sign_out(&b);

    // A visitor on a phone, with no account, objects.
    let phone = Browser::start(390, 844);
    let sid = selection.rsplit('/').next().unwrap().to_string();
    phone.goto(&format!("{base}/p/{root}"));
    phone.click("#portal-publicity");
    phone.click(&format!("a[href='/p/selections/{sid}']"));
    assert!(phone.text("main").contains("支部班子团结"));
    phone.type_into("#text", "读书角的图书是单位采购的，算不算支部的成绩？");
    phone.screenshot("publicity-phone");
    phone.click("#objection-send");
    assert!(phone.text("#flash").contains("异议已提交"));
    assert!(
        !phone.text("main").contains("单位采购"),
        "objections are never public"
    );

    // The office handles it; the 公示 runs its days; the office commends.
    sign_in(&b, &base, "office");
    b.goto(&format!("{selection}/objections"));
    assert!(b.text("main").contains("单位采购"));
    b.type_into(
        "textarea[name=outcome]",
        "经核实，读书角由支部建设管理，异议不成立。",
    );
    b.click("button[id^='handle-']");
    assert!(b.text("main").contains("异议不成立"));
    b.goto(&format!("{base}/p/selections/{sid}/notice"));
    assert_eq!(pdf_pages(&b.print_a4("publicity-notice"), "notice"), 1);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let store = store::Store::open(&db).await.unwrap();
        let day = |t: &str| domain::date::Day::parse_iso(t).unwrap();
        store::testing::move_publicity(
            &store,
            sid.parse().unwrap(),
            day("2020-06-01"),
            day("2020-06-05"),
        )
        .await
        .unwrap();
    });
    b.goto(&selection);
    b.type_into("#decision_title", "关于表彰先进基层党组织的决定");
    b.type_into("#decision_code", "泉妇组〔2026〕20号");
    b.set_value("#decided_on", "2026-01-10");
    b.click("#commend");
    assert!(b.text("#flash").contains("表彰决定已记录"));
    b.click("#print-decision");
    assert!(b.text("#decision").contains("泉妇组〔2026〕20号"));
    assert_eq!(
        pdf_pages(&b.print_a4("commendation-decision"), "decision"),
        1
    );

    // The honour roll, the honour, its certificate on one landscape page.
    phone.goto(&format!("{base}/p/{root}"));
    phone.click("#portal-honours");
    phone.click("#honour-roll a");
    phone.click("#open-certificate");
    assert!(phone.text("#certificate").contains("先进基层党组织"));
    b.goto(&phone.url());
    b.screenshot("certificate");
    assert_eq!(pdf_pages(&b.print_a4("certificate"), "certificate"), 1);
}
