//! Assessments through the router: the secretary opens one for the first phase,
//! adjusts a score with a reason, exports and finalises it; the member reads
//! their own score and is told; the office assesses the branches through the
//! API; incentive records refuse bad input field by field.

use crate::support::TestApp;
use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};

#[tokio::test]
async fn a_secretary_assesses_the_members_adjusts_with_a_reason_and_finalises() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let member = app.person_id("member").await;
    let phase = app.demo.plan.phases[0].key.clone();
    let mut s = app.signed_in("secretary").await;
    let list = s.get(&format!("/organisations/{branch}/assessments")).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("id=\"no-assessments\""));
    let org_page = s.get(&format!("/organisations/{branch}")).await.body;
    assert!(org_page.contains(&format!("href=\"/organisations/{branch}/assessments\"")));

    let open = |phase: String| {
        let path = format!("/organisations/{branch}/assessments");
        (
            path,
            vec![
                ("kind".to_string(), "member".to_string()),
                ("phase".to_string(), phase),
            ],
        )
    };
    let (path, fields) = open(phase.clone());
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = s.post_form(&path, &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = res.location().to_string();
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    // A second while the first computes is refused beside the form.
    let again = s.post_form(&path, &fields).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        again
            .body
            .contains("id=\"open-error\">这一阶段已有一次正在计算的考核")
    );
    let bad = s
        .post_form(&path, &[("kind", "member"), ("phase", "nope")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("请选择方案中需要考核的阶段"));

    let shown = s.get(&page).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains(&format!("id=\"score-{member}\"")));
    assert!(shown.body.contains("学习任务完成情况"));

    // An adjustment without a reason, or too large, changes nothing.
    let adjust = format!("{page}/subjects/{member}/adjustment");
    let before = s.get(&format!("{page}/subjects/{member}")).await.body;
    let total = |html: &str| {
        let at = html.find("id=\"subject-total\">").unwrap() + "id=\"subject-total\">".len();
        html[at..].split('<').next().unwrap().to_string()
    };
    let res = s
        .post_form(&adjust, &[("points", "3"), ("reason", "  ")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"reason-error\">请写明调整理由"));
    assert!(res.body.contains("value=\"3\""), "what was typed stays");
    let res = s
        .post_form(&adjust, &[("points", "25"), ("reason", "太多")])
        .await;
    assert!(res.body.contains("id=\"points-error\""));
    assert_eq!(
        total(&s.get(&format!("{page}/subjects/{member}")).await.body),
        total(&before)
    );

    let res = s
        .post_form(
            &adjust,
            &[("points", "-2.5"), ("reason", "无故缺席学习例会")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let after = s.get(&format!("{page}/subjects/{member}")).await.body;
    let (b, a): (f64, f64) = (
        total(&before).parse().unwrap(),
        total(&after).parse().unwrap(),
    );
    assert!((b - 2.5 - a).abs() < 0.011 || a == 0.0, "{b} → {a}");
    assert!(after.contains("id=\"adjustment\"") && after.contains("无故缺席学习例会"));
    let audit = app.signed_in("office").await.get("/admin/audit").await.body;
    assert!(
        audit.contains("无故缺席学习例会"),
        "the adjustment is audited"
    );

    // The workbook has the scores as numbers.
    let xlsx = s.get(&format!("{page}/scores.xlsx")).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<_> = sheet.rows().collect();
    let header = rows[1].iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let total_col = header.iter().position(|h| h == "得分").unwrap();
    assert!(
        rows[2..]
            .iter()
            .all(|r| matches!(r[total_col], Data::Float(_)))
    );
    assert!(matches!(rows[2][0], Data::Float(p) if p == 1.0));

    // The member reads only their own score; nothing before it is final but the page.
    let mut m = app.signed_in("member").await;
    assert_eq!(m.get(&page).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        m.get(&format!("{page}/subjects/{member}")).await.status,
        StatusCode::OK
    );
    let other = app.person_id("deputy").await;
    assert_eq!(
        m.get(&format!("{page}/subjects/{other}")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        m.post_form(&adjust, &[("points", "5"), ("reason", "自评")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let res = s.post_form(&format!("{page}/finalise"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let inbox = m.get("/inbox").await.body;
    assert!(inbox.contains(&format!("/assessments/{id}/subjects/{member}")));
    assert!(inbox.contains("考核结果已确定"));
    let late = s
        .post_form(&adjust, &[("points", "1"), ("reason", "补充")])
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    let frozen = s.get(&format!("{page}/subjects/{member}")).await.body;
    assert_eq!(total(&frozen), total(&after));
    assert!(!frozen.contains("id=\"adjust-form\""));
    // A reassessment is the next version.
    let res = s.post_form(&path, &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let list = s
        .get(&format!("/organisations/{branch}/assessments"))
        .await
        .body;
    assert!(list.contains("第 2 版") && list.contains("第 1 版"));
}

#[tokio::test]
async fn the_office_assesses_the_branches_over_the_api_and_others_may_not() {
    let app = TestApp::sqlite().await;
    let root = app.demo.root.id;
    let branch = app.demo.branch.id;
    let phase = app.demo.plan.phases[0].key.clone();
    let office = app.api_token("office").await;
    let leader = app.api_token("leader").await;
    let secretary = app.api_token("secretary").await;
    let body = serde_json::json!({ "kind": "organisation", "phase": phase });
    let path = format!("/api/v1/organisations/{root}/assessments");
    let mut c = app.client();
    let res = c
        .api("POST", &path, Some(&leader), Some(body.clone()))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // A branch does not assess branches.
    let res = c
        .api(
            "POST",
            &format!("/api/v1/organisations/{branch}/assessments"),
            Some(&secretary),
            Some(body.clone()),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = c.api("POST", &path, Some(&office), Some(body)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = res.json()["id"].as_i64().unwrap();
    let read = c
        .api(
            "GET",
            &format!("/api/v1/assessments/{id}"),
            Some(&leader),
            None,
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    let v = read.json();
    assert_eq!(v["subject_kind"], "organisation");
    let scores = v["scores"].as_array().unwrap();
    assert_eq!(scores.len(), 1);
    assert_eq!(scores[0]["subject_id"].as_i64(), Some(branch));
    assert_eq!(scores[0]["lines"].as_array().unwrap().len(), 4);
    // Its secretary reads the branch's own score, not the list.
    let own = c
        .api(
            "GET",
            &format!("/api/v1/assessments/{id}/subjects/{branch}"),
            Some(&secretary),
            None,
        )
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert_eq!(
        c.api(
            "GET",
            &format!("/api/v1/assessments/{id}"),
            Some(&secretary),
            None
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let res = c
        .api(
            "POST",
            &format!("/api/v1/assessments/{id}/subjects/{branch}/adjustment"),
            Some(&office),
            Some(serde_json::json!({ "points": "1.234", "reason": "x" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["field"], "points");
    let res = c
        .api(
            "POST",
            &format!("/api/v1/assessments/{id}/finalise"),
            Some(&office),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let res = c
        .api(
            "POST",
            &format!("/api/v1/assessments/{id}/finalise"),
            Some(&office),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_incentive_record_names_every_wrong_field_and_feeds_the_score() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let member = app.person_id("member").await;
    let mut s = app.signed_in("secretary").await;
    let path = format!("/organisations/{branch}/incentives");
    let res = s
        .post_form(
            &path,
            &[
                ("person", &member.to_string()),
                ("kind", "incentive"),
                ("points", "0"),
                ("veto", "discipline"),
                ("reason", ""),
                ("on_day", "2999-01-01"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["points", "veto", "reason", "on_day"] {
        assert!(
            res.body.contains(&format!("id=\"{field}-error\"")),
            "{field}"
        );
    }
    assert!(!res.body.contains("id=\"incentives\""), "nothing was saved");
    let today = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME);
    let res = s
        .post_form(
            &path,
            &[
                ("person", &member.to_string()),
                ("kind", "constraint"),
                ("points", "5"),
                ("veto", "discipline"),
                ("reason", "违反工作纪律受到警告处分"),
                ("on_day", &today.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let list = s.get(&path).await.body;
    assert!(list.contains("违反工作纪律受到警告处分") && list.contains(">-5<"));
    // The member may not record; the veto grades the member down.
    let mut m = app.signed_in("member").await;
    assert_eq!(m.get(&path).await.status, StatusCode::FORBIDDEN);
    let res = s
        .post_form(
            &format!("/organisations/{branch}/assessments"),
            &[("kind", "member"), ("phase", &app.demo.plan.phases[0].key)],
        )
        .await;
    let page = res.location().to_string();
    let mine = s.get(&format!("{page}/subjects/{member}")).await.body;
    assert!(mine.contains("id=\"subject-veto\""));
    assert!(mine.contains("id=\"subject-grade\">不合格"));
}
