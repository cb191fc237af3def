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
