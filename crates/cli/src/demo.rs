//! `chuangxian demo`: a fresh SQLite file, the demo built in it, then served.

use crate::output::msg;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;
use store::Store;
use web::Config;
use web::demo::{DEMO_PASSWORD, build};

pub async fn run(
    addr: SocketAddr,
    file: &Path,
    no_serve: bool,
    utc_offset: time::UtcOffset,
    channels: web::ChannelConfig,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    for suffix in ["", "-wal", "-shm"] {
        let f = format!("{}{suffix}", file.display());
        if Path::new(&f).exists() {
            std::fs::remove_file(&f)?;
        }
    }
    let store = Store::open(&format!("sqlite://{}", file.display())).await?;
    let today = web::http::clock::today(utc_offset);
    let demo = build(&store, today).await?;
    let campaign = web::demo::campaign::campaign(&store, &demo, today, utc_offset).await?;
    let (start, end) = demo.first_phase;
    println!(
        "{}",
        msg(
            "cli-demo-shifted",
            &[
                ("years", demo.shift_years.to_string()),
                ("start", start.to_string()),
                ("end", end.to_string())
            ]
        )
    );
    println!(
        "{}",
        msg(
            "cli-demo-accounts",
            &[("password", DEMO_PASSWORD.to_string())]
        )
    );
    let t = web::http::i18n::Tr {
        i18n: crate::output::i18n(),
        locale: crate::output::locale(),
    };
    for a in demo.accounts.iter().chain(&campaign.accounts) {
        println!(
            "  {}",
            msg(
                "cli-demo-account",
                &[
                    ("role", t.role(&a.role)),
                    ("username", a.username.clone()),
                    ("name", a.name.clone())
                ]
            )
        );
    }
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "demo built"
    );
    if no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", msg("cli-demo-ready", &[("addr", addr.to_string())]));
    crate::serve::run(
        store,
        None,
        addr,
        Config {
            demo_shift_years: Some(demo.shift_years),
            utc_offset,
            channels,
            ..Config::default()
        },
    )
    .await
}
