//! The pages through the in-process router: sign-in, roles and subtrees, CSRF,
//! language, the plan, and the roster round trip from and back to Excel.

// A test fails loudly where its expectation breaks: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chuangxian_web as web;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use support::{TestApp, form_action, hand_made_roster};

#[tokio::test]
async fn the_home_page_speaks_chinese_and_lists_the_public_boards() {
    let app = TestApp::sqlite().await;
    let page = app.client().get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"zh-CN\">"));
    assert!(page.body.contains("公开栏"));
    assert!(page.body.contains("机关支部"));
}

#[tokio::test]
async fn the_public_portal_needs_no_account() {
    let app = TestApp::sqlite().await;
    let page = app
        .client()
        .get(&format!("/p/{}", app.demo.branch.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("创学习型组织、建高素质队伍、促科学发展"));
    assert!(page.body.contains("第一阶段：迎接建党90周年"));
}

#[tokio::test]
async fn a_wrong_password_gets_one_generic_message_and_no_session() {
    let app = TestApp::sqlite().await;
    let mut c = app.client();
    let wrong = c.login("secretary", "not the password").await;
    let unknown = c.login("nobody", "not the password").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("用户名或密码不正确。"));
    assert!(unknown.body.contains("用户名或密码不正确。"));
    assert!(!c.cookies.contains_key("cx_session"));
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while() {
    let app = TestApp::sqlite().await;
    let mut c = app.client();
    for _ in 0..5 {
        c.login("deputy", "guess").await;
    }
    // Even the right password waits out the lock.
    let locked = c.login("deputy", web::demo::DEMO_PASSWORD).await;
    assert_eq!(locked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(locked.body.contains("尝试次数过多"), "{}", locked.body);
}

#[tokio::test]
async fn signing_in_rotates_the_session_and_signing_out_ends_it() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    let first = c.cookies["cx_session"].clone();
    c.login("secretary", web::demo::DEMO_PASSWORD).await;
    let second = c.cookies["cx_session"].clone();
    assert_ne!(first, second);
    assert!(
        app.db.store.session(&first).await.unwrap().is_none(),
        "the old id is dead"
    );
    let res = c.post_form("/logout", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(app.db.store.session(&second).await.unwrap().is_none());
}

#[tokio::test]
async fn a_post_without_a_valid_csrf_token_is_refused() {
    let app = TestApp::sqlite().await;
    let mut c = app.client();
    let res = c
        .post_form(
            "/login",
            &[
                ("_csrf", &"0".repeat(64)),
                ("username", "secretary"),
                ("password", web::demo::DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("您没有权限进行此操作。"));
    assert!(!c.cookies.contains_key("cx_session"));

    // A signed-in person's form needs the session's token, not any cookie's.
    let mut s = app.signed_in("secretary").await;
    let res = s
        .post_form(
            "/account/tokens",
            &[("_csrf", &"a".repeat(64)), ("name", "x")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_secretary_sees_the_whole_plan() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    let page = c
        .get(&format!("/organisations/{}/plan", app.demo.branch.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "泉妇支〔2010〕2号",
        "泉委〔2010〕52号",
        "领导班子好",
        "带头弘扬正气",
        "公开承诺",
        "评选表彰",
        "素质工程",
        "强基工程",
        "第19期全市妇女干部岗位培训班",
        "每天读书一小时",
        "支委会",
        "每周政治业务学习例会",
        "支部书记负总责全面抓",
        "泉州妇联网",
        "随机抽查",
    ] {
        assert!(page.body.contains(text), "the plan page shows {text}");
    }
    assert!(
        page.body
            .contains(&format!("平移了 {} 年", app.demo.shift_years))
    );
}

#[tokio::test]
async fn the_language_switch_is_remembered_for_the_account() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    let res = c
        .post_form("/lang", &[("lang", "en"), ("back", "/account")])
        .await;
    assert_eq!(res.location(), "/account");
    let page = c.get("/account").await;
    assert!(page.body.contains("<html lang=\"en\">"));
    assert!(page.body.contains("Change password"));
    // Remembered on the account: a new browser signs in and gets English.
    let mut other = app.signed_in("secretary").await;
    assert!(other.get("/account").await.body.contains("Change password"));
    // An unknown language changes nothing and goes back all the same.
    let res = c
        .post_form("/lang", &[("lang", "fr"), ("back", "/account")])
        .await;
    assert_eq!(res.location(), "/account");
    assert!(c.get("/account").await.body.contains("Change password"));
}

#[tokio::test]
async fn a_member_cannot_import_and_nobody_reads_another_subtree() {
    let app = TestApp::sqlite().await;
    let mut member = app.signed_in("member").await;
    let branch = app.demo.branch.id;
    assert_eq!(
        member
            .get(&format!("/organisations/{branch}/people"))
            .await
            .status,
        StatusCode::OK
    );
    let res = member.get(&format!("/organisations/{branch}/import")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("您没有权限"));
    let res = member
        .upload(
            &format!("/organisations/{branch}/import"),
            "r.xlsx",
            &hand_made_roster(&[]),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The superior's node is outside a branch member's subtree.
    assert_eq!(
        member
            .get(&format!("/organisations/{}", app.demo.root.id))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Only the campaign office reads the audit log.
    assert_eq!(
        member.get("/admin/audit").await.status,
        StatusCode::FORBIDDEN
    );
    let mut office = app.signed_in("office").await;
    assert_eq!(office.get("/admin/audit").await.status, StatusCode::OK);
    assert_eq!(
        office
            .get(&format!("/organisations/{branch}/import"))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_visitor_is_sent_to_sign_in_and_an_unknown_page_is_a_translated_404() {
    let app = TestApp::sqlite().await;
    let mut c = app.client();
    let res = c
        .get(&format!("/organisations/{}/people", app.demo.branch.id))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        res.location()
            .starts_with("/login?next=%2Forganisations%2F")
    );
    let res = c.get("/no/such/page").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.body.contains("没有找到"));
}

#[tokio::test]
async fn an_old_organisation_address_leads_to_its_new_one() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    let branch = app.demo.branch.id;
    let res = c.get(&format!("/orgs/{branch}/people?page=2")).await;
    assert_eq!(res.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        res.location(),
        format!("/organisations/{branch}/people?page=2")
    );
    let res = c
        .get(&format!("/organisations/{branch}/people?page=2"))
        .await;
    assert_eq!(res.status, StatusCode::OK);
}

#[tokio::test]
async fn a_hand_made_roster_imports_after_a_preview_and_exports_back_unchanged() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    let branch = app.demo.branch.id;
    let before = app
        .db
        .store
        .people(&app.demo.branch.path, 1, 1)
        .await
        .unwrap()
        .total;
    let file = hand_made_roster(&[
        ["赵丽", "女", "2008-07-01", "13905951234", "第一党小组"],
        ["钱芳", "女", "2008.07", "0595-22345678", "第二党小组"],
        ["孙伟", "男", "2010年3月", "13805950001", "第一党小组"],
    ]);
    let preview = c
        .upload(
            &format!("/organisations/{branch}/import"),
            "花名册.xlsx",
            &file,
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(preview.body.contains("赵丽") && preview.body.contains("2010-03-01"));
    assert!(
        preview.body.contains("身份证号"),
        "the ignored column is named"
    );
    // Nothing is written before the confirmation.
    assert_eq!(
        app.db
            .store
            .people(&app.demo.branch.path, 1, 1)
            .await
            .unwrap()
            .total,
        before
    );
    let confirm = form_action(&preview.body, &format!("/organisations/{branch}/import/"));
    let done = c.post_form(&confirm, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.db
            .store
            .people(&app.demo.branch.path, 1, 1)
            .await
            .unwrap()
            .total,
        before + 3
    );
    let listed = c.get(done.location()).await;
    assert!(listed.body.contains("新增 3 人"), "{}", listed.body);
    assert!(listed.body.contains("13905951234"));

    // The export reads back into the same people.
    let export = c.get(&format!("/organisations/{branch}/people.xlsx")).await;
    assert_eq!(export.headers["content-type"], web::http::sheet::XLSX_TYPE);
    let sheet = web::http::sheet::read_sheet("export.xlsx", &export.bytes).unwrap();
    let roster = domain::roster::read_roster(
        &sheet,
        chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME),
    )
    .unwrap();
    let stored = app
        .db
        .store
        .all_people(&app.demo.branch.path)
        .await
        .unwrap();
    assert_eq!(roster.rows.len(), stored.len());
    for (row, person) in roster.rows.iter().zip(&stored) {
        assert_eq!(row.person, person.draft(), "row {}", row.row);
    }
}

#[tokio::test]
async fn a_roster_with_bad_rows_names_each_and_imports_nothing() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    let branch = app.demo.branch.id;
    let before = app
        .db
        .store
        .people(&app.demo.branch.path, 1, 1)
        .await
        .unwrap()
        .total;
    let file = hand_made_roster(&[
        ["赵丽", "女", "2008-07-01", "13905951234", "第一党小组"],
        ["", "女", "2008.07", "13905951235", "第一党小组"],
        ["孙伟", "不详", "去年", "13805950001", "第九党小组"],
    ]);
    let res = c
        .upload(
            &format!("/organisations/{branch}/import"),
            "bad.xlsx",
            &file,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body
            .contains("<td>4</td><td>姓名</td><td>必须填写</td>"),
        "{}",
        res.body
    );
    assert!(res.body.contains("<td>5</td><td>性别</td>"));
    assert!(res.body.contains("<td>5</td><td>入党时间</td>"));
    // A missing party group is named once, with the offer to create it.
    assert!(
        res.body.contains("这些党小组还不存在：第九党小组"),
        "{}",
        res.body
    );
    assert!(res.body.contains("id=\"create-groups\" checked"));
    assert_eq!(
        app.db
            .store
            .people(&app.demo.branch.path, 1, 1)
            .await
            .unwrap()
            .total,
        before
    );
    // Asked to, the import makes the group and puts its people in it.
    let good = hand_made_roster(&[
        ["孙伟", "男", "2008-07-01", "13805950001", "第九党小组"],
        ["钱芳", "女", "2009-07-01", "13805950002", "第九党小组"],
    ]);
    let csrf = c.csrf().await;
    let boundary = "XcxBoundary3";
    let mut body = Vec::new();
    for (name, value) in [("_csrf", csrf.as_str()), ("create_groups", "1")] {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .bytes(),
        );
    }
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"good.xlsx\"\r\n\r\n").bytes());
    body.extend_from_slice(&good);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    let res = c
        .send(
            Request::post(format!("/organisations/{branch}/import"))
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let confirm = form_action(&res.body, &format!("/organisations/{branch}/import/"));
    let done = c.post_form(&confirm, &[("create_groups", "1")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let groups = app.db.store.subtree(&app.demo.branch.path).await.unwrap();
    assert_eq!(groups.iter().filter(|o| o.name == "第九党小组").count(), 1);
}

#[tokio::test]
async fn an_upload_that_lies_about_its_kind_or_is_too_large_is_refused() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    let path = format!("/organisations/{}/import", app.demo.branch.id);
    let res = c
        .upload(&path, "roster.xlsx", "姓名,性别\n王芳,女\n".as_bytes())
        .await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(res.body.contains("文件内容与扩展名不符"));
    let big = vec![b'a'; web::person::roster::MAX_UPLOAD + 1];
    let res = c.upload(&path, "roster.csv", &big).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    let huge = vec![b'a'; web::MAX_BODY + 1];
    let res = c.upload(&path, "roster.csv", &huge).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.body.contains("上传的内容太大"), "{}", res.body);
}

#[tokio::test]
async fn a_password_change_shows_each_error_beside_its_field() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("deputy").await;
    let res = c
        .post_form(
            "/account/password",
            &[("current", "wrong"), ("new", "short"), ("confirm", "short")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"current-error\">当前密码不正确"));
    assert!(res.body.contains("id=\"new-error\">新密码至少 8 位"));
    let res = c
        .post_form(
            "/account/password",
            &[
                ("current", web::demo::DEMO_PASSWORD),
                ("new", "a new secret"),
                ("confirm", "a new secret"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("密码已修改"));
    // Still signed in here, with the new password working elsewhere.
    assert_eq!(c.get("/account").await.status, StatusCode::OK);
    assert_eq!(
        app.client().login("deputy", "a new secret").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn changes_made_through_pages_land_in_the_audit_log() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    c.post_form("/account/tokens", &[("name", "脚本")]).await;
    let mut office = app.signed_in("office").await;
    let page = office.get("/admin/audit?actor=secretary").await;
    // In words: who by name, what was done to what.
    assert!(
        page.body.contains("访问令牌") && page.body.contains("陈秀英"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("access_token"));
    assert_eq!(
        app.db.store.verify_audit().await.unwrap().map(|n| n > 0),
        Ok(true)
    );
}

#[tokio::test]
async fn the_demo_runs_on_postgresql_too() {
    let app = TestApp::postgres().await;
    let mut c = app.signed_in("secretary").await;
    let page = c
        .get(&format!("/organisations/{}/plan", app.demo.branch.id))
        .await;
    assert!(page.body.contains("带头弘扬正气"));
    let people = c
        .get(&format!("/organisations/{}/people", app.demo.branch.id))
        .await;
    assert!(people.body.contains("陈秀英"));
    app.db.drop_db().await;
}

#[tokio::test]
async fn a_person_added_by_hand_gets_errors_beside_fields_then_an_account_and_a_role() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    let branch = app.demo.branch.id;
    let res = c
        .post_form(
            &format!("/organisations/{branch}/people/new"),
            &[
                ("name", ""),
                ("joined_on", "去年"),
                ("phone", "call me"),
                ("username", "x"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"name-error\">必须填写"));
    assert!(res.body.contains("id=\"joined-error\">不是可识别的日期"));
    assert!(res.body.contains("id=\"phone-error\">不是有效的电话号码"));
    assert!(res.body.contains("id=\"username-error\">"));
    assert!(
        res.body.contains("value=\"去年\""),
        "what was typed stays in the form"
    );

    let res = c
        .post_form(
            &format!("/organisations/{branch}/people/new"),
            &[
                ("name", "何小梅"),
                ("gender", "female"),
                ("status", "probationary"),
                ("joined_on", "2026.03"),
                ("username", "hexm"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let person = res.location().to_string();
    // A taken username is said beside its field.
    let again = c
        .post_form(
            &format!("/organisations/{branch}/people/new"),
            &[("name", "何小梅"), ("username", "hexm")],
        )
        .await;
    assert!(again.body.contains("用户名“hexm”已被使用"));

    // Grant a role, hand out a one-time password, and the person signs in with it.
    let res = c
        .post_form(
            &format!("{person}/roles"),
            &[("role", "member"), ("org_id", &branch.to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = c.post_form(&format!("{person}/password"), &[]).await;
    let marker = "id=\"new-password\">";
    let start = page.body.find(marker).unwrap() + marker.len();
    let password = page.body[start..].split('<').next().unwrap().to_string();
    assert_eq!(password.len(), 12);
    let mut newcomer = app.client();
    assert_eq!(
        newcomer.login("hexm", &password).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        newcomer
            .get(&format!("/organisations/{branch}/people"))
            .await
            .status,
        StatusCode::OK
    );

    // A secretary appoints within the branch, not a leader.
    let res = c
        .post_form(
            &format!("{person}/roles"),
            &[("role", "leader"), ("org_id", &branch.to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // A member appoints nobody.
    let res = newcomer
        .post_form(
            &format!("{person}/roles"),
            &[("role", "member"), ("org_id", &branch.to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn another_organisations_plan_renders_without_code_changes() {
    let app = TestApp::sqlite().await;
    let source = include_str!("../../../plans/examples/hospital-branch.toml");
    let plan = domain::plan::parse_plan(source).unwrap();
    let hospital = app
        .db
        .store
        .create_organisation(
            "test",
            Some(&app.demo.root),
            domain::organisation::OrgKind::Branch,
            "某医院护理党支部",
        )
        .await
        .unwrap();
    app.db
        .store
        .import_plan("test", &hospital, source, &plan, 0)
        .await
        .unwrap();
    let mut office = app.signed_in("office").await;
    let page = office
        .get(&format!("/organisations/{}/plan", hospital.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "某医院护理党支部创先争优活动实施方案（示例）",
        "带头安全执业",
        "每周学习两小时",
        "急救技能演练",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
}
