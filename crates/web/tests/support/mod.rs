//! Test harness: the app over a fresh database with the demo loaded, a client that
//! keeps cookies and finds CSRF tokens the way a browser would, and real xlsx
//! rosters made the way offices make them.

#![allow(dead_code)]

pub mod evaluation;
pub mod webdriver;

use chuangxian_web as web;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use std::collections::HashMap;
use store::testing::TestDb;
use tower::ServiceExt;
use web::demo::Demo;
use web::{AppState, Config};

pub struct TestApp {
    pub router: Router,
    pub db: TestDb,
    pub demo: Demo,
}

impl TestApp {
    pub async fn sqlite() -> TestApp {
        TestApp::on(TestDb::sqlite().await.unwrap()).await
    }

    pub async fn postgres() -> TestApp {
        TestApp::on(
            TestDb::postgres()
                .await
                .expect("PostgreSQL must be running for these tests"),
        )
        .await
    }

    async fn on(db: TestDb) -> TestApp {
        let demo = web::demo::build(&db.store, web::http::clock::today(web::CHINA_STANDARD_TIME))
            .await
            .unwrap();
        let router = web::router(AppState::new(db.store.clone(), Config::default()));
        TestApp { router, db, demo }
    }

    pub fn client(&self) -> Client {
        Client {
            router: self.router.clone(),
            cookies: HashMap::new(),
        }
    }

    /// A personal access token of the demo account `username`.
    pub async fn api_token(&self, username: &str) -> String {
        let account = self
            .db
            .store
            .check_login(username, web::demo::DEMO_PASSWORD)
            .await
            .unwrap()
            .unwrap();
        self.db
            .store
            .create_access_token(account, username, "test")
            .await
            .unwrap()
    }

    /// The person behind the demo account `username`.
    pub async fn person_id(&self, username: &str) -> i64 {
        let account = self
            .db
            .store
            .check_login(username, web::demo::DEMO_PASSWORD)
            .await
            .unwrap()
            .unwrap();
        self.db.store.account(account).await.unwrap().person_id
    }

    /// A client signed in as `username` with the demo password.
    pub async fn signed_in(&self, username: &str) -> Client {
        let mut c = self.client();
        let res = c.login(username, web::demo::DEMO_PASSWORD).await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "{username} signs in: {}",
            res.body
        );
        c
    }
}

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

/// A roster as a secretary makes one in Excel: a merged title row, the header
/// below it with columns in their own order and one we do not know, dates as
/// Excel dates and as text, phone numbers stored as numbers, blank rows at the end.
pub fn hand_made_roster(rows: &[[&str; 5]]) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .merge_range(
            0,
            0,
            0,
            6,
            "市妇联机关支部党员花名册（2026年）",
            &Format::new(),
        )
        .unwrap();
    let headers = [
        "序号",
        "姓名",
        "性别",
        "入党时间",
        "联系电话",
        "所在党小组",
        "身份证号",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (i, [name, gender, joined, phone, group]) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        sheet.write_string(r, 2, *gender).unwrap();
        // Every other date is a real Excel date; the rest are typed as text.
        match domain::date::Day::parse_iso(joined) {
            Some(d) if i % 2 == 0 => {
                let dt = ExcelDateTime::from_ymd(d.year() as u16, u8::from(d.0.month()), d.0.day())
                    .unwrap();
                sheet.write_datetime_with_format(r, 3, &dt, &date).unwrap();
            }
            _ => {
                sheet.write_string(r, 3, *joined).unwrap();
            }
        }
        match phone.parse::<f64>() {
            Ok(n) => sheet.write_number(r, 4, n).unwrap(),
            Err(_) => sheet.write_string(r, 4, *phone).unwrap(),
        };
        sheet.write_string(r, 5, *group).unwrap();
        sheet.write_string(r, 6, "35050019800101xxxx").unwrap();
    }
    // Blank rows at the end, as a sheet that once held more has them.
    let end = rows.len() as u32 + 2;
    for r in end..end + 3 {
        sheet.write_blank(r, 1, &Format::new().set_bold()).unwrap();
        sheet.write_string(r, 2, "  ").unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// A request signed with a personal access token, with a JSON body when given.
pub fn bearer(
    method: &str,
    path: &str,
    token: &str,
    json: Option<serde_json::Value>,
) -> Request<Body> {
    let builder = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    match json {
        Some(v) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(v.to_string()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    }
}

/// The leader's unpublished review of `person` in `branch`, with the problem
/// "心得偏少"; its path.
pub async fn review_member(leader: &mut Client, branch: i64, person: i64) -> String {
    let res = leader
        .post_form(
            &format!("/organisations/{branch}/reviews/new"),
            &[
                ("target", &person.to_string()),
                ("affirmed", "带头学习"),
                ("problems", "心得偏少"),
                ("direction", "多交流"),
                ("criteria", "study"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.location().to_string()
}
