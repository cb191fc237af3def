//! A round in the browser: slips printed with QR codes, a code voting once on a
//! phone, results after the close, and printed slips that keep to their cells.

use crate::webdriver::Browser;
use crate::{serve_demo, sign_in};

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
