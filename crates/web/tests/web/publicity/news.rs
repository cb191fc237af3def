//! News and bulletins through the router, on both databases: a member writes
//! with a preview, hostile markup is cleaned, the secretary is told and
//! publishes, the portal, its feed and the print show it; bad input is
//! refused beside its field and changes nothing; the API and the workbook.

use crate::support::TestApp;
use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use store::publicity::PublicationFilter;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n a picture";

const HOSTILE: &str = "## 主题党日\n\n党员**志愿服务**走进社区。\
    <script>alert('x')</script><img src=x onerror=alert(1)> [点这里](javascript:alert(2))";

async fn count(app: &TestApp, org: i64) -> i64 {
    app.db
        .store
        .publications_of(org, PublicationFilter::default(), 1, 100)
        .await
        .unwrap()
        .total
}

async fn news_goes_from_draft_to_the_portal_and_its_feed(app: TestApp) {
    let branch = app.demo.branch.id;
    let new = format!("/organisations/{branch}/publications/new");
    let mut member = app.signed_in("member").await;
    let org = member.get(&format!("/organisations/{branch}")).await;
    assert!(
        org.body
            .contains(&format!("/organisations/{branch}/publications"))
    );
    let form = member.get(&format!("{new}?kind=news")).await;
    assert_eq!(form.status, StatusCode::OK);

    // The preview shows the cleaned text and keeps what was typed; nothing is stored.
    let before = count(&app, branch).await;
    let fields = [
        ("kind", "news"),
        ("title", "志愿服务进社区"),
        ("body", HOSTILE),
    ];
    let mut preview = fields.to_vec();
    preview.push(("action", "preview"));
    let res = member.multipart_with(&new, &preview, "images", None).await;
    assert_eq!(res.status, StatusCode::OK);
    let shown = res.body[res.body.find("id=\"preview\"").expect("a preview")..]
        .split("</section>")
        .next()
        .unwrap();
    assert!(shown.contains("<h2>主题党日</h2>"));
    assert!(!shown.contains("<script>alert"), "script in the preview");
    assert!(
        !shown.contains("onerror") && !shown.contains("javascript:"),
        "{shown}"
    );
    assert!(
        res.body.contains("&#60;script&#62;") || res.body.contains("&lt;script&gt;"),
        "what was typed is kept, as text"
    );
    assert!(res.body.contains("志愿服务进社区"), "the title is kept");
    assert_eq!(count(&app, branch).await, before);

    // Submitted with a picture: the secretary is told.
    let mut submit = fields.to_vec();
    submit.push(("action", "submit"));
    let res = member
        .multipart_with(&new, &submit, "images", Some(("照片.png", PNG)))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = res.location().to_string();
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let stored = app.db.store.publication(id).await.unwrap();
    assert_eq!(stored.status.as_str(), "submitted");
    assert_eq!(stored.images.len(), 1);
    assert!(!stored.body_html.contains("<script") && !stored.body_html.contains("javascript:"));
    let mut visitor = app.client();
    assert_eq!(
        visitor.get(&format!("/p/publications/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_ne!(
        visitor.get(&page).await.status,
        StatusCode::OK,
        "not before review"
    );
    let image = format!("/publication-images/{}", stored.images[0].0);
    assert_ne!(visitor.get(&image).await.status, StatusCode::OK);

    let mut secretary = app.signed_in("secretary").await;
    assert!(secretary.get("/inbox").await.body.contains(&page));
    let home = secretary.get("/").await;
    assert!(
        home.body
            .contains(&format!("/organisations/{branch}/publications")),
        "on the to-do home"
    );
    // A member cannot publish; the secretary must give a reason to return.
    let res = member
        .post_form(&format!("{page}/steps"), &[("step", "publish")])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = secretary
        .post_form(
            &format!("{page}/steps"),
            &[("step", "return"), ("reason", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"reason-error\""));
    let res = secretary
        .post_form(&format!("{page}/steps"), &[("step", "publish")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(
        member.get("/inbox").await.body.contains(&page),
        "the writer is told"
    );

    // On the portal, its news page, the public item and the feed.
    let portal = visitor.get(&format!("/p/{branch}")).await;
    assert!(portal.body.contains(&format!("/p/publications/{id}")));
    assert!(portal.body.contains("application/atom+xml"));
    let news = visitor.get(&format!("/p/{branch}/news")).await;
    assert!(news.body.contains("志愿服务进社区"));
    let item = visitor.get(&format!("/p/publications/{id}")).await;
    assert_eq!(item.status, StatusCode::OK);
    assert!(item.body.contains("<strong>志愿服务</strong>"));
    assert!(!item.body.contains("<script>alert") && !item.body.contains("javascript:alert"));
    assert_eq!(visitor.get(&image).await.status, StatusCode::OK);
    let feed = visitor.get(&format!("/p/{branch}/news.atom")).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(
        feed.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let parsed: atom_syndication::Feed = feed.body.parse().expect("the feed parses as Atom");
    let entry = parsed
        .entries()
        .iter()
        .find(|e| e.title().as_str() == "志愿服务进社区")
        .expect("the entry is in the feed");
    assert!(
        entry.links()[0]
            .href()
            .ends_with(&format!("/p/publications/{id}"))
    );
    let summary = entry.summary().unwrap().as_str();
    assert!(summary.contains("<strong>志愿服务</strong>") && !summary.contains("<script"));

    // Taken down: gone from the portal, back in its writers' hands.
    let res = secretary
        .post_form(
            &format!("{page}/steps"),
            &[("step", "unpublish"), ("reason", "内容需更新")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        visitor.get(&format!("/p/publications/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let feed = visitor.get(&format!("/p/{branch}/news.atom")).await;
    assert!(!feed.body.contains("志愿服务进社区"));
    let edit = member.get(&format!("{page}/edit")).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(
        edit.body.contains("内容需更新"),
        "the reason is shown to the writer"
    );
}

#[tokio::test]
async fn news_goes_from_draft_to_the_portal_and_its_feed_on_sqlite() {
    news_goes_from_draft_to_the_portal_and_its_feed(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn news_goes_from_draft_to_the_portal_and_its_feed_on_postgres() {
    news_goes_from_draft_to_the_portal_and_its_feed(TestApp::postgres().await).await;
}

#[tokio::test]
async fn a_bulletin_is_numbered_once_and_prints_under_its_masthead() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let new = format!("/organisations/{branch}/publications/new");
    let mut s = app.signed_in("secretary").await;
    let form = s.get(&format!("{new}?kind=bulletin")).await;
    let next = app.db.store.next_bulletin_number(branch).await.unwrap();
    assert!(
        form.body.contains(&format!("value=\"{next}\"")),
        "the next number is offered"
    );
    let bulletin = |number: &'static str, title: &'static str| {
        vec![
            ("kind", "bulletin"),
            ("number", number),
            ("issuer", ""),
            ("title", title),
            ("body", "一、学习情况\n\n全体党员参加集中学习。"),
            ("action", "save"),
        ]
    };
    let res = s
        .multipart_with(&new, &bulletin("7", "第七期简报"), "images", None)
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = res.location().to_string();
    let before = count(&app, branch).await;

    // The same number again, and a picture that is not one: refused beside
    // their fields, what was typed kept, nothing stored.
    let res = s
        .multipart_with(
            &new,
            &bulletin("7", "重复期号"),
            "images",
            Some(("fake.png", b"<html>not a png")),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"number-error\""));
    assert!(res.body.contains("第7期已经用过"), "{}", res.body);
    assert!(res.body.contains("id=\"images-error\""));
    assert!(res.body.contains("重复期号"));
    let res = s
        .multipart_with(&new, &bulletin("0", "零期"), "images", None)
        .await;
    assert!(res.body.contains("id=\"number-error\""));
    assert_eq!(count(&app, branch).await, before);

    // Published, it prints under the masthead: the organisation, the issue, the issuer.
    s.post_form(&format!("{page}/steps"), &[("step", "submit")])
        .await;
    s.post_form(&format!("{page}/steps"), &[("step", "publish")])
        .await;
    let print = s.get(&format!("{page}/print")).await;
    assert_eq!(print.status, StatusCode::OK);
    let name = &app.demo.branch.name;
    assert!(print.body.contains(&format!("{name}简报")));
    assert!(print.body.contains("第7期"));
    assert!(
        print.body.contains(&format!("编发单位：{name}")),
        "the issuer defaults to the branch"
    );

    // The workbook: the number as a number, the times as dates.
    let xlsx = s
        .get(&format!("/organisations/{branch}/publications.xlsx"))
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let row = sheet
        .rows()
        .find(|r| r[2] == Data::String("第七期简报".into()))
        .expect("the bulletin's row");
    assert_eq!(row[1], Data::Float(7.0));
    assert!(matches!(row[6], Data::DateTime(_)), "{:?}", row[6]);
}

#[tokio::test]
async fn the_api_writes_steps_and_lists_publications() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let writer = app.api_token("member").await;
    let reviewer = app.api_token("secretary").await;
    let mut c = app.client();
    let res = c
        .api(
            "POST",
            &format!("/api/v1/organisations/{branch}/publications"),
            Some(&writer),
            Some(serde_json::json!({"kind": "news", "title": "", "body": "正文"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["errors"][0]["field"], "title");
    let res = c
        .api(
            "POST",
            &format!("/api/v1/organisations/{branch}/publications"),
            Some(&writer),
            Some(serde_json::json!({"kind": "news", "title": "接口新闻", "body": "*正文*", "submit": true})),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = res.json()["id"].as_i64().unwrap();
    let steps = format!("/api/v1/publications/{id}/steps");
    let publish = || Some(serde_json::json!({"step": "publish"}));
    let res = c.api("POST", &steps, Some(&writer), publish()).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = c.api("POST", &steps, Some(&reviewer), publish()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["status"], "published");
    assert_eq!(res.json()["body_html"], "<p><em>正文</em></p>\n");
    let res = c.api("POST", &steps, Some(&reviewer), publish()).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "published once");
    let list = c
        .api(
            "GET",
            &format!("/api/v1/organisations/{branch}/publications?kind=news"),
            None,
            None,
        )
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let items = list.json()["items"].as_array().unwrap().clone();
    assert!(items.iter().any(|p| p["id"] == id));
    assert!(
        items.iter().all(|p| p["status"] == "published"),
        "a visitor sees the published only"
    );
}
