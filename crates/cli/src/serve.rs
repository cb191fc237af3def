//! Serving: the application as `web::Application` starts it, until Ctrl-C.

use crate::output::msg;
use anyhow::Context;
use std::net::SocketAddr;
use store::Store;
use web::{Application, Config};

/// Logs as text for a person, or as JSON lines when `CHUANGXIAN_LOG_FORMAT=json`.
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("CHUANGXIAN_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// What `serve` is told besides the database and the address.
pub struct Settings {
    pub secure_cookies: bool,
    /// A read replica for the public pages.
    pub read_db: Option<String>,
    pub utc_offset: time::UtcOffset,
    pub channels: web::ChannelConfig,
}

pub async fn serve(
    db: &str,
    addr: SocketAddr,
    s: Settings,
) -> anyhow::Result<std::process::ExitCode> {
    let store = Store::open(db).await.context("opening the database")?;
    // The replica follows the primary's schema; it is not migrated.
    let reads = match &s.read_db {
        Some(url) => Some(
            Store::connect(url)
                .await
                .context("opening the read replica")?,
        ),
        None => None,
    };
    let config = Config {
        secure_cookies: s.secure_cookies,
        utc_offset: s.utc_offset,
        channels: s.channels,
        ..Config::default()
    };
    run(store, reads, addr, config).await
}

/// Serves `store` (and its read replica) on `addr` until Ctrl-C.
pub async fn run(
    store: Store,
    reads: Option<Store>,
    addr: SocketAddr,
    config: Config,
) -> anyhow::Result<std::process::ExitCode> {
    let mut app = Application::build(store, config, addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    if let Some(reads) = reads {
        app = app.with_reads(reads);
    }
    println!("{}", msg("cli-serving", &[("addr", addr.to_string())]));
    app.run(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(std::process::ExitCode::SUCCESS)
}
