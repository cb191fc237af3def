//! E-mail and SMS through real servers on loopback: a small SMTP sink that
//! speaks enough SMTP for lettre, and an HTTP gateway. A message reaches them
//! with its UTF-8 subject encoded and the gateway's template filled; a server
//! that refuses, or answers 500, has the message tried again and then
//! dead-lettered, where the office sees it and sends it again.

use crate::support::TestApp;
use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use chuangxian_web::inbox::channels::send_due;
use chuangxian_web::{AppState, ChannelConfig, Config, SmsConfig, SmtpConfig};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

type Inbox = Arc<Mutex<Vec<String>>>;

/// An SMTP server on a free loopback port keeping each message's DATA; with
/// `refuse`, it refuses every sender. Its URL and what it received.
pub(super) async fn smtp_sink(refuse: bool) -> (String, Inbox) {
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

/// An SMS gateway on a free loopback port answering `status`; its URL and the
/// (Authorization header, body) of each request.
pub(super) async fn gateway(status: Arc<AtomicU16>) -> (String, Arc<Mutex<Vec<(String, String)>>>) {
    let got: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let kept = got.clone();
    let app = axum::Router::new().route(
        "/send",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let (kept, status) = (kept.clone(), status.clone());
            async move {
                let auth = headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                kept.lock().unwrap().push((auth, body));
                StatusCode::from_u16(status.load(Ordering::SeqCst)).unwrap()
            }
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, got)
}

pub(super) fn config(smtp: &str, sms: &str) -> Config {
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
        },
        ..Config::default()
    }
}

