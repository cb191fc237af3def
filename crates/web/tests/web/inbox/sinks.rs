//! The servers the channels talk to in the tests, on free loopback ports: a
//! small SMTP sink that speaks enough SMTP for lettre, and an HTTP SMS
//! gateway; with the test configuration that points at them.

use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use chuangxian_web::{ChannelConfig, Config, SmsConfig, SmtpConfig};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

type Inbox = Arc<Mutex<Vec<String>>>;

/// An SMTP server on a free loopback port keeping each message's DATA; with
/// `refuse`, it refuses every sender. Its URL and what it received.
pub(crate) async fn smtp_sink(refuse: bool) -> (String, Inbox) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let received: Inbox = Arc::default();
    let kept = received.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(body) = &mut data {
                        if line == "." {
                            kept.lock().unwrap().push(std::mem::take(body));
                            data = None;
                            write.write_all(b"250 2.0.0 queued\r\n").await.unwrap();
                        } else {
                            body.push_str(&line);
                            body.push('\n');
                        }
                        continue;
                    }
                    let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250-sink\r\n250 8BITMIME\r\n",
                        "MAIL" if refuse => b"554 5.7.1 sender refused\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 end with .\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        }
                        _ => b"250 OK\r\n",
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (url, received)
}

/// A request the SMS gateway took.
#[derive(Clone, Debug)]
pub(crate) struct Texted {
    pub auth: String,
    /// The message's `Idempotency-Key`.
    pub key: String,
    pub body: String,
}

pub(crate) type Texts = Arc<Mutex<Vec<Texted>>>;

/// An SMS gateway on a free loopback port answering `status`; its URL and
/// each request it took.
pub(crate) async fn gateway(status: Arc<AtomicU16>) -> (String, Texts) {
    slow_gateway(status, Duration::ZERO).await
}

/// A gateway that answers only after `delay`.
pub(crate) async fn slow_gateway(status: Arc<AtomicU16>, delay: Duration) -> (String, Texts) {
    let got: Texts = Arc::default();
    let kept = got.clone();
    let app = axum::Router::new().route(
        "/send",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let (kept, status) = (kept.clone(), status.clone());
            async move {
                let header = |name: &str| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string()
                };
                kept.lock().unwrap().push(Texted {
                    auth: header("authorization"),
                    key: header("idempotency-key"),
                    body,
                });
                tokio::time::sleep(delay).await;
                StatusCode::from_u16(status.load(Ordering::SeqCst)).unwrap()
            }
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, got)
}

pub(crate) fn config(smtp: &str, sms: &str) -> Config {
    Config {
        channels: ChannelConfig {
            smtp: Some(SmtpConfig {
                url: smtp.into(),
                from: "创先办 <office@example.org>".into(),
            }),
            sms: Some(SmsConfig {
                url: sms.into(),
                auth: Some("Bearer t0ken".into()),
                template: r#"{"mobile":"{to}","content":"{text}"}"#.into(),
                per_second: 50,
            }),
            tries: 3,
            backoff: std::time::Duration::ZERO,
            site_url: None,
            ..ChannelConfig::default()
        },
        ..Config::default()
    }
}

/// A header's value, its folded lines joined.
pub(crate) fn header(message: &str, name: &str) -> String {
    let mut lines = message
        .lines()
        .skip_while(|l| !l.starts_with(&format!("{name}: ")));
    let first = lines
        .next()
        .unwrap_or_else(|| panic!("no {name} in {message}"));
    let mut value = first[name.len() + 2..].to_string();
    for more in lines.take_while(|l| l.starts_with([' ', '\t'])) {
        value.push(' ');
        value.push_str(more.trim());
    }
    value
}

/// An RFC 2047 header of UTF-8 base64 words among plain ones, decoded: the
/// space between two encoded words goes, the space beside a plain one stays.
pub(crate) fn decode_words(value: &str) -> String {
    let mut bytes = Vec::new();
    let mut last_encoded = None;
    for word in value.split_whitespace() {
        let encoded = word
            .strip_prefix("=?utf-8?b?")
            .and_then(|s| s.strip_suffix("?="));
        if last_encoded.is_some() && !(last_encoded == Some(true) && encoded.is_some()) {
            bytes.push(b' ');
        }
        match encoded {
            Some(e) => bytes.extend(base64::engine::general_purpose::STANDARD.decode(e).unwrap()),
            None => bytes.extend(word.as_bytes()),
        }
        last_encoded = Some(encoded.is_some());
    }
    String::from_utf8(bytes).unwrap()
}
