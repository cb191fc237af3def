//! A small W3C WebDriver client over Debian's `chromedriver` and `chromium`,
//! headless, with a fresh profile. Enough to sign in, click, type, read text, pick
//! a file and take a screenshot. A missing browser or driver fails the test.

use serde_json::{Value, json};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    profile: std::path::PathBuf,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// Starts chromedriver and a headless chromium of `width`×`height`.
    pub fn start(width: u32, height: u32) -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver must be installed (apt-get install chromium-driver)");
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = std::env::temp_dir().join(format!("cx-chromium-{port}"));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    format!("--user-data-dir={}", profile.display()),
                    format!("--window-size={width},{height}"),
                ]
            }
        }}});
        let reply: Value = ureq::post(&format!("{base}/session"))
            .send_json(&caps)
            .expect("chromium must start")
            .body_mut()
            .read_json()
            .unwrap();
        let session = reply["value"]["sessionId"].as_str().unwrap().to_string();
        Browser {
            driver,
            base,
            session,
            profile,
        }
    }

    fn post(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let mut res = ureq::post(&url)
            .config()
            .http_status_as_error(false)
            .build()
            .send_json(&body)
            .unwrap();
        let v: Value = res.body_mut().read_json().unwrap();
        assert!(v["value"].get("error").is_none(), "{path}: {v}");
        v["value"].clone()
    }

    fn get(&self, path: &str) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let v: Value = ureq::get(&url)
            .call()
            .unwrap()
            .body_mut()
            .read_json()
            .unwrap();
        v["value"].clone()
    }

    pub fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url }));
    }

    pub fn url(&self) -> String {
        self.get("/url").as_str().unwrap_or_default().to_string()
    }

    /// The element at `css`, waiting up to five seconds for it.
    pub fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let url = format!("{}/session/{}/element", self.base, self.session);
            let mut res = ureq::post(&url)
                .config()
                .http_status_as_error(false)
                .build()
                .send_json(json!({ "using": "css selector", "value": css }))
                .unwrap();
            let v: Value = res.body_mut().read_json().unwrap();
            if let Some(id) = v["value"][ELEMENT].as_str() {
                return id.to_string();
            }
            assert!(
                Instant::now() < deadline,
                "no element {css} on {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs `action` on the element at `css`. A page that is still replacing
    /// itself (a form just submitted) can swap the element out between finding
    /// and acting: then the element is found again, for up to five seconds.
    fn on_element(&self, css: &str, action: impl Fn(&str) -> (u16, Value)) -> Value {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let id = self.find(css);
            let (status, v) = action(&id);
            let stale = v["value"]["error"]
                .as_str()
                .is_some_and(|e| e == "stale element reference" || e == "no such element");
            if !stale || Instant::now() >= deadline {
                assert!(v["value"].get("error").is_none(), "{css}: {status} {v}");
                return v["value"].clone();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent();
        let mut res = match (method, body) {
            ("POST", Some(b)) => agent.post(&url).send_json(&b).unwrap(),
            _ => agent.get(&url).call().unwrap(),
        };
        let status = res.status().as_u16();
        (status, res.body_mut().read_json().unwrap_or(Value::Null))
    }

    /// Clicks the element at `css`; when the click leaves the page (a link, a
    /// form), waits until the next page has loaded.
    pub fn click(&self, css: &str) {
        self.post(
            "/execute/sync",
            json!({
                "script": "window.__cxBefore = true; window.__cxLeaving = false; \
                    window.addEventListener('beforeunload', () => { window.__cxLeaving = true; });",
                "args": []
            }),
        );
        self.on_element(css, |id| {
            self.call("POST", &format!("/element/{id}/click"), Some(json!({})))
        });
        self.settle();
    }

    /// Waits for a navigation the last action started, if any, to finish: the
    /// old document is gone and the new one complete. A click that stays on the
    /// page (no `beforeunload`) is done once the page has been quiet for a moment.
    fn settle(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let quiet = Instant::now() + Duration::from_millis(400);
        loop {
            let (_, v) = self.call(
                "POST",
                "/execute/sync",
                Some(json!({
                    "script": "return [window.__cxBefore === true, document.readyState, window.__cxLeaving === true];",
                    "args": []
                })),
            );
            let old = v["value"][0].as_bool().unwrap_or(false);
            let ready = v["value"][1].as_str() == Some("complete");
            let leaving = v["value"][2].as_bool().unwrap_or(false);
            let stayed = old && !leaving && Instant::now() >= quiet;
            if (!old && ready) || stayed || Instant::now() >= deadline {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types into a field (for a file input: the file's path).
    pub fn type_into(&self, css: &str, text: &str) {
        self.on_element(css, |id| {
            self.call(
                "POST",
                &format!("/element/{id}/value"),
                Some(json!({ "text": text })),
            )
        });
    }

    /// Sets a field's value as a script would (for date inputs, whose typing
    /// depends on the browser's locale).
    pub fn set_value(&self, css: &str, value: &str) {
        self.on_element(css, |id| {
            self.call(
                "POST",
                "/execute/sync",
                Some(json!({
                    "script": "arguments[0].value = arguments[1];",
                    "args": [{ ELEMENT: id }, value],
                })),
            )
        });
    }

    pub fn text(&self, css: &str) -> String {
        self.on_element(css, |id| {
            self.call("GET", &format!("/element/{id}/text"), None)
        })
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Runs a script in the page and returns what it returns.
    pub fn script(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": [] }))
    }

    /// Prints the page on A4 and saves `target/screenshots/NAME.pdf`; returns the
    /// PDF's bytes.
    pub fn print_a4(&self, name: &str) -> Vec<u8> {
        let b64 = self.post(
            "/print",
            json!({ "page": { "width": 21.0, "height": 29.7 }, "background": false, "shrinkToFit": true }),
        );
        let bytes = decode_base64(b64.as_str().unwrap_or_default());
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.pdf")), &bytes).unwrap();
        bytes
    }

    /// Saves a PNG of the page to `target/screenshots/NAME.png`.
    pub fn screenshot(&self, name: &str) {
        let b64 = self.get("/screenshot");
        let bytes = decode_base64(b64.as_str().unwrap_or_default());
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), bytes).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn decode_base64(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = s
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, c)| {
            acc | (u32::from(value(*c)) << (18 - 6 * i))
        });
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    out
}
