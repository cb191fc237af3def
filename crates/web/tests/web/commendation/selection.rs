//! Selection and commendation through the router: a branch nominates with a
//! photo, the office reviews, the leader approves, the office opens the 公示,
//! a visitor objects without an account, the office handles it and commends;
//! and every refusal the issue lists, each beside its field, changing nothing.

use crate::support::TestApp;
use axum::http::StatusCode;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n a photo";

/// Moves a selection's 公示 into the past, as if its days had run.
async fn end_publicity(app: &TestApp, selection: &str) {
    let day = |t: &str| domain::date::Day::parse_iso(t).unwrap();
    store::testing::move_publicity(
        &app.db.store,
        selection.parse().unwrap(),
        day("2000-01-03"),
        day("2000-01-07"),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_nomination_goes_through_its_levels_the_public_objects_and_the_office_commends() {
    let app = TestApp::sqlite().await;
    let root = app.demo.root.id;
    let branch = app.demo.branch.id;
    let phase = app.demo.plan.phases[0].key.clone();
    let mut office = app.signed_in("office").await;
    let res = office
        .post_form(
            &format!("/organisations/{root}/selections"),
            &[("title", "excellent_member"), ("phase", &phase)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = res.location().to_string();
    let sid = page.rsplit('/').next().unwrap().to_string();
    // The branch's secretary sees it from the branch and nominates.
    let mut s = app.signed_in("secretary").await;
    let list = s
        .get(&format!("/organisations/{branch}/selections"))
        .await
        .body;
    assert!(list.contains(&format!("href=\"{page}\"")));
    let member = app.person_id("member").await;
    let deputy = app.person_id("deputy").await;
    let nominate = format!("{page}/nominations");
    // Nothing typed for the deeds: refused beside the field.
    let res = s
        .multipart_with(
            &nominate,
            &[
                ("nominator", &branch.to_string()),
                ("candidate", &member.to_string()),
                ("deeds", " "),
            ],
            "photos",
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"deeds-error\""));
    // A file that is not an image or a PDF.
    let res = s
        .multipart_with(
            &nominate,
            &[
                ("nominator", &branch.to_string()),
                ("candidate", &member.to_string()),
                ("deeds", "事迹"),
            ],
            "photos",
            Some(("x.png", b"MZ\x90\x00 not an image")),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"photos-error\""));
    // Someone outside the branch.
    let outsider = app.person_id("office").await;
    let res = s
        .multipart_with(
            &nominate,
            &[
                ("nominator", &branch.to_string()),
                ("candidate", &outsider.to_string()),
                ("deeds", "事迹"),
            ],
            "photos",
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("只能推荐本组织范围内的对象"));
    // The member with a photo, then the deputy; the quota is 15% of the branch's
    // full members, rounded down: 2; a third is refused.
    let res = s
        .multipart_with(
            &nominate,
            &[
                ("nominator", &branch.to_string()),
                ("candidate", &member.to_string()),
                ("deeds", "带头读书，调研报告获表扬"),
            ],
            "photos",
            Some(("照片.png", PNG)),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let nomination = res.location().to_string();
    let res = s
        .multipart_with(
            &nominate,
            &[
                ("nominator", &branch.to_string()),
                ("candidate", &deputy.to_string()),
                ("deeds", "服务群众"),
            ],
            "photos",
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // Fill the quota with other full members; one more is refused.
    let people = app
        .db
        .store
        .all_people(&app.demo.branch.path)
        .await
        .unwrap();
    let full: Vec<i64> = people
        .iter()
        .filter(|p| p.status == domain::person::PoliticalStatus::Full)
        .map(|p| p.id)
        .filter(|p| *p != member && *p != deputy)
        .collect();
    let quota = (people
        .iter()
        .filter(|p| p.status == domain::person::PoliticalStatus::Full)
        .count()
        * 15)
        / 100;
    assert!(quota >= 2, "a quota of {quota}");
    for p in &full[..quota - 2] {
        let res = s
            .multipart_with(
                &nominate,
                &[
                    ("nominator", &branch.to_string()),
                    ("candidate", &p.to_string()),
                    ("deeds", "事迹"),
                ],
                "photos",
                None,
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
    let third = full[quota - 2];
    let res = s
        .multipart_with(
            &nominate,
            &[
                ("nominator", &branch.to_string()),
                ("candidate", &third.to_string()),
                ("deeds", "事迹"),
            ],
            "photos",
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("推荐名额已满"));
    assert!(res.body.contains("事迹"), "what was typed stays");

    // The office is told, reviews; the leader approves; the secretary may not.
    let inbox = office.get("/inbox").await.body;
    assert!(inbox.contains(&nomination));
    let nid = nomination.rsplit('/').next().unwrap();
    let step = format!("/nominations/{nid}/steps");
    assert_eq!(
        s.post_form(&step, &[("to", "reviewed")]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        office.post_form(&step, &[("to", "reviewed")]).await.status,
        StatusCode::SEE_OTHER
    );
    let mut leader = app.signed_in("leader").await;
    assert!(leader.get("/inbox").await.body.contains(&nomination));
    let res = leader
        .post_form(&step, &[("to", "returned"), ("reason", "")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        leader.post_form(&step, &[("to", "approved")]).await.status,
        StatusCode::SEE_OTHER
    );

    // The 公示: public, with the photo; no phone or birth date.
    assert_eq!(
        office
            .post_form(&format!("{page}/publicity"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let mut visitor = app.client();
    let public = visitor.get(&format!("/p/selections/{sid}")).await;
    assert_eq!(public.status, StatusCode::OK);
    let person = app.db.store.person(member).await.unwrap();
    assert!(public.body.contains(&person.name));
    assert!(!public.body.contains(person.phone.as_deref().unwrap()));
    assert!(
        !public.body.contains(&format!("candidate-{}", deputy)),
        "only the approved"
    );
    let file = public
        .body
        .split("/nomination-files/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let photo = visitor.get(&format!("/nomination-files/{file}")).await;
    assert_eq!(photo.bytes, PNG);
    // The portal links to it.
    assert!(
        visitor
            .get(&format!("/p/{root}/publicity"))
            .await
            .body
            .contains(&format!("/p/selections/{sid}"))
    );
    // An objection with nothing said is refused; a bot filling the honeypot is dropped.
    let object = format!("/p/selections/{sid}/objections");
    let res = visitor
        .post_form(&object, &[("candidate", nid), ("text", "")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"text-error\""));
    visitor
        .post_form(
            &object,
            &[
                ("candidate", nid),
                ("text", "机器人"),
                ("website", "http://spam"),
            ],
        )
        .await;
    let res = visitor
        .post_form(
            &object,
            &[
                ("candidate", nid),
                ("text", "她的调研报告是合写的"),
                ("contact", "138"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let objections = office.get(&format!("{page}/objections")).await.body;
    assert!(objections.contains("她的调研报告是合写的") && !objections.contains("机器人"));
    assert!(
        !visitor
            .get(&format!("/p/selections/{sid}"))
            .await
            .body
            .contains("合写"),
        "never public"
    );

    // Not before the 公示 ends; then not while the objection is open.
    let commend = format!("{page}/commendation");
    let decision = [
        ("decision_title", "关于表彰优秀共产党员的决定"),
        ("decision_code", "泉妇组〔2026〕9号"),
        ("decided_on", "2026-01-05"),
    ];
    let res = office.post_form(&commend, &decision).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    end_publicity(&app, &sid).await;
    let late = visitor
        .post_form(&object, &[("candidate", nid), ("text", "晚了")])
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.body.contains("公示期已结束"));
    let res = office.post_form(&commend, &decision).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("id=\"commend-error\""));
    let res = office
        .post_form(
            &commend,
            &[
                ("decision_title", ""),
                ("decision_code", ""),
                ("decided_on", "2999-01-01"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for f in ["decision_title", "decision_code", "decided_on"] {
        assert!(res.body.contains(&format!("id=\"{f}-error\"")), "{f}");
    }
    let oid = objections
        .split("/objections/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap();
    let res = office
        .post_form(
            &format!("/objections/{oid}/outcome"),
            &[
                ("status", "dismissed"),
                ("outcome", "经核实，署名合作者同意，属实"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = office.post_form(&commend, &decision).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    // The honour in the member's history, on the roll, with its certificate and decision.
    let mut m = app.signed_in("member").await;
    assert!(m.get("/inbox").await.body.contains("优秀共产党员"));
    let mine = m.get(&format!("/people/{member}")).await.body;
    let honour = mine
        .split("/honours/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let roll = visitor.get(&format!("/p/{branch}/honours")).await.body;
    assert!(roll.contains(&format!("/honours/{honour}")) && roll.contains("泉妇组〔2026〕9号"));
    assert_eq!(
        visitor
            .get(&format!("/honours/{honour}/certificate"))
            .await
            .status,
        StatusCode::OK
    );
    let decision_page = office.get(&format!("{page}/decision")).await.body;
    assert!(decision_page.contains(&person.name) && decision_page.contains("2026年1月5日"));
    let xlsx = office
        .get(&format!("/organisations/{root}/honours.xlsx"))
        .await;
    let sheet = chuangxian_web::http::sheet::read_sheet("h.xlsx", &xlsx.bytes).unwrap();
    let cells: Vec<String> = sheet.iter().flatten().map(|c| c.text()).collect();
    assert!(cells.contains(&person.name) && cells.contains(&"2026-01-05".to_string()));
}
