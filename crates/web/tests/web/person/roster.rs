//! The roster round trip from and back to Excel, its bad rows named, and a
//! lying or oversized upload refused, on the page and in the API.

use crate::support::{TestApp, api_request, form_action, hand_made_roster};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chuangxian_web as web;

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
    let asks = format!("/organisations/{branch}/import/progress?upload=");
    assert!(
        preview.body.contains(&asks),
        "the page asks how far it has gone"
    );
    let done = c.post_form(&confirm, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let upload = confirm.rsplit('/').next().unwrap();
    let after = c.get(&format!("{asks}{upload}")).await;
    assert!(after.body.contains("\"running\":false"), "{}", after.body);
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
async fn a_roster_posted_to_the_api_imports_or_names_its_bad_rows() {
    let app = TestApp::sqlite().await;
    let token = app.api_token("secretary").await;
    let path = format!(
        "/api/v1/organisations/{}/roster?filename=r.xlsx",
        app.demo.branch.id
    );
    let mut c = app.client();
    let good = hand_made_roster(&[["赵丽", "女", "2008-07-01", "13905951234", "第一党小组"]]);
    let res = c.send(workbook_request(&path, &token, good)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert_eq!(res.json()["imported"], 1);

    let bad = hand_made_roster(&[["", "女", "2008-07-01", "13905951234", "第一党小组"]]);
    let res = c.send(workbook_request(&path, &token, bad)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"], "import-error-rows");
    assert_eq!(res.json()["errors"][0]["index"], 3, "the row");
    assert_eq!(res.json()["errors"][0]["field"], "姓名", "the column");
    assert!(
        !res.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .is_empty()
    );

    let member = app.api_token("member").await;
    let res = c
        .send(workbook_request(&path, &member, vec![1, 2, 3]))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

/// A workbook posted to the API as the request's whole body, signed with `token`.
fn workbook_request(path: &str, token: &str, bytes: Vec<u8>) -> Request<Body> {
    let mut request = api_request("POST", path, Some(token), None);
    *request.body_mut() = Body::from(bytes);
    request
}

#[tokio::test]
async fn a_long_roster_previews_its_first_rows_and_counts_them_all() {
    let app = TestApp::sqlite().await;
    let mut c = app.signed_in("secretary").await;
    let names: Vec<String> = (0..250).map(|i| format!("党员{i:03}")).collect();
    let phones: Vec<String> = (0..250).map(|i| format!("139{i:08}")).collect();
    let rows: Vec<[&str; 5]> = (0..250)
        .map(|i| {
            [
                names[i].as_str(),
                "女",
                "2008-07-01",
                phones[i].as_str(),
                "第一党小组",
            ]
        })
        .collect();
    let preview = c
        .upload(
            &format!("/organisations/{}/import", app.demo.branch.id),
            "花名册.xlsx",
            &hand_made_roster(&rows),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        preview.body.contains("共 250 人"),
        "the whole file is counted"
    );
    assert!(preview.body.contains("党员199") && !preview.body.contains("党员200"));
    assert!(
        preview.body.contains("仅列出前 200 行，其余 50 行一并导入"),
        "{}",
        preview.body
    );
}
