//! Supervision in a real browser, as the campaign office works it: from its
//! home to the dashboard, sorted by a figure, drilled down to a branch, on
//! to an overdue task; a spot check announced with a committed seed, drawn
//! with the secret, a problem found and raised as a rectification item, which
//! the branch finds on its reviews page; the published record re-drawn by
//! the command line's check; the dashboard and the timeline on A4.

use crate::webdriver::Browser;
use crate::{pdf_pages, serve_campaign, sign_in, sign_out};
use domain::secret::digest;
use domain::supervision::{DrawRecord, VerifyOutcome, verify};

#[test]
fn the_office_drills_down_to_an_overdue_task_and_turns_a_spot_check_finding_into_a_rectification() {
    let (base, root) = serve_campaign();
    let b = Browser::start(1280, 1000);
    sign_in(&b, &base, "office");
    b.click(&format!("#home-supervision-{root}"));
    assert!(b.text("h1").contains("督促检查看板"));
    b.find("#averages svg");
    b.screenshot("supervision-dashboard");
    assert!(pdf_pages(&b.print_a4("supervision-dashboard"), "dashboard") >= 1);
    // Sorted by tasks done, the branch with none comes first.
    b.click("#sort-tasks");
    let first = b.text("#dashboard tbody tr:first-child");
    assert!(first.contains("直属单位联合支部"), "{first}");
    // Drill down to that branch's overdue items: the office's late task.
    b.click("#dashboard tbody tr:first-child td:first-child a");
    let lines = b.script("return document.querySelectorAll('#dashboard tbody tr').length");
    assert_eq!(lines.as_i64(), Some(1));
    b.click("#dashboard tbody tr:first-child a.badge");
    assert!(b.text("#overdue").contains("党建阵地建设"));
    b.click("#overdue a[href^='/tasks/']");
    assert!(b.text("#task-overdue").contains("逾期"));
    assert!(b.text("h1").contains("党建阵地建设"));

    // A spot check of the study ledgers, the seed committed by its hash.
    b.goto(&format!("{base}/organisations/{root}/spot-checks"));
    b.type_into("#title", "学习台账专项抽查");
    b.set_value("#kind", "study_ledgers");
    b.type_into("#sample_size", "999");
    b.script(
        "document.querySelector('input[name=seed_kind][value=commit]').checked = true; return 1",
    );
    let secret = "创先办-抽查-密钥-42";
    b.type_into("#seed_hash", &digest(secret));
    let today = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME);
    b.set_value("#draw_on", &today.to_string());
    b.click("#spot-check-announce");
    // Larger than the population: refused beside the field, what was typed kept.
    assert!(b.text("#sample_size-error").contains("超过了总体数量"));
    let kept = b.script("return document.querySelector('#title').value");
    assert_eq!(kept.as_str(), Some("学习台账专项抽查"));
    b.set_value("#sample_size", "3");
    b.click("#spot-check-announce");
    assert!(b.text("#spot-check-status").contains("待抽取"));
    let check = b.url();
    b.type_into("#seed", "猜的密钥");
    b.click("#draw");
    assert!(b.text("#seed-error").contains("不符"));
    b.type_into("#seed", secret);
    b.click("#draw");
    assert!(b.text("#flash").contains("样本已抽取"));
    // The first sampled item has a problem: it becomes a rectification item.
    b.script("document.querySelector('form[id^=finding-] input[value=problem]').checked = true; return 1");
    b.type_into("form[id^='finding-'] textarea[name=note]", "读书心得缺两篇");
    b.set_value(
        "form[id^='finding-'] input[name=due_on]",
        &today.add_days(10).to_string(),
    );
    b.click("form[id^='finding-'] button[id^='record-']");
    assert!(b.text("#flash").contains("检查结果已登记"));
    let branch_link =
        b.script("return document.querySelector('a[id^=rectification-]').getAttribute('href')");
    let branch_reviews = branch_link.as_str().unwrap().to_string();
    assert!(branch_reviews.ends_with("/reviews"));
    // The published record redoes the draw from itself.
    let id = check.rsplit('/').next().unwrap();
    let record: DrawRecord = ureq::get(&format!("{base}/p/spot-checks/{id}/record.json"))
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    assert_eq!(record.seed, secret);
    assert_eq!(verify(&record), Ok(VerifyOutcome::Matches));
    // The public sees the record, and which item had a problem.
    b.goto(&format!("{base}/p/spot-checks/{id}"));
    assert!(b.text("#public-sample").contains("存在问题"));
    assert_eq!(b.text("#population-hash").len(), 64);
    sign_out(&b);

    // The branch's secretary finds the item among the branch's rectifications.
    sign_in(&b, &base, "secretary");
    b.goto(&format!("{base}{branch_reviews}"));
    if b.text("main").contains("读书心得缺两篇") {
        // The sampled member was of the 机关支部.
    } else {
        // Another branch's member was drawn: its secretary sees it instead.
        sign_out(&b);
        sign_in(&b, &base, "office");
        b.goto(&format!("{base}{branch_reviews}"));
        assert!(b.text("main").contains("读书心得缺两篇"));
    }
    // The timeline prints on A4.
    b.goto(&format!(
        "{base}{}",
        branch_reviews.replace("/reviews", "/timeline")
    ));
    b.find("svg.timeline");
    b.screenshot("programme-timeline");
    assert!(pdf_pages(&b.print_a4("programme-timeline"), "timeline") <= 3);
    // The office's latest circular, numbered, on A4.
    sign_out(&b);
    sign_in(&b, &base, "office");
    b.goto(&format!("{base}/organisations/{root}/supervision"));
    b.click("#open-circulars");
    b.click("#circulars tbody tr:first-child a");
    assert!(b.text("#circular").contains("第2期"));
    b.screenshot("circular");
    assert!(pdf_pages(&b.print_a4("circular"), "circular") <= 2);
}
