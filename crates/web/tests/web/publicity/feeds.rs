//! The portal's three Atom feeds, read by a real Atom parser over the demo's
//! campaign: news and bulletins, published results, honours; each announced
//! on the portal with `<link rel="alternate">`.

use crate::support::TestApp;
use axum::http::StatusCode;

#[tokio::test]
async fn every_feed_the_portal_announces_parses_as_atom_with_its_entries() {
    let app = TestApp::sqlite().await;
    let today = chuangxian_web::http::clock::today(chuangxian_web::CHINA_STANDARD_TIME);
    chuangxian_web::demo::campaign::campaign(
        &app.db.store,
        &app.demo,
        today,
        chuangxian_web::CHINA_STANDARD_TIME,
    )
    .await
    .unwrap();
    let (branch, root) = (app.demo.branch.id, app.demo.root.id);
    let mut visitor = app.client();
    // (organisation, feed, a title one of its entries has)
    let expected = [
        (
            branch,
            "news",
            "党员志愿服务队走进社区开展家庭教育讲座".to_string(),
        ),
        (
            root,
            "news",
            "第2期 · 各支部扎实开展“素质工程”读书活动".to_string(),
        ),
        (
            branch,
            "results",
            app.db
                .store
                .rounds_of(branch)
                .await
                .unwrap()
                .into_iter()
                .find(|r| r.publication.published)
                .unwrap()
                .title,
        ),
        (
            root,
            "honours",
            app.db.store.honour_roll(&app.demo.root.path).await.unwrap()[0]
                .title
                .clone(),
        ),
    ];
    for (org, feed, title) in expected {
        let portal = visitor.get(&format!("/p/{org}")).await.body;
        let path = format!("/p/{org}/{feed}.atom");
        assert!(
            portal.contains("type=\"application/atom+xml\"") && portal.contains(&path),
            "{path} announced"
        );
        let res = visitor.get(&path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        let parsed: atom_syndication::Feed = res
            .body
            .parse()
            .unwrap_or_else(|e| panic!("{path}: {e}\n{}", res.body));
        assert!(
            parsed
                .entries()
                .iter()
                .any(|e| e.title().as_str().contains(&title)),
            "{path} lacks {title}: {}",
            res.body
        );
        for e in parsed.entries() {
            assert!(e.links()[0].href().starts_with("http://"), "absolute links");
        }
    }
}
