//! A page kept rendered and sent as it is: its bytes, compressed once with
//! gzip and brotli when it is rendered, and an ETag. Each request gets the
//! variant its `Accept-Encoding` takes (brotli, else gzip, else the bytes),
//! or a 304 when its `If-None-Match` names the page as it stands; the
//! compression layer leaves an encoded answer alone.

use axum::body::{Body, Bytes};
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use std::hash::{Hash, Hasher};
use std::io::Write;

/// A rendered page and what it is sent as.
#[derive(Clone)]
pub struct Rendered {
    pub html: Bytes,
    pub gzip: Option<Bytes>,
    pub br: Option<Bytes>,
    pub etag: String,
}

impl Rendered {
    /// Kept as it is: a page a visitor's token is put into as it is sent.
    pub fn plain(html: Bytes) -> Rendered {
        Rendered {
            etag: etag(&html),
            html,
            gzip: None,
            br: None,
        }
    }

    /// Kept with its gzip and brotli variants, for a page sent as it is.
    pub fn compressed(html: Bytes) -> Rendered {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let gzip = gz.write_all(&html).and_then(|_| gz.finish()).ok();
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 9,
            lgwin: 22,
            ..Default::default()
        };
        let br = brotli::BrotliCompress(&mut &html[..], &mut br, &params)
            .ok()
            .map(|_| Bytes::from(br));
        Rendered {
            etag: etag(&html),
            gzip: gzip.map(Bytes::from),
            br,
            html,
        }
    }

    /// The answer to a request with `headers`: 304, or the variant it takes.
    pub fn response(&self, headers: &HeaderMap) -> Response {
        let mut res = Response::new(Body::empty());
        let h = res.headers_mut();
        h.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        if let Ok(tag) = HeaderValue::from_str(&self.etag) {
            h.insert(ETAG, tag);
        }
        let matches = headers
            .get(IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(',')
                    .any(|t| t.trim() == self.etag || t.trim() == "*")
            });
        if matches {
            *res.status_mut() = StatusCode::NOT_MODIFIED;
            return res;
        }
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        let takes = |coding| accepts(headers, coding);
        let (body, coding) = match (&self.br, &self.gzip) {
            (Some(br), _) if takes("br") => (br.clone(), Some("br")),
            (_, Some(gz)) if takes("gzip") => (gz.clone(), Some("gzip")),
            _ => (self.html.clone(), None),
        };
        if let Some(coding) = coding {
            h.insert(CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        *res.body_mut() = Body::from(body);
        res
    }
}

/// Whether `Accept-Encoding` takes `coding` (named, not refused with `q=0`).
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut bits = part.split(';');
            let name = bits.next().unwrap_or("").trim();
            let refused = bits.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            name.eq_ignore_ascii_case(coding) && !refused
        })
}

/// A strong tag of the bytes.
fn etag(html: &[u8]) -> String {
    let mut h = std::hash::DefaultHasher::new();
    html.hash(&mut h);
    format!("\"{:016x}-{}\"", h.finish(), html.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn asking(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn each_client_gets_the_variant_it_takes_and_a_304_when_it_has_the_page() {
        let html = Bytes::from("<p>公开栏</p>".repeat(500));
        let page = Rendered::compressed(html.clone());
        let coding = |h: &HeaderMap| {
            page.response(h)
                .headers()
                .get(CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap().to_string())
        };
        assert_eq!(
            coding(&asking(&[("accept-encoding", "gzip, br")])).as_deref(),
            Some("br")
        );
        assert_eq!(
            coding(&asking(&[("accept-encoding", "gzip, br;q=0")])).as_deref(),
            Some("gzip")
        );
        assert_eq!(coding(&asking(&[("accept-encoding", "identity")])), None);
        assert_eq!(coding(&asking(&[])), None);
        let gz = page.gzip.clone().unwrap();
        assert!(gz.len() * 10 < html.len(), "{} of {}", gz.len(), html.len());
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, html);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &page.br.clone().unwrap()[..], &mut back).unwrap();
        assert_eq!(back, html);

        let res = page.response(&asking(&[("if-none-match", &page.etag)]));
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
        let other = Rendered::plain(Bytes::from("<p>changed</p>"));
        let res = other.response(&asking(&[("if-none-match", &page.etag)]));
        assert_eq!(res.status(), StatusCode::OK);
        assert_ne!(other.etag, page.etag);
    }
}
