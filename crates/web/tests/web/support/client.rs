//! A browser-like client over the in-process router, and API requests signed
//! with a personal access token.

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use std::collections::HashMap;
use tower::ServiceExt;

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
}

/// A browser-like client: keeps cookies, reads `_csrf` from the last page.
pub struct Client {
    router: Router,
    pub cookies: HashMap<String, String>,
}

impl Client {
    pub fn new(router: Router) -> Client {
        Client {
            router,
            cookies: HashMap::new(),
        }
    }

    /// Calls the API: signed with `token` when given, with a JSON body when given.
    pub async fn api(
        &mut self,
        method: &str,
        path: &str,
        token: Option<&str>,
        json: Option<serde_json::Value>,
    ) -> Reply {
        self.send(api_request(method, path, token, json)).await
    }
}

impl Client {
    pub async fn send(&mut self, req: Request<Body>) -> Reply {
        let mut req = req;
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            req.headers_mut()
                .insert(header::COOKIE, jar.join("; ").parse().unwrap());
        }
        let res = self.router.clone().oneshot(req).await.unwrap();
        for v in res.headers().get_all(header::SET_COOKIE) {
            let pair = v.to_str().unwrap().split(';').next().unwrap();
            let (k, val) = pair.split_once('=').unwrap();
            if val.is_empty() {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), val.to_string());
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        }
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// The CSRF token a page of this client carries.
    pub async fn csrf(&mut self) -> String {
        let page = self.get("/login").await;
        token_in(&page.body)
    }

    /// Posts a form; `_csrf` is added from a fresh page unless given.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let mut fields: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if !fields.iter().any(|(k, _)| k == "_csrf") {
            fields.insert(0, ("_csrf".into(), self.csrf().await));
        }
        let body = serde_urlencoded::to_string(&fields).unwrap();
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    pub async fn login(&mut self, username: &str, password: &str) -> Reply {
        self.post_form(
            "/login",
            &[
                ("username", username),
                ("password", password),
                ("next", "/"),
            ],
        )
        .await
    }

    /// Uploads a file as a browser's file input does.
    pub async fn upload(&mut self, path: &str, filename: &str, bytes: &[u8]) -> Reply {
        let csrf = self.csrf().await;
        let boundary = "XcxBoundary7";
        let mut body = Vec::new();
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n"
            )
            .bytes(),
        );
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        self.send(
            Request::post(path)
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }
}

impl Client {
    /// Posts a multipart form with text fields and an optional file `evidence`.
    pub async fn multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> Reply {
        self.multipart_with(path, fields, "evidence", file).await
    }

    /// Posts a multipart form whose optional file goes in the field `file_field`.
    pub async fn multipart_with(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file_field: &str,
        file: Option<(&str, &[u8])>,
    ) -> Reply {
        let csrf = self.csrf().await;
        let boundary = "XcxBoundary9";
        let mut body = Vec::new();
        let mut part = |name: &str, value: &[u8], filename: Option<&str>| {
            let disposition = match filename {
                Some(f) => format!("form-data; name=\"{name}\"; filename=\"{f}\""),
                None => format!("form-data; name=\"{name}\""),
            };
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n").bytes(),
            );
            body.extend_from_slice(value);
            body.extend(b"\r\n");
        };
        part("_csrf", csrf.as_bytes(), None);
        for (k, v) in fields {
            part(k, v.as_bytes(), None);
        }
        if let Some((name, bytes)) = file {
            part(file_field, bytes, Some(name));
        }
        body.extend(format!("--{boundary}--\r\n").bytes());
        self.send(
            Request::post(path)
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }
}

pub fn token_in(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("a page with a form") + marker.len();
    html[start..start + 64].to_string()
}

/// The `action` of the first form whose action starts with `prefix`.
pub fn form_action(html: &str, prefix: &str) -> String {
    let marker = format!("action=\"{prefix}");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no form to {prefix}"))
        + "action=\"".len();
    html[start..].split('"').next().unwrap().to_string()
}

/// An API request: signed with a personal access token when given, with a JSON
/// body when given.
pub fn api_request(
    method: &str,
    path: &str,
    token: Option<&str>,
    json: Option<serde_json::Value>,
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    match json {
        Some(v) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(v.to_string()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    }
}
