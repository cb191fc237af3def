//! The board as it goes over the wire: brotli or gzip made once when it was
//! rendered, through the compression layer untouched, an ETag that answers
//! 304 until the board changes.

use crate::support::TestApp;
use crate::support::commitment::approved_commitment;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use std::io::Read;

#[tokio::test]
async fn the_board_goes_compressed_as_asked_and_304_until_it_changes() {
    let app = TestApp::sqlite().await;
    let path = format!("/board/{}", app.demo.branch.id);
    let mut c = app.client();
    let ask = |coding: &str, tag: Option<&str>| {
        let mut r = Request::get(&path).header(header::ACCEPT_ENCODING, coding);
        if let Some(tag) = tag {
            r = r.header(header::IF_NONE_MATCH, tag);
        }
        r.body(Body::empty()).unwrap()
    };
    let plain = c.send(ask("identity", None)).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
    assert!(plain.body.contains("公开栏"));

    let gz = c.send(ask("gzip", None)).await;
    assert_eq!(gz.headers[header::CONTENT_ENCODING], "gzip");
    assert_eq!(gz.headers[header::VARY], "Accept-Encoding");
    let mut html = Vec::new();
    flate2::read::GzDecoder::new(&gz.bytes[..])
        .read_to_end(&mut html)
        .unwrap();
    assert_eq!(html, plain.bytes, "once compressed, the same page");
    assert!(gz.bytes.len() < plain.bytes.len());

    let br = c.send(ask("gzip, deflate, br", None)).await;
    assert_eq!(br.headers[header::CONTENT_ENCODING], "br");
    let mut html = Vec::new();
    brotli::BrotliDecompress(&mut &br.bytes[..], &mut html).unwrap();
    assert_eq!(html, plain.bytes);

    let tag = plain.headers[header::ETAG].to_str().unwrap().to_string();
    assert_eq!(gz.headers[header::ETAG].to_str().unwrap(), tag);
    let again = c.send(ask("gzip", Some(&tag))).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());

    // A commitment approved changes the board: the old tag gets the new page.
    let mut member = app.signed_in("member").await;
    approved_commitment(&app, &mut member).await;
    let changed = c.send(ask("gzip", Some(&tag))).await;
    assert_eq!(
        changed.status,
        StatusCode::OK,
        "the board changed: sent again"
    );
    assert_ne!(changed.headers[header::ETAG].to_str().unwrap(), tag);
}

/// A fresh copy goes to a visitor before the other layers: with the same
/// security headers, in the visitor's language, and no cookie it has no use
/// for; a signed-in person's request takes the usual way to the same board.
#[tokio::test]
async fn a_fresh_board_goes_the_short_way_with_the_same_headers() {
    let app = TestApp::sqlite().await;
    let path = format!("/board/{}", app.demo.branch.id);
    let mut first = app.client();
    let rendered = first.get(&path).await;
    let mut visitor = app.client();
    let copy = visitor.get(&path).await;
    assert_eq!(copy.status, StatusCode::OK);
    assert_eq!(copy.bytes, rendered.bytes, "the kept copy");
    for name in [
        header::CONTENT_SECURITY_POLICY,
        header::X_CONTENT_TYPE_OPTIONS,
        header::X_FRAME_OPTIONS,
        header::REFERRER_POLICY,
        header::ETAG,
    ] {
        assert!(copy.headers.contains_key(&name), "{name} on the copy");
    }
    assert!(
        !copy.headers.contains_key(header::SET_COOKIE),
        "no form token for a page without a form that needs one"
    );
    let english = app
        .client()
        .send(
            Request::get(&path)
                .header(header::COOKIE, "cx_lang=en")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(
        english.body.contains("lang=\"en\""),
        "in the visitor's language"
    );
    let mut member = app.signed_in("member").await;
    let signed_in = member.get(&path).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    assert_eq!(signed_in.bytes, rendered.bytes, "the same board signed in");
}
