//! Exemplary cases through the router: written with photos, refused field by
//! field, public only once the office has published them.

use crate::support::TestApp;
use axum::http::StatusCode;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n a photo";

#[tokio::test]
async fn an_exemplary_case_is_reviewed_before_it_is_public() {
    let app = TestApp::sqlite().await;
    let branch = app.demo.branch.id;
    let member = app.person_id("member").await;
    let mut s = app.signed_in("secretary").await;
    let path = format!("/organisations/{branch}/cases");
    let res = s
        .multipart_with(
            &path,
            &[
                ("person", ""),
                ("subject", ""),
                ("title", ""),
                ("story", ""),
            ],
            "photos",
            Some(("a.pdf", b"%PDF-1.4")),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for f in ["subject", "title", "story", "photos"] {
        assert!(res.body.contains(&format!("id=\"{f}-error\"")), "{f}");
    }
    let res = s
        .multipart_with(
            &path,
            &[
                ("person", &member.to_string()),
                ("title", "把读书会办到家门口"),
                ("story", "她每月带书进社区。"),
            ],
            "photos",
            Some(("p.png", PNG)),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let case = res.location().to_string();
    let mut visitor = app.client();
    assert_ne!(
        visitor.get(&case).await.status,
        StatusCode::OK,
        "not before review"
    );
    let mut office = app.signed_in("office").await;
    assert!(office.get("/inbox").await.body.contains(&case));
    let res = office
        .post_form(
            &format!("{case}/review"),
            &[("decision", "return"), ("reason", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    office
        .post_form(&format!("{case}/review"), &[("decision", "publish")])
        .await;
    let public = visitor.get(&case).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("她每月带书进社区"));
    let root = app.demo.root.id;
    assert!(
        visitor
            .get(&format!("/p/{root}/cases"))
            .await
            .body
            .contains(&case)
    );
}