async fn queue(app: &TestApp) {
    let mut tx = app.db.store.begin().await.unwrap();
    store::inbox::queue_outgoing(
        &mut tx,
        "email",
        "zhang@example.org",
        "创先争优：请于周五前提交承诺",
        "张敏同志：\n请登录系统提交公开承诺。",
    )
    .await
    .unwrap();
    store::inbox::queue_outgoing(
        &mut tx,
        "sms",
        "13800000000",
        "",
        "【创先争优】您的\"评议码\"将于周五失效。",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// A header's value, its folded lines joined.
pub(super) fn header(message: &str, name: &str) -> String {
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
pub(super) fn decode_words(value: &str) -> String {
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

async fn mail_and_sms_reach_their_servers_in_utf8(app: TestApp) {
    let (smtp, mails) = smtp_sink(false).await;
    let (sms, texts) = gateway(Arc::new(AtomicU16::new(200))).await;
    let state = AppState::new(app.db.store.clone(), config(&smtp, &sms));
    queue(&app).await;
    assert_eq!(send_due(&state).await.unwrap(), 2);

    let mails = mails.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    let subject = header(mail, "Subject");
    assert!(
        subject.is_ascii(),
        "the subject is RFC 2047 encoded: {subject}"
    );
    assert_eq!(decode_words(&subject), "创先争优：请于周五前提交承诺");
    assert!(header(mail, "Content-Type").contains("charset=utf-8"));
    let body = mail.split("\n\n").nth(1).unwrap();
    let text = match header(mail, "Content-Transfer-Encoding").as_str() {
        "base64" => String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(body.split_whitespace().collect::<String>())
                .unwrap(),
        )
        .unwrap(),
        _ => body.to_string(),
    };
    assert!(text.contains("请登录系统提交公开承诺"), "{text}");
    assert!(header(mail, "To").contains("zhang@example.org"));

    let texts = texts.lock().unwrap().clone();
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0].0, "Bearer t0ken");
    let sent: serde_json::Value = serde_json::from_str(&texts[0].1).unwrap();
    assert_eq!(sent["mobile"], "13800000000");
    assert_eq!(sent["content"], "【创先争优】您的\"评议码\"将于周五失效。");
    assert_eq!(
        app.db.store.outbox_counts("email").await.unwrap(),
        (0, 1, 0)
    );
    assert_eq!(app.db.store.outbox_counts("sms").await.unwrap(), (0, 1, 0));
    assert_eq!(send_due(&state).await.unwrap(), 0, "nothing is sent twice");
}

#[tokio::test]
async fn mail_and_sms_reach_their_servers_in_utf8_on_sqlite() {
    mail_and_sms_reach_their_servers_in_utf8(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn mail_and_sms_reach_their_servers_in_utf8_on_postgres() {
    mail_and_sms_reach_their_servers_in_utf8(TestApp::postgres().await).await;
}

#[tokio::test]
async fn a_refusing_server_has_the_message_retried_then_dead_lettered_and_sent_again() {
    let app = TestApp::sqlite().await;
    let (smtp, mails) = smtp_sink(true).await;
    let status = Arc::new(AtomicU16::new(500));
    let (sms, texts) = gateway(status.clone()).await;
    let state = AppState::new(app.db.store.clone(), config(&smtp, &sms));
    queue(&app).await;
    send_due(&state).await.unwrap();
    assert!(mails.lock().unwrap().is_empty());
    assert_eq!(texts.lock().unwrap().len(), 3, "three tries");
    assert_eq!(
        app.db.store.outbox_counts("email").await.unwrap(),
        (0, 0, 1)
    );
    assert_eq!(app.db.store.outbox_counts("sms").await.unwrap(), (0, 0, 1));
    let dead = app.db.store.outbox(Some("dead"), 10).await.unwrap();
    let sms_dead = dead.iter().find(|m| m.channel == "sms").unwrap();
    assert_eq!(sms_dead.attempts, 3);
    assert!(sms_dead.last_error.as_deref().unwrap().contains("500"));
    assert!(
        dead.iter()
            .any(|m| m.last_error.as_deref().unwrap_or("").contains("554"))
    );

    // The office sees it dead, with why, and sends it again once the gateway is back.
    let mut office = app.signed_in("office").await;
    let page = office.get("/admin/outbox?status=dead").await.body;
    assert!(page.contains("已失败") && page.contains("500"), "{page}");
    let res = office
        .post_form(&format!("/admin/outbox/{}/resend", sms_dead.id), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = office
        .post_form(&format!("/admin/outbox/{}/resend", sms_dead.id), &[])
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "only a dead message");
    status.store(200, Ordering::SeqCst);
    send_due(&state).await.unwrap();
    assert_eq!(app.db.store.outbox_counts("sms").await.unwrap(), (0, 1, 0));
    let mut member = app.signed_in("member").await;
    assert_eq!(
        member.get("/admin/outbox").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn notices_go_on_by_the_channels_each_person_chose_outside_their_quiet_hours() {
    let app = TestApp::sqlite().await;
    let (smtp, mails) = smtp_sink(false).await;
    let (sms, texts) = gateway(Arc::new(AtomicU16::new(200))).await;
    let mut config = config(&smtp, &sms);
    config.channels.site_url = Some("https://cxzy.example.org".into());
    let state = AppState::new(app.db.store.clone(), config);

    // The secretary takes e-mail; the member SMS, but is in quiet hours now.
    let mut secretary = app.signed_in("secretary").await;
    let res = secretary
        .post_form(
            "/account/notifications",
            &[("email", "1"), ("quiet_from", "22:00"), ("quiet_to", "")],
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "half a window"
    );
    assert!(res.body.contains("id=\"quiet-error\""));
    let res = secretary
        .post_form("/account/notifications", &[("email", "1")])
        .await;
    assert!(res.body.contains("id=\"notifications-saved\""));
    secretary
        .post_form("/lang", &[("lang", "en"), ("back", "/")])
        .await;
    let now = time::OffsetDateTime::now_utc().to_offset(chuangxian_web::CHINA_STANDARD_TIME);
    let hm = |t: time::OffsetDateTime| format!("{:02}:{:02}", t.hour(), t.minute());
    let mut member = app.signed_in("member").await;
    let (from, to) = (
        hm(now - time::Duration::hours(1)),
        hm(now + time::Duration::hours(1)),
    );
    let res = member
        .post_form(
            "/account/notifications",
            &[("sms", "1"), ("quiet_from", &from), ("quiet_to", &to)],
        )
        .await;
    assert!(
        res.body.contains("id=\"notifications-saved\""),
        "{}",
        res.body
    );

    // A notice to each: the secretary's goes now, worded, with its link; the
    // member's waits for the end of the quiet hours.
    let branch = app.demo.branch.id;
    let phase = app.demo.plan.phases[0].clone();
    for owner in ["secretary", "member"] {
        let item = store::publicity::NewPublicityItem {
            org_id: branch,
            phase_key: phase.key.clone(),
            occasion: String::new(),
            title: format!("{owner}的宣传事项"),
            channel_key: "website".into(),
            owner_person_id: app.person_id(owner).await,
            due_on: phase.ends_on,
        };
        app.db
            .store
            .add_publicity_item("office", &item)
            .await
            .unwrap();
    }
    send_due(&state).await.unwrap();
    let mails = mails.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    assert_eq!(header(&mails[0], "To"), "secretary@qzfl.example.org");
    let subject = decode_words(&header(&mails[0], "Subject"));
    assert!(
        subject.starts_with("Publicity item") && subject.contains("secretary的宣传事项"),
        "in the language the secretary chose: {subject}"
    );
    assert!(texts.lock().unwrap().is_empty(), "quiet hours hold the SMS");
    let waiting = app.db.store.outbox(Some("pending"), 10).await.unwrap();
    let held = waiting
        .iter()
        .find(|m| m.channel == "sms")
        .expect("the SMS waits");
    assert_eq!(held.attempts, 0, "waiting is not a try");
    assert!(held.next_at.is_some());
}
