//! A group message on a phone in a real browser: the secretary texts those
//! behind on their study from the organisation page and is told it is queued;
//! the office finds the messages in the outbox, notices worded, and
//! downloads them.

use crate::webdriver::Browser;
use crate::{serve_demo, sign_in, sign_out};

#[test]
fn a_secretary_texts_the_study_laggards_and_the_office_finds_them_in_the_outbox() {
    let (base, branch) = serve_demo();
    let phone = Browser::start(390, 844);
    sign_in(&phone, &base, "secretary");
    phone.goto(&format!("{base}/organisations/{branch}"));
    phone.click(&format!("a[href='/organisations/{branch}/messages']"));
    phone.set_value("#audience", "laggards");
    phone.type_into(
        "#text",
        "本月学习任务还未完成的同志，请于月底前补齐读书笔记。",
    );
    phone.screenshot("group-message-phone");
    phone.click("#group-message-send");
    assert!(
        phone
            .url()
            .ends_with(&format!("/organisations/{branch}/messages"))
    );
    assert!(phone.text("#flash").contains("已排队发送"));
    sign_out(&phone);

    sign_in(&phone, &base, "office");
    phone.goto(&format!("{base}/organisations/{branch}/messages"));
    phone.click("#open-outbox");
    // Each laggard's SMS, under the branch's name (the body is not shown:
    // a message may carry an evaluation code).
    let outbox = phone.text("#outbox");
    assert!(
        outbox.contains("机关支部") && outbox.contains("待发送"),
        "{outbox}"
    );
    assert!(!outbox.contains("notice-"), "notices are worded: {outbox}");
    phone.screenshot("outbox-phone");
    let book = phone.script(
        "const r = new XMLHttpRequest(); r.open('GET', document.querySelector('#outbox-xlsx').href, false);
         r.send(); return [r.status, r.getResponseHeader('Content-Type')];",
    );
    assert_eq!(book[0].as_i64(), Some(200));
    assert!(
        book[1].as_str().unwrap().contains("spreadsheetml"),
        "{book}"
    );
}
