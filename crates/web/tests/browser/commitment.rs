//! The public board on a phone, and a commitment from its draft to the board
//! gathering an opinion.

use crate::webdriver::Browser;
use crate::{serve_demo, serve_demo_until, sign_in, sign_out};

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
