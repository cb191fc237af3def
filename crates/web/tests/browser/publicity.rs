//! News on a phone in a real browser: a member writes a report with a photo,
//! previews it (the script typed into it is gone), submits it; the secretary
//! finds it on the to-do home and publishes it; a visitor reads it from the
//! portal, and the portal's feed carries it; its print is one A4 page.

use crate::webdriver::Browser;
use crate::{pdf_pages, serve_campaign, serve_demo, sign_in, sign_out};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde\0\0\0\x0cIDATx\x9cc\xf8\xcf\xc0\0\0\x03\x01\x01\0\xc9\xfe\x92\xef\0\0\0\0IEND\xaeB`\x82";

#[test]
fn news_written_on_a_phone_is_reviewed_published_and_in_the_feed() {
    let (base, branch) = serve_demo();
    let phone = Browser::start(390, 844);
    sign_in(&phone, &base, "member");
    phone.goto(&format!("{base}/organisations/{branch}"));
    phone.click("#open-publications");
    phone.click("#write-news");
    phone.type_into("#title", "巾帼志愿者走进敬老院");
    phone.type_into(
        "#body",
        "## 重阳节慰问\n\n支部**12名**党员为老人包饺子、理发。<script>alert('x')</script>",
    );
    let photo = std::env::temp_dir().join(format!("cx-news-{}.png", std::process::id()));
    std::fs::write(&photo, PNG).unwrap();
    phone.type_into("#images", photo.to_str().unwrap());
    phone.click("#publication-preview");
    assert!(phone.text("#preview .rich h2").contains("重阳节慰问"));
    let preview: String = phone
        .script("return document.querySelector('#preview').innerHTML")
        .as_str()
        .unwrap()
        .to_string();
    assert!(!preview.contains("<script"), "{preview}");
    // The preview kept the text; the file is chosen again, as a browser forgets it.
    phone.type_into("#images", photo.to_str().unwrap());
    phone.screenshot("publication-form-phone");
    phone.click("#publication-submit");
    assert!(phone.text("#publication-status").contains("待审核"));
    let page = phone.url();
    sign_out(&phone);

    // The secretary finds it on the to-do home and publishes it.
    sign_in(&phone, &base, "secretary");
    phone.goto(&format!("{base}/"));
    phone.click(&format!("a[href='/organisations/{branch}/publications']"));
    phone.click(&format!("a[href='{}']", page.trim_start_matches(&base)));
    phone.click("#publication-step");
    assert!(phone.text("#publication-status").contains("已发布"));
    sign_out(&phone);

    // A visitor reads it from the portal, with its photo; the feed has it.
    phone.goto(&format!("{base}/p/{branch}"));
    phone.click("#portal-news");
    phone.click("#news a");
    assert!(phone.text("h1").contains("巾帼志愿者走进敬老院"));
    assert!(phone.text("#publication-body strong").contains("12名"));
    let loaded = phone.script("return document.querySelector('.photos img').naturalWidth");
    assert_eq!(loaded.as_i64(), Some(1), "the photo loads");
    phone.screenshot("publication-public-phone");
    let feed = phone.script(&format!(
        "return fetch('/p/{branch}/news.atom').then(r => r.text())"
    ));
    assert!(feed.as_str().unwrap().contains("巾帼志愿者走进敬老院"));
    phone.click("#publication-print");
    assert_eq!(pdf_pages(&phone.print_a4("publication"), "publication"), 1);
    let _ = std::fs::remove_file(photo);
}

#[test]
fn the_portal_and_the_publicity_plan_print_on_a4() {
    let (base, root) = serve_campaign();
    let desk = Browser::start(1280, 900);
    desk.goto(&format!("{base}/p/{root}"));
    let portal = pdf_pages(&desk.print_a4("portal"), "portal");
    assert!((1..=2).contains(&portal), "{portal} pages");
    // The secretary's branch, from the to-do home.
    sign_in(&desk, &base, "secretary");
    desk.goto(&format!("{base}/"));
    desk.click("a[href$='/publications']");
    desk.click("#open-publicity-plan");
    assert!(desk.text("h1").contains("宣传规划"));
    let body = desk.text("body");
    assert!(body.contains("三八红旗手事迹短信推送"), "{body}");
    let plan = pdf_pages(&desk.print_a4("publicity-plan"), "publicity-plan");
    assert!((1..=2).contains(&plan), "{plan} pages");
}
