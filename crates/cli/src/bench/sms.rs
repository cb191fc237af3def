//! `chuangxian bench sms`: a province-wide reminder, 50,000 SMS queued by the
//! group message an office sends, drained by a real `chuangxian serve` through
//! a gateway on loopback at the configured rate, with a `kill -9` of the
//! server half-way and a fresh one started in its place.
//!
//! The gateway counts what it took by each message's `Idempotency-Key`, as a
//! gateway that drops copies does. The goal: every queued message taken, every
//! row marked sent, and no message offered more than once except the one in
//! flight at the kill (sent, but not yet marked); and the rate held.

use super::against_nginx::free_port;
use super::report::Figure;
use crate::generate::{Shape, tree_with_members};
use anyhow::{Context, bail};
use axum::http::HeaderMap;
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::Store;
use store::inbox::Audience;

#[derive(clap::Args)]
pub struct SmsBench {
    /// Messages queued (people, each with a number).
    #[arg(long, default_value_t = 50_000)]
    messages: usize,
    /// The gateway's rate, messages a second, as `--sms-rate` sets it.
    #[arg(long, default_value_t = 500)]
    rate: u32,
}

/// What the gateway took: requests by key, and when it took the first and last.
#[derive(Default)]
struct Taken {
    by_key: HashMap<String, u32>,
    requests: u64,
    first: Option<Instant>,
    last: Option<Instant>,
}

type Gateway = Arc<Mutex<Taken>>;

pub async fn sms(b: SmsBench) -> anyhow::Result<Vec<Figure>> {
    let dir = std::env::temp_dir().join(format!("cx-bench-sms-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = format!("sqlite://{}", dir.join("bench.sqlite").display());
    let store = Store::open(&db).await?;

    let branches = b.messages.div_ceil(100);
    let shape = Shape {
        cities: 1,
        counties: 10,
        branches,
        per_branch: 100,
    };
    let today = web::http::clock::today(web::CHINA_STANDARD_TIME);
    let (tree, _) = tree_with_members(&store, &db, shape, today, 20_110_701).await?;
    let root = tree.root;
    store.bench_phones().await?;
    let started = Instant::now();
    let (queued, _) = store
        .queue_to_group(
            "bench",
            Audience::Within(&root.path),
            "sms",
            "",
            "【创先争优】群众评议将于本周五结束，请尚未参加的同志及时登录参评。",
        )
        .await?;
    let queueing = started.elapsed();
    println!(
        "sms: {queued} messages queued to {} people of {branches} branches in {:.2} s",
        b.messages.div_ceil(100) * 100,
        queueing.as_secs_f64()
    );

    let (gateway_url, taken) = gateway().await?;
    let server = |port: u16| -> anyhow::Result<Child> {
        Command::new(std::env::current_exe()?)
            .args(["serve", "--db", &db, "--addr"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["--sms-gateway", &gateway_url, "--sms-rate"])
            .arg(b.rate.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting chuangxian serve")
    };
    let distinct = |t: &Gateway| t.lock().map(|t| t.by_key.len()).unwrap_or(0);

    // The first server, killed once half the messages are taken.
    let began = Instant::now();
    let mut first = server(free_port()?)?;
    // Half, and some: a kill between two batches would miss a claim held.
    let half = queued as usize / 2 + 37;
    while distinct(&taken) < half {
        if began.elapsed() > Duration::from_secs(600) || first.try_wait()?.is_some() {
            let _ = first.kill();
            bail!("the server stopped sending before half the messages went");
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.kill()?; // SIGKILL: no shutdown, no chance to mark what is in flight
    first.wait()?;
    let (before_kill, rate_before) = {
        let t = lock(&taken)?;
        let span = t.last.zip(t.first).map(|(l, f)| l - f).unwrap_or_default();
        (t.by_key.len(), t.by_key.len() as f64 / span.as_secs_f64())
    };
    println!(
        "killed (SIGKILL) after {before_kill} taken, at {rate_before:.0}/s (configured {}/s)",
        b.rate
    );

    // A fresh server takes over: what the dead one held waits out its claim.
    let restarted = Instant::now();
    let mut second = server(free_port()?)?;
    let deadline =
        Duration::from_secs(120) + Duration::from_secs(queued as u64 / u64::from(b.rate) * 3);
    loop {
        let (pending, _, _) = store.outbox_counts("sms").await?;
        if pending == 0 {
            break;
        }
        if restarted.elapsed() > deadline || second.try_wait()?.is_some() {
            let _ = second.kill();
            bail!(
                "{pending} messages still pending after {:?}",
                restarted.elapsed()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let drained = began.elapsed();
    second.kill()?;
    second.wait()?;

    let (pending, sent, dead) = store.outbox_counts("sms").await?;
    let t = lock(&taken)?;
    let offered_again: Vec<_> = t.by_key.iter().filter(|(_, n)| **n > 1).collect();
    let after = (t.last.unwrap_or(restarted) - restarted).as_secs_f64();
    // How long the dead server's claim is held (as the channels compute it).
    let hold = 100.0 / f64::from(b.rate) + 10.0 + 30.0;
    println!(
        "drained in {:.1} s: queued {queued}, taken {} (by key), requests {}, sent {sent}, pending {pending}, dead {dead}",
        drained.as_secs_f64(),
        t.by_key.len(),
        t.requests
    );
    println!(
        "offered twice: {} (the message in flight at the kill: sent, not yet marked; the gateway drops the copy by its key)",
        offered_again.len()
    );
    println!(
        "after the restart: {} more in {after:.1} s, the last of them the dead server's claim, held {hold:.1} s",
        t.by_key.len() - before_kill
    );
    let _ = std::fs::remove_dir_all(&dir);

    let all_taken = t.by_key.len() as i64 == queued && sent == queued && dead == 0;
    let at_most_in_flight = offered_again.iter().all(|(_, n)| **n == 2) && offered_again.len() <= 1;
    let paced = rate_before >= 0.9 * f64::from(b.rate) && rate_before <= 1.05 * f64::from(b.rate);
    Ok(vec![
        Figure::new(
            format!("sms, {queued} queued, kill -9 half-way"),
            format!("{} taken, {sent} marked sent, {dead} dead", t.by_key.len()),
        )
        .goal("every one taken and marked sent", all_taken),
        Figure::new("sms, offered twice", format!("{}", offered_again.len()))
            .goal("only the one in flight at the kill", at_most_in_flight),
        Figure::new("sms, rate before the kill", format!("{rate_before:.0}/s"))
            .against(
                format!("configured {}/s", b.rate),
                rate_before / f64::from(b.rate),
            )
            .goal("0.90–1.05", paced),
    ])
}

fn lock(taken: &Gateway) -> anyhow::Result<std::sync::MutexGuard<'_, Taken>> {
    taken
        .lock()
        .map_err(|_| anyhow::anyhow!("the gateway's counts were poisoned"))
}

/// A gateway on a free loopback port that answers 200 and counts by key.
async fn gateway() -> anyhow::Result<(String, Gateway)> {
    let taken: Gateway = Arc::default();
    let kept = taken.clone();
    let app = axum::Router::new().route(
        "/send",
        axum::routing::post(move |headers: HeaderMap, _body: String| {
            let kept = kept.clone();
            async move {
                let key = headers
                    .get("idempotency-key")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                let Ok(mut t) = kept.lock() else { return };
                let now = Instant::now();
                t.first.get_or_insert(now);
                t.last = Some(now);
                t.requests += 1;
                *t.by_key.entry(key).or_default() += 1;
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/send", listener.local_addr()?);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((url, taken))
}
