//! E-mail and SMS through real servers on loopback: a small SMTP sink that
//! speaks enough SMTP for lettre, and an HTTP gateway. A message reaches them
//! with its UTF-8 subject encoded and the gateway's template filled; a server
//! that refuses, or answers 500, has the message tried again and then
//! dead-lettered, where the office sees it and sends it again.

use super::sinks::{config, decode_words, gateway, header, slow_gateway, smtp_sink};
use crate::support::TestApp;
use axum::http::StatusCode;
use base64::Engine;
use chuangxian_web::AppState;
use chuangxian_web::inbox::channels::send_due;
use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::Duration;

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
    let email_id = app.db.store.outbox(None, 10).await.unwrap();
    let email_id = email_id.iter().find(|m| m.channel == "email").unwrap().id;
    assert_eq!(
        header(mail, "Message-ID"),
        format!("<chuangxian-{email_id}@example.org>"),
        "the outbox row names the mail, the same on every try"
    );

    let texts = texts.lock().unwrap().clone();
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0].auth, "Bearer t0ken");
    assert!(texts[0].key.starts_with("chuangxian-"), "{:?}", texts[0]);
    let sent: serde_json::Value = serde_json::from_str(&texts[0].body).unwrap();
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
    let tries = texts.lock().unwrap().clone();
    assert_eq!(tries.len(), 3, "three tries");
    assert!(
        tries.iter().all(|t| t.key == tries[0].key),
        "every try of a message carries its one key, for the gateway to drop copies"
    );
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

#[tokio::test]
async fn a_gateway_that_answers_too_slowly_fails_each_try_and_leaves_the_message_dead() {
    let app = TestApp::sqlite().await;
    let (sms, texts) = slow_gateway(Arc::new(AtomicU16::new(200)), Duration::from_secs(3)).await;
    let mut config = config("smtp://127.0.0.1:9", &sms);
    config.channels.smtp = None;
    config.channels.timeout = Duration::from_millis(300);
    let state = AppState::new(app.db.store.clone(), config);
    queue(&app).await;
    let started = std::time::Instant::now();
    send_due(&state).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "no try waits for the slow answer: {:?}",
        started.elapsed()
    );
    assert_eq!(texts.lock().unwrap().len(), 3, "three tries");
    assert_eq!(app.db.store.outbox_counts("sms").await.unwrap(), (0, 0, 1));
    let dead = app.db.store.outbox(Some("dead"), 10).await.unwrap();
    let error = dead[0].last_error.clone().unwrap();
    assert!(error.contains("gateway"), "{error}");
    let mut office = app.signed_in("office").await;
    let page = office.get("/admin/outbox?status=dead").await.body;
    assert!(page.contains("已失败") && page.contains(&error), "{page}");
}

#[tokio::test]
async fn the_office_reads_the_outbox_worded_in_a_workbook_and_through_the_api() {
    let app = TestApp::sqlite().await;
    queue(&app).await;
    // A notice sent on by SMS: its subject is worded, not its message id.
    let member = app.person_id("member").await;
    app.db
        .store
        .set_channel_preference(
            member,
            &store::inbox::ChannelPreference {
                sms: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let mut tx = app.db.store.begin().await.unwrap();
    store::inbox::tell(
        &mut tx,
        &[member],
        "notice-study-behind",
        &[("quotas", "每天读书一小时".to_string())],
        "/study",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let mut office = app.signed_in("office").await;
    let page = office.get("/admin/outbox").await.body;
    assert!(page.contains("学习提醒：你在以下学习指标上落后：每天读书一小时"));
    assert!(!page.contains(">notice-study-behind<"));
    assert!(page.contains("href=\"/admin/outbox.xlsx?status=\""));

    let book = office.get("/admin/outbox.xlsx?status=pending").await;
    assert_eq!(book.status, StatusCode::OK);
    let mut xlsx: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(book.bytes)).unwrap();
    use calamine::Reader;
    let sheet = xlsx.worksheet_range("待发消息").unwrap();
    assert_eq!(sheet.height(), 4, "a header and three messages");
    assert!(matches!(sheet.get((1, 0)), Some(calamine::Data::Float(_))));
    assert!(matches!(
        sheet.get((1, 6)),
        Some(calamine::Data::DateTime(_))
    ));

    let token = app.api_token("office").await;
    let list = office
        .api("GET", "/api/v1/outbox?status=pending", Some(&token), None)
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let list = list.json();
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert!(list.to_string().contains("学习提醒"));
    let id = list[0]["id"].as_i64().unwrap();
    let res = office
        .api(
            "POST",
            &format!("/api/v1/outbox/{id}/resend"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "only a dead one");
    let member_token = app.api_token("member").await;
    let res = office
        .api("GET", "/api/v1/outbox", Some(&member_token), None)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_silent_mail_server_times_out_each_try_and_leaves_the_mail_dead() {
    let app = TestApp::sqlite().await;
    // Takes the connection and never says a word.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let smtp = format!("smtp://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let mut config = config(&smtp, "http://127.0.0.1:9/send");
    config.channels.sms = None;
    config.channels.timeout = Duration::from_millis(300);
    let state = AppState::new(app.db.store.clone(), config);
    queue(&app).await;
    let started = std::time::Instant::now();
    send_due(&state).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        app.db.store.outbox_counts("email").await.unwrap(),
        (0, 0, 1)
    );
    let dead = app.db.store.outbox(Some("dead"), 10).await.unwrap();
    assert_eq!(dead[0].attempts, 3);
    assert!(dead[0].last_error.is_some());
}
