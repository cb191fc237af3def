//! Meetings: attendance by hand and by QR, outsiders refused, refused rows kept
//! as typed, and a party group's own meetings.

use super::today;
use crate::support::{TestApp, local_input};
use axum::http::StatusCode;
use calamine::{Reader, Xlsx};

#[tokio::test]
async fn meetings_take_attendance_by_hand_and_by_qr_and_refuse_outsiders() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let member = app.person_id("member").await;
    let deputy = app.person_id("deputy").await;
    let mut secretary = app.signed_in("secretary").await;
    let list = format!("/organisations/{branch}/meetings");

    // A form with mistakes comes back with each beside its field.
    let held = app.db.store.meetings(branch).await.unwrap().len();
    let res = secretary
        .post_form(
            &list,
            &[
                ("kind", "committee"),
                ("topic", ""),
                ("starts_at", "2000-01-01T09:00"),
                ("window", "999"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for id in [
        "topic-error",
        "starts-error",
        "window-error",
        "expected-error",
    ] {
        assert!(res.body.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert_eq!(app.db.store.meetings(branch).await.unwrap().len(), held);

    let now = local_input(0);
    let res = secretary
        .post_form(
            &list,
            &[
                ("kind", "committee"),
                ("topic", "研究创先争优推进工作"),
                ("starts_at", &now),
                ("place", "三楼会议室"),
                ("host", "陈秀英"),
                ("recorder", "王海燕"),
                ("expected", &member.to_string()),
                ("expected", &deputy.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let meeting = res.location().to_string();
    let page = secretary.get(&meeting).await;
    assert!(page.body.contains("<svg"), "the QR code shows");
    let code = page
        .body
        .split("checkin?code=")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();

    // A member cannot mark attendance.
    let mut m = app.signed_in("member").await;
    let res = m
        .post_form(
            &format!("{meeting}/attendance"),
            &[(&format!("state-{member}"), "present")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // On leave without a reason is refused, and nothing changes.
    let res = secretary
        .post_form(
            &format!("{meeting}/attendance"),
            &[
                (&format!("state-{deputy}"), "leave"),
                (&format!("reason-{deputy}"), " "),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("请假须填写事由"));
    let res = secretary
        .post_form(
            &format!("{meeting}/attendance"),
            &[
                (&format!("state-{deputy}"), "leave"),
                (&format!("reason-{deputy}"), "参加省委党校培训"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);

    // The member scans the QR: a wrong code is refused, the right one checks in.
    let res = m
        .post_form(&format!("{meeting}/checkin"), &[("code", "nope")])
        .await;
    assert!(res.body.contains("签到码不正确"));
    let res = m.get(&format!("{meeting}/checkin?code={code}")).await;
    assert!(res.body.contains("id=\"check-in\""));
    let res = m
        .post_form(&format!("{meeting}/checkin"), &[("code", &code)])
        .await;
    assert!(res.body.contains("签到成功"), "{}", res.body);
    // Someone not expected is told so.
    let mut demo = app.signed_in("secretary").await;
    let res = demo
        .post_form(&format!("{meeting}/checkin"), &[("code", &code)])
        .await;
    assert!(res.body.contains("不在本次会议的应到人员名单中"));
    let page = secretary.get(&meeting).await;
    assert!(page.body.contains("实到 1 / 应到 2"));

    // Minutes, then the records as a workbook and on A4.
    secretary
        .post_form(
            &format!("{meeting}/minutes"),
            &[("minutes", "会议研究了三项工作。")],
        )
        .await;
    let book = secretary.get(&format!("{list}.xlsx")).await;
    let mut xlsx: Xlsx<_> = Xlsx::new(std::io::Cursor::new(book.bytes)).unwrap();
    let sheet = xlsx.worksheet_range("会议记录").unwrap();
    // Oldest first: this meeting is the last row, after the demo's.
    let last = sheet.height() as u32 - 1;
    assert_eq!(last as usize, held + 1);
    let cell = |c: u32| sheet.get((last as usize, c as usize)).unwrap().to_string();
    assert_eq!(cell(1), "研究创先争优推进工作");
    assert_eq!(cell(8), "1");
    assert_eq!(cell(9), "1");
    assert_eq!(cell(11), "会议研究了三项工作。");
    let print = secretary.get(&format!("{list}/print")).await;
    let ours = print.body.split("研究创先争优推进工作").nth(1).unwrap();
    assert!(ours.contains("张敏(出席)"), "{ours}");
    assert!(ours.contains("王海燕(请假: 参加省委党校培训)"), "{ours}");
    // A member may not take the branch's records away.
    assert_eq!(
        m.get(&format!("{list}.xlsx")).await.status,
        StatusCode::FORBIDDEN
    );

    // The plan asks for a 支委会 each month: the months since the campaign began
    // without one are flagged; this month's is held.
    let page = secretary.get(&list).await;
    let rule = page
        .body
        .split("id=\"rule-committee\"")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(rule.contains("badge warn"), "{rule}");
    assert!(
        !rule.contains(&format!("{}-01 –", &today()[..7])),
        "this month is not missed: {rule}"
    );
}

#[tokio::test]
async fn refused_attendance_keeps_every_row_as_typed() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let member = app.person_id("member").await;
    let deputy = app.person_id("deputy").await;
    let mut s = app.signed_in("secretary").await;
    let meeting = s
        .post_form(
            &format!("/organisations/{branch}/meetings"),
            &[
                ("kind", "committee"),
                ("topic", "研究推进工作"),
                ("starts_at", &local_input(0)),
                ("place", "三楼会议室"),
                ("expected", &member.to_string()),
                ("expected", &deputy.to_string()),
            ],
        )
        .await
        .location()
        .to_string();
    let res = s
        .post_form(
            &format!("{meeting}/attendance"),
            &[
                (&format!("state-{member}"), "present"),
                (&format!("state-{deputy}"), "leave"),
                (&format!("reason-{deputy}"), ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let row = |id: i64| {
        let start = res.body.find(&format!("id=\"attendee-{id}\"")).unwrap();
        res.body[start..].split("</tr>").next().unwrap().to_string()
    };
    assert!(
        row(member).contains("value=\"present\" selected"),
        "{}",
        row(member)
    );
    assert!(row(deputy).contains("value=\"leave\" selected"));
    assert!(row(deputy).contains(&format!("id=\"reason-error-{deputy}\"")));
}

#[tokio::test]
async fn a_party_group_holds_its_own_meetings_and_counts_its_members() {
    let app = TestApp::sqlite().await;
    let group = app
        .db
        .store
        .subtree(&app.demo.branch.path)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.kind == domain::organisation::OrgKind::PartyGroup)
        .unwrap();
    let mut s = app.signed_in("secretary").await;
    let page = s.get(&format!("/organisations/{}", group.id)).await.body;
    assert!(!page.contains("人员（0）"), "{page}");
    let meetings = s
        .get(&format!("/organisations/{}/meetings", group.id))
        .await
        .body;
    assert!(
        meetings.contains("党小组会") && !meetings.contains("支委会"),
        "{meetings}"
    );
    let root = s
        .get(&format!("/organisations/{}/meetings", app.demo.root.id))
        .await
        .body;
    assert!(!root.contains("支委会"));
}
